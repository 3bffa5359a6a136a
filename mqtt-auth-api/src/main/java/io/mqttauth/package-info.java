/**
 * The public API of mqtt-auth: requests, identities, actions, results, decisions and the {@link io.mqttauth.MqttAuth}
 * engine that runs the authentication and authorization chains.
 *
 * <p>Nullability: every parameter and return value is non-null unless it is marked {@code @Nullable}.
 */
package io.mqttauth;
