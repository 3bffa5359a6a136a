package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The factory is found by ServiceLoader and fails fast on configuration mistakes, naming the key and the fix. */
class ProviderDiscoveryTest {

    @TempDir
    Path dir;

    private static ProviderFactory factory() {
        return ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("jdbc")).findFirst().orElseThrow();
    }

    private static Map<String, String> valid() {
        Map<String, String> config = new HashMap<>();
        config.put("url", "jdbc:postgresql://127.0.0.1:1/mqtt");
        config.put("authn.query", Fixtures.AUTHN);
        return config;
    }

    private static String problem(Map<String, String> config) {
        try {
            JdbcProviderFactory.settings(ProviderContext.of("jdbc", config, Path.of(".")));
        } catch (ConfigurationException e) {
            return e.getMessage();
        }
        throw new AssertionError("no problem found in " + config);
    }

    @Test
    void foundByServiceLoaderWithTheIssuesKeys() {
        assertThat(factory()).isInstanceOf(JdbcProviderFactory.class);
        assertThat(factory().keys()).contains("url", "user", "password-file", "pool.size", "authn.query",
                "password-hash", "salt-position", "acl.query", "cache.ttl", "cache.negative-ttl", "cache.size",
                "notify-channel", "outage-grace");
    }

    @Test
    void mistakesNameTheKey() {
        assertThat(problem(new HashMap<>())).contains("jdbc.url: is required");
        Map<String, String> noQuery = valid();
        noQuery.remove("authn.query");
        assertThat(problem(noQuery)).contains("jdbc.authn.query: is required (or jdbc.acl.query)");
        Map<String, String> placeholder = valid();
        placeholder.put("authn.query", "SELECT password_hash FROM t WHERE u = ${user}");
        assertThat(problem(placeholder)).contains("jdbc.authn.query: has an unknown placeholder ${user}");
        Map<String, String> hash = valid();
        hash.put("password-hash", "sha3");
        assertThat(problem(hash)).contains("jdbc.password-hash: is \"sha3\"");
        Map<String, String> salt = valid();
        salt.put("salt-position", "middle");
        assertThat(problem(salt)).contains("jdbc.salt-position");
        Map<String, String> channel = valid();
        channel.put("notify-channel", "a; DROP TABLE x");
        assertThat(problem(channel)).contains("jdbc.notify-channel");
        Map<String, String> pool = valid();
        pool.put("pool.size", "0");
        assertThat(problem(pool)).contains("jdbc.pool.size: is 0, out of range");
    }

    @Test
    void everyKeyIsKnown() {
        assertThat(factory().keys()).containsExactlyInAnyOrder("url", "user", "password-file", "pool.size",
                "pool.timeout", "query-timeout", "authn.query", "password-hash", "salt-position", "pbkdf2.mac-fun",
                "pbkdf2.iterations", "pbkdf2.dk-length", "acl.query", "cache.ttl", "cache.negative-ttl", "cache.size",
                "outage-grace", "notify-channel", "recheck-interval", "notify-reconnect");
    }

    @Test
    void moreMistakesNameTheKeyAndTheFix() {
        Map<String, String> url = valid();
        url.put("url", "postgresql://127.0.0.1/mqtt");
        assertThat(problem(url)).contains("jdbc.url: is \"postgresql://127.0.0.1/mqtt\", not a JDBC URL")
                .contains("jdbc:postgresql://HOST:PORT/DATABASE");
        Map<String, String> timeout = valid();
        timeout.put("pool.timeout", "249ms");
        assertThat(problem(timeout)).contains("jdbc.pool.timeout: is 249ms, shorter than the pool's minimum")
                .contains("use 250ms or more");
        Map<String, String> mac = valid();
        mac.put("pbkdf2.mac-fun", "md5");
        assertThat(problem(mac)).contains("jdbc.pbkdf2.mac-fun: is \"md5\"")
                .contains("use sha, sha224, sha256, sha384 or sha512");
        Map<String, String> notPostgres = valid();
        notPostgres.put("url", "jdbc:mysql://127.0.0.1/mqtt");
        notPostgres.put("notify-channel", "mqtt_auth");
        assertThat(problem(notPostgres)).contains("jdbc.notify-channel: needs PostgreSQL's LISTEN/NOTIFY");
        Map<String, String> iterations = valid();
        iterations.put("pbkdf2.iterations", "0");
        assertThat(problem(iterations)).contains("jdbc.pbkdf2.iterations: is 0, out of range");
        Map<String, String> length = valid();
        length.put("pbkdf2.dk-length", "1025");
        assertThat(problem(length)).contains("jdbc.pbkdf2.dk-length: is 1025, out of range");
        Map<String, String> recheck = valid();
        recheck.put("recheck-interval", "99ms");
        assertThat(problem(recheck)).contains("jdbc.recheck-interval: is 99ms, too short a retry interval")
                .contains("use 100ms or more (default 10s)");
        Map<String, String> reconnect = valid();
        reconnect.put("notify-reconnect", "10ms");
        assertThat(problem(reconnect)).contains("jdbc.notify-reconnect: is 10ms, too short a retry interval")
                .contains("use 100ms or more (default 1s)");
    }

    @Test
    void theRetryIntervalsDefaultTo10sAnd1sAndMayBeAsShortAs100ms() {
        JdbcSettings defaults = JdbcProviderFactory.settings(ProviderContext.of("jdbc", valid(), Path.of(".")));
        assertThat(defaults.recheckInterval()).hasSeconds(10);
        assertThat(defaults.reconnectInterval()).hasSeconds(1);
        Map<String, String> config = valid();
        config.put("recheck-interval", "100ms");
        config.put("notify-reconnect", "100ms");
        JdbcSettings shortest = JdbcProviderFactory.settings(ProviderContext.of("jdbc", config, Path.of(".")));
        assertThat(shortest.recheckInterval()).hasMillis(100);
        assertThat(shortest.reconnectInterval()).hasMillis(100);
    }

    @Test
    void anotherDatabaseIsAcceptedIfADriverForItIsOnTheClassPath() throws Exception {
        Map<String, String> config = valid();
        config.put("url", "jdbc:other://127.0.0.1:1/mqtt");
        assertThat(problem(config)).contains("jdbc.url: is \"jdbc:other://127.0.0.1:1/mqtt\", for which no JDBC "
                + "driver is on the class path").contains("add the database's JDBC driver jar");
        Driver other = new OtherDriver();
        DriverManager.registerDriver(other);
        try {
            assertThat(JdbcProviderFactory.settings(ProviderContext.of("jdbc", config, Path.of("."))).url())
                    .isEqualTo("jdbc:other://127.0.0.1:1/mqtt");
        } finally {
            DriverManager.deregisterDriver(other);
        }
    }

    @Test
    void aDatabaseWithoutADriverFailsAtStartUpNamingTheUrl() {
        Map<String, String> config = valid();
        config.put("url", "jdbc:mysql://127.0.0.1:1/mqtt");
        assertThatThrownBy(() -> factory().create(ProviderContext.of("jdbc", config, dir)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("jdbc.url: is \"jdbc:mysql://");
    }

    /** A driver that accepts jdbc:other: URLs and connects to nothing. */
    private static final class OtherDriver implements Driver {
        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            return null;
        }

        @Override
        public boolean acceptsURL(String url) {
            return url.startsWith("jdbc:other:");
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }
    }

    @Test
    void aPasswordFileOfLineBreaksOnlyIsAnEmptyPassword() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("empty"), "\r\n\n");
        Map<String, String> config = valid();
        config.put("password-file", "empty");
        config.put("pool.timeout", "250ms");
        try (var p = factory().create(ProviderContext.of("jdbc", config, dir))) {
            assertThat(p.problems()).extracting(ConfigurationProblem::key).containsExactly("jdbc.url");
        }
    }

    @Test
    void theSmallestPoolTimeoutAndAPlainChannelNameAreAccepted() {
        Map<String, String> config = valid();
        config.put("pool.timeout", "250ms");
        config.put("notify-channel", "_mqtt_auth_2");
        config.put("user", "mqtt");
        JdbcSettings s = JdbcProviderFactory.settings(ProviderContext.of("jdbc", config, Path.of(".")));
        assertThat(s.poolTimeout()).hasMillis(250);
        assertThat(s.notifyChannel()).isEqualTo("_mqtt_auth_2");
        assertThat(s.user()).isEqualTo("mqtt");
        assertThat(s.aclQuery()).isNull();
    }

    @Test
    void aMissingPasswordFileFailsAtStartUp() {
        Map<String, String> config = valid();
        config.put("password-file", "no-such-file");
        assertThatThrownBy(() -> factory().create(ProviderContext.of("jdbc", config, dir)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("jdbc.password-file: cannot be read");
    }

    @Test
    void bothSidesMayBlock() {
        Map<String, String> config = valid();
        config.put("acl.query", Fixtures.ACL);
        config.put("pool.timeout", "250ms");
        try (var p = factory().create(ProviderContext.of("jdbc", config, dir))) {
            assertThat(p.authenticator().orElseThrow().mayBlock()).isTrue();
            assertThat(p.authorizer().orElseThrow().mayBlock()).isTrue();
        }
    }
}
