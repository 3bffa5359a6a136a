package io.mqttauth;

import java.util.Optional;

/**
 * Decides whether a connecting client is who it claims to be. Implementations are provided by providers (see
 * {@link io.mqttauth.spi.ProviderFactory}) and run by {@link MqttAuth} in chain order.
 *
 * <p>Contract: thread-safe; an authenticator that may block (hash a password, wait on a network or a database) says
 * so with {@link #mayBlock()}, and one that does not never waits (it fetches keys and reads files off the decision
 * path); never throws on any input, however malformed (a malformed input is a {@link AuthenticationResult.Refusal});
 * never puts a secret in a result's detail.
 */
@FunctionalInterface
public interface Authenticator {

    /** Decides one connect request. */
    AuthenticationResult authenticate(ConnectRequest request);

    /**
     * Whether {@link #authenticate} may take long: hashing a password costs 0.1 to 300 ms, and waiting on a network or
     * a database longer still. Brokers then call it off their I/O threads, through
     * {@link MqttAuth#authenticateAsync}. Default {@code true}, because a connect decision usually hashes; an
     * authenticator that answers from memory in microseconds returns {@code false}.
     */
    default boolean mayBlock() {
        return true;
    }

    /**
     * Whether this authenticator reads a secret from the user name, such as a token sent as the user name (the JWT
     * provider with {@code jwt.token-from = username}). Then the engine never shows or keeps a user name in clear, as
     * it might be a secret: the unauthorized-clients log, the {@link ConnectAttempt}s given to listeners and logged,
     * and every detail of a connect decision show {@link ConnectAttempt#HIDDEN_USERNAME} instead. Default
     * {@code false}.
     */
    default boolean secretInUsername() {
        return false;
    }

    /**
     * The decision {@link #authenticate} would give, if it can be made now without waiting: from memory, such as a
     * cached database row whose password check is cheap or was cached; empty when deciding would wait (a database
     * query, a slow hash). {@link MqttAuth#authenticateAsync} asks this first on the broker's thread, so that a cache
     * hit needs no thread hop. By default, an authenticator that may block says empty and one that does not decides.
     */
    default Optional<AuthenticationResult> authenticateWithoutBlocking(ConnectRequest request) {
        return mayBlock() ? Optional.empty() : Optional.of(authenticate(request));
    }
}
