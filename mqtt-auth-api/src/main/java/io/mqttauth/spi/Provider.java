package io.mqttauth.spi;

import io.mqttauth.Authenticator;
import io.mqttauth.Authorizer;
import io.mqttauth.ConfigurationProblem;
import java.util.List;
import java.util.Optional;

/**
 * A configured provider: an {@link Authenticator}, an {@link Authorizer}, or both, with the life cycle of the files
 * behind them.
 */
public interface Provider extends AutoCloseable {

    /** The authenticator, if this provider authenticates. */
    default Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    /** The authorizer, if this provider authorizes. */
    default Optional<Authorizer> authorizer() {
        return Optional.empty();
    }

    /**
     * Re-reads the provider's files now, off the caller's decision path. A broken file keeps the last good
     * configuration in force; the problems are returned and remain visible through {@link #problems()}.
     *
     * @return the problems of this reload; empty if it succeeded
     */
    default List<ConfigurationProblem> reload() {
        return List.of();
    }

    /** The problems of the last failed reload, until a reload succeeds; empty when all is well. */
    default List<ConfigurationProblem> problems() {
        return List.of();
    }

    /**
     * Forgets what the provider cached about one user (a row read from a database, a verified password), so that the
     * next decision reads the source again; see {@link io.mqttauth.MqttAuth#invalidate(String)}. By default nothing,
     * for providers that cache nothing per user.
     */
    default void invalidate(String username) {
    }

    /** Stops watching files and releases resources. */
    @Override
    default void close() {
    }
}
