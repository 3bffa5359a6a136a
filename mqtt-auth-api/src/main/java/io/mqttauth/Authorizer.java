package io.mqttauth;

/**
 * Decides whether an authenticated identity may publish, subscribe or receive. Run by {@link MqttAuth} in chain order.
 *
 * <p>Contract: thread-safe; fast and lock-free (it runs for every message); never throws, including on invalid
 * topics, which are {@link FailureReason#INVALID_TOPIC} denials.
 */
@FunctionalInterface
public interface Authorizer {

    /** Decides one action of one identity. */
    AuthorizationResult authorize(Identity identity, Action action);
}
