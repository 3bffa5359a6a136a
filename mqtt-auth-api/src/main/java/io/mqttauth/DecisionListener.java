package io.mqttauth;

/**
 * Told of every decision, to forward it to a broker's log or metrics. Called on the deciding thread (for
 * {@code authenticateAsync} and {@code authorizeAsync}, the executor's when the providers ran there): keep it fast and
 * never block. Exceptions thrown by a listener are logged and otherwise ignored.
 *
 * <p>A listener never sees a secret: a connect is given as a {@link ConnectAttempt}, without the password, the
 * authentication data, or a user name that carries a secret.
 */
public interface DecisionListener {

    /** A connect was decided. */
    default void connectDecided(ConnectAttempt attempt, Decision decision) {
    }

    /** A publish, subscribe or delivery was decided. */
    default void actionDecided(Identity identity, Action action, Decision decision) {
    }

    /**
     * The authenticator named {@code provider} answered a connect, or failed, after {@code nanos} nanoseconds
     * ({@link System#nanoTime}); told before the connect's decision, once for each authenticator the chain asked.
     */
    default void authenticatorTimed(String provider, long nanos) {
    }

    /**
     * The authorizer named {@code provider} answered an action, or failed, after {@code nanos} nanoseconds; told before
     * the action's decision, once for each authorizer the chain asked (none for a decision the engine made without
     * them: a superuser, the identity's own permissions, a cached decision).
     */
    default void authorizerTimed(String provider, long nanos) {
    }
}
