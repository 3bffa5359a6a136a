package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.ConfigurationException;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
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
