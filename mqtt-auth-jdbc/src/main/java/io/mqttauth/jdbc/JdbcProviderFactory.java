package io.mqttauth.jdbc;

import io.mqttauth.ConfigurationException;
import io.mqttauth.jdbc.SaltedDigests.SaltPosition;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

/**
 * Builds the {@code jdbc} provider. Keys (prefixed {@code jdbc.}): {@code url} (required), {@code user},
 * {@code password-file} (the database password, in a file of its own), {@code pool.size} (default 8),
 * {@code pool.timeout} (the longest wait for a connection, default 1s), {@code query-timeout} (default 2s),
 * {@code authn.query}, {@code password-hash} ({@value PasswordCheck#NAMES}; default auto), {@code salt-position}
 * (prefix, suffix or disable; default prefix, as EMQX), {@code pbkdf2.mac-fun} (default sha256),
 * {@code pbkdf2.iterations} (default 4096), {@code pbkdf2.dk-length} (default the MAC's length), {@code acl.query},
 * {@code cache.ttl} (default 5m), {@code cache.negative-ttl} (default 30s), {@code cache.size} (default 100000),
 * {@code outage-grace} (default 5m), {@code notify-channel} (PostgreSQL LISTEN/NOTIFY; default none),
 * {@code recheck-interval} (how often the database is checked again while a problem stands; default 10s),
 * {@code notify-reconnect} (how often a lost listening connection is tried again; default 1s). At least one of the
 * two queries is required. See docs/jdbc.md.
 */
public final class JdbcProviderFactory implements ProviderFactory {

    /** The provider's name. */
    public static final String NAME = "jdbc";

    /** The shortest {@code recheck-interval} and {@code notify-reconnect}. */
    private static final long MIN_INTERVAL_MILLIS = 100;

    /** Creates the factory (ServiceLoader calls this). */
    public JdbcProviderFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> keys() {
        return Set.of("url", "user", "password-file", "pool.size", "pool.timeout", "query-timeout", "authn.query",
                "password-hash", "salt-position", "pbkdf2.mac-fun", "pbkdf2.iterations", "pbkdf2.dk-length",
                "acl.query", "cache.ttl", "cache.negative-ttl", "cache.size", "outage-grace", "notify-channel",
                "recheck-interval", "notify-reconnect");
    }

    @Override
    public Provider create(ProviderContext context) {
        JdbcSettings settings = settings(context);
        String password = context.path("password-file").map(p -> readPassword(context, p)).orElse(null);
        return new JdbcProvider(settings, password, context);
    }

    /** Parses and checks the keys; fails fast naming the key and the fix. */
    static JdbcSettings settings(ProviderContext context) {
        String url = context.require("url", "set " + context.fullKey("url")
                + " to the database, e.g. jdbc:postgresql://127.0.0.1:5432/mqtt");
        if (!url.startsWith("jdbc:")) {
            throw ConfigurationException.ofKey(context.fullKey("url"), "is \"" + url + "\", not a JDBC URL",
                    "write jdbc:postgresql://HOST:PORT/DATABASE");
        }
        String user = context.get("user").orElse(null);
        int poolSize = (int) context.integer("pool.size", 8, 1, 1_000);
        Duration poolTimeout = context.duration("pool.timeout", Duration.ofSeconds(1));
        if (poolTimeout.toMillis() < 250) {
            throw ConfigurationException.ofKey(context.fullKey("pool.timeout"), "is " + poolTimeout.toMillis()
                    + "ms, shorter than the pool's minimum", "use 250ms or more");
        }
        Duration queryTimeout = context.duration("query-timeout", Duration.ofSeconds(2));
        SqlTemplate authn = context.get("authn.query").map(q -> SqlTemplate.parse(context.fullKey("authn.query"), q))
                .orElse(null);
        SqlTemplate acl = context.get("acl.query").map(q -> SqlTemplate.parse(context.fullKey("acl.query"), q))
                .orElse(null);
        if (authn == null && acl == null) {
            throw ConfigurationException.ofKey(context.fullKey("authn.query"), "is required (or "
                    + context.fullKey("acl.query") + ")", "set the query that reads a user, e.g. SELECT "
                    + "password_hash, salt, is_superuser FROM mqtt_user WHERE username = ${username} LIMIT 1");
        }
        String mode = context.get("password-hash").orElse("auto");
        if (!PasswordCheck.isMode(mode)) {
            throw ConfigurationException.ofKey(context.fullKey("password-hash"), "is \"" + mode
                    + "\", not a known hash", "use " + PasswordCheck.NAMES);
        }
        String position = context.get("salt-position").orElse("prefix");
        SaltPosition saltPosition = SaltPosition.fromName(position).orElseThrow(() -> ConfigurationException.ofKey(
                context.fullKey("salt-position"), "is \"" + position + "\"", "use prefix, suffix or disable"));
        String mac = context.get("pbkdf2.mac-fun").orElse("sha256");
        if (!PasswordCheck.isMac(mac)) {
            throw ConfigurationException.ofKey(context.fullKey("pbkdf2.mac-fun"), "is \"" + mac + "\"",
                    "use sha, sha224, sha256, sha384 or sha512");
        }
        int iterations = (int) context.integer("pbkdf2.iterations", 4096, 1, 10_000_000);
        int length = (int) context.integer("pbkdf2.dk-length", 0, 0, 1_024);
        Duration ttl = context.duration("cache.ttl", Duration.ofMinutes(5));
        Duration negativeTtl = context.duration("cache.negative-ttl", Duration.ofSeconds(30));
        long cacheSize = context.integer("cache.size", 100_000, 1, 1_000_000_000);
        Duration grace = context.duration("outage-grace", Duration.ofMinutes(5));
        String channel = context.get("notify-channel").orElse(null);
        if (channel != null && !channel.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw ConfigurationException.ofKey(context.fullKey("notify-channel"), "is \"" + channel
                    + "\", not a plain SQL identifier", "use letters, digits and _, such as mqtt_auth");
        }
        if (channel != null && !url.startsWith("jdbc:postgresql:")) {
            throw ConfigurationException.ofKey(context.fullKey("notify-channel"), "needs PostgreSQL's LISTEN/NOTIFY",
                    "remove it for this database; changes then reach nodes within " + context.fullKey("cache.ttl"));
        }
        Duration recheck = atLeast(context, "recheck-interval", Duration.ofSeconds(10));
        Duration reconnect = atLeast(context, "notify-reconnect", Duration.ofSeconds(1));
        // Checked last, so that mistakes in the other keys are reported without a driver.
        if (!url.startsWith("jdbc:postgresql:") && !hasDriver(url)) {
            throw ConfigurationException.ofKey(context.fullKey("url"), "is \"" + url + "\", for which no JDBC driver "
                    + "is on the class path (this module ships PostgreSQL's)", "add the database's JDBC driver jar "
                    + "next to mqtt-auth-jdbc, or use jdbc:postgresql://HOST:PORT/DATABASE");
        }
        return new JdbcSettings(url, user, poolSize, poolTimeout, queryTimeout, authn, acl,
                new PasswordCheck(mode, saltPosition, mac, iterations, length), ttl, negativeTtl, cacheSize, grace,
                channel, recheck, reconnect);
    }

    /** A retry interval: at least {@value #MIN_INTERVAL_MILLIS} ms, so that a mistyped unit cannot spin a thread. */
    private static Duration atLeast(ProviderContext context, String key, Duration defaultValue) {
        Duration d = context.duration(key, defaultValue);
        if (d.toMillis() < MIN_INTERVAL_MILLIS) {
            throw ConfigurationException.ofKey(context.fullKey(key), "is " + d.toMillis() + "ms, too short a retry "
                    + "interval", "use " + MIN_INTERVAL_MILLIS + "ms or more (default " + defaultValue.toSeconds()
                    + "s)");
        }
        return d;
    }

    /** Whether a driver registered with {@link DriverManager} accepts {@code url}. */
    private static boolean hasDriver(String url) {
        try {
            DriverManager.getDriver(url);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static @Nullable String readPassword(ProviderContext context, Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            return text.substring(0, end);
        } catch (IOException e) {
            throw ConfigurationException.ofKey(context.fullKey("password-file"), "cannot be read: "
                    + e.getClass().getSimpleName() + " on " + file, "check the path and the file's permissions");
        }
    }
}
