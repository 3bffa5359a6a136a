package io.mqttauth.jdbc;

import jakarta.annotation.Nullable;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code jdbc.*} keys, parsed and checked (see {@link JdbcProviderFactory}). Holds no password: the password file is
 * read once when the pool is built.
 *
 * @param url {@code jdbc.url}
 * @param user {@code jdbc.user}, or {@code null}
 * @param poolSize {@code jdbc.pool.size}
 * @param poolTimeout {@code jdbc.pool.timeout}: the longest wait for a connection
 * @param queryTimeout {@code jdbc.query-timeout}: the longest wait for a query's answer
 * @param authnQuery {@code jdbc.authn.query}, or {@code null}
 * @param aclQuery {@code jdbc.acl.query}, or {@code null}
 * @param passwords how stored hashes are checked
 * @param ttl {@code jdbc.cache.ttl}
 * @param negativeTtl {@code jdbc.cache.negative-ttl}
 * @param cacheSize {@code jdbc.cache.size}
 * @param outageGrace {@code jdbc.outage-grace}
 * @param notifyChannel {@code jdbc.notify-channel}, or {@code null}
 * @param recheckInterval {@code jdbc.recheck-interval}: how often the database is checked again while a problem stands
 * @param reconnectInterval {@code jdbc.notify-reconnect}: how often a lost listening connection is tried again
 */
record JdbcSettings(String url, @Nullable String user, int poolSize, Duration poolTimeout, Duration queryTimeout,
        @Nullable SqlTemplate authnQuery, @Nullable SqlTemplate aclQuery, PasswordCheck passwords, Duration ttl,
        Duration negativeTtl, long cacheSize, Duration outageGrace, @Nullable String notifyChannel,
        Duration recheckInterval, Duration reconnectInterval) {

    /** Checks for nulls. */
    JdbcSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(passwords, "passwords");
        Objects.requireNonNull(recheckInterval, "recheckInterval");
        Objects.requireNonNull(reconnectInterval, "reconnectInterval");
    }
}
