/**
 * Optional Micrometer metrics for mqtt-auth: {@link io.mqttauth.micrometer.MqttAuthMetrics} counts and times the
 * engine's decisions (see {@code docs/metrics.md}).
 */
module io.mqttauth.micrometer {
    requires io.mqttauth.api;
    requires static jakarta.annotation;
    requires transitive micrometer.core;

    exports io.mqttauth.micrometer;
}
