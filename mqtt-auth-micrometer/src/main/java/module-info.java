/**
 * Optional Micrometer metrics for mqtt-auth: {@link io.mqttauth.micrometer.MqttAuthMetrics} counts and times the
 * engine's decisions (see {@code docs/metrics.md}).
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Micrometer's jars name their module only in the manifest
module io.mqttauth.micrometer {
    requires transitive io.mqttauth.api;
    requires static jakarta.annotation;
    requires transitive micrometer.core;

    exports io.mqttauth.micrometer;
}
