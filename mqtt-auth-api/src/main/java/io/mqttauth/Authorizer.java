package io.mqttauth;

import java.util.Optional;

/**
 * Decides whether an authenticated identity may publish, subscribe or receive. Run by {@link MqttAuth} in chain order.
 *
 * <p>Contract: thread-safe; fast and lock-free (it runs for every message), unless it says with {@link #mayBlock()}
 * that it may wait; never throws, including on invalid topics, which are {@link FailureReason#INVALID_TOPIC} denials.
 */
@FunctionalInterface
public interface Authorizer {

    /** Decides one action of one identity. */
    AuthorizationResult authorize(Identity identity, Action action);

    /**
     * Whether {@link #authorize} may wait, for example for rules loaded from a database on a cache miss. Brokers then
     * call it off their I/O threads, through {@link MqttAuth#authorizeAsync}. Default {@code false}: authorizers that
     * answer from memory keep it.
     */
    default boolean mayBlock() {
        return false;
    }

    /**
     * The decision {@link #authorize} would give, if it can be made now without waiting (from memory, such as rules
     * cached from a database); empty when deciding would wait. {@link MqttAuth#authorizeAsync} asks this first on the
     * broker's thread, so that a cache hit needs no thread hop. By default, an authorizer that may block says empty
     * and one that does not decides.
     */
    default Optional<AuthorizationResult> authorizeWithoutBlocking(Identity identity, Action action) {
        return mayBlock() ? Optional.empty() : Optional.of(authorize(identity, action));
    }
}
