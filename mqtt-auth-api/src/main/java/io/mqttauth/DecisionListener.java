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
}
