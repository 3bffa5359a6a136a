package io.mqttauth;

/**
 * Decides whether a connecting client is who it claims to be. Implementations are provided by providers (see
 * {@link io.mqttauth.spi.ProviderFactory}) and run by {@link MqttAuth} in chain order.
 *
 * <p>Contract: thread-safe; never blocks on I/O (fetch keys and read files off the decision path); never throws on
 * any input, however malformed (a malformed input is a {@link AuthenticationResult.Refusal}); never puts a secret in a
 * result's detail.
 */
@FunctionalInterface
public interface Authenticator {

    /** Decides one connect request. */
    AuthenticationResult authenticate(ConnectRequest request);
}
