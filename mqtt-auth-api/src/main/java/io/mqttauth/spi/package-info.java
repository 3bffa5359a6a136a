/**
 * The service provider interface: how a provider module (password file, ACL, X.509, JWT, or a third party's) plugs
 * into {@link io.mqttauth.MqttAuth}. Broker authors do not need this package.
 *
 * <p>A provider module declares a {@link io.mqttauth.spi.ProviderFactory} in {@code META-INF/services} and in its
 * {@code module-info} ({@code provides io.mqttauth.spi.ProviderFactory with ...}).
 *
 * <p>Nullability: every parameter and return value is non-null unless it is marked {@code @Nullable}.
 */
package io.mqttauth.spi;
