/**
 * Micrometer metrics for an {@link io.mqttauth.MqttAuth} engine: {@link io.mqttauth.micrometer.MqttAuthMetrics}.
 *
 * <p>Nullability: every parameter and return value is non-null unless it is marked {@code @Nullable}.
 */
package io.mqttauth.micrometer;
