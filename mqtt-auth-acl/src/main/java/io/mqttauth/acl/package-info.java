/**
 * The {@code acl} provider. Only {@link io.mqttauth.acl.AclProviderFactory} is public; everything else is an
 * implementation detail reached through {@link io.mqttauth.MqttAuth} or the factory.
 *
 * <p>Nullability: every parameter and return value is non-null unless it is marked {@code @Nullable}.
 */
package io.mqttauth.acl;
