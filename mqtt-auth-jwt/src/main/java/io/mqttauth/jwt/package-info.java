/**
 * The {@code jwt} provider (see {@code docs/jwt.md}). Only {@link io.mqttauth.jwt.JwtProviderFactory} is public; the
 * authenticator and authorizer are reached through {@link io.mqttauth.MqttAuth} or the factory.
 *
 * <p>Nullability: every parameter and return value is non-null unless it is marked {@code @Nullable}.
 */
package io.mqttauth.jwt;
