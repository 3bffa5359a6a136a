package io.mqttauth.passwordfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.ConfigurationException;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The factory is found by ServiceLoader and fails fast on configuration mistakes, naming the key; its authenticator
 * may block.
 */
class ProviderDiscoveryTest {

    @TempDir
    Path dir;

    private static ProviderFactory factory() {
        return ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("password-file")).findFirst().orElseThrow();
    }

    @Test
    void foundByServiceLoaderWithItsKeys() {
        assertThat(factory()).isInstanceOf(PasswordFileProviderFactory.class);
        assertThat(factory().keys()).containsExactlyInAnyOrder("path", "reload", "allow-plaintext", "cache",
                "cache.size", "cache.expiry");
    }

    @Test
    void theAuthenticatorMayBlockBecauseItHashes() {
        Fixtures.write(dir, "passwd", "");
        try (Provider p = factory().create(ProviderContext.of("password-file",
                Map.of("path", "passwd", "reload", "off"), dir))) {
            assertThat(p.authenticator().orElseThrow().mayBlock()).isTrue();
        }
    }

    @Test
    void pathIsRequired() {
        assertThatThrownBy(() -> factory().create(ProviderContext.of("password-file", Map.of(), dir)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("password-file.path: is required");
    }

    @Test
    void missingFileFailsAtStartUp() {
        assertThatThrownBy(() -> factory().create(ProviderContext.of("password-file", Map.of("path", "nope"), dir)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("file not found");
    }

    @Test
    void brokenFileFailsAtStartUpWithLine() {
        Fixtures.write(dir, "passwd", "alice:plain\n");
        assertThatThrownBy(() -> factory().create(ProviderContext.of("password-file",
                Map.of("path", "passwd", "reload", "off"), dir)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("passwd:1: ")
                .hasMessageContaining("password-file.allow-plaintext = true");
    }

    @Test
    void cacheSettingsWithoutTheCacheAreAMistake() {
        Fixtures.write(dir, "passwd", "");
        assertThatThrownBy(() -> factory().create(ProviderContext.of("password-file",
                Map.of("path", "passwd", "reload", "off", "cache.size", "5"), dir)))
                .hasMessageContaining("password-file.cache.size: is set but the cache is off");
        assertThatThrownBy(() -> factory().create(ProviderContext.of("password-file",
                Map.of("path", "passwd", "reload", "sometimes"), dir)))
                .hasMessageContaining("password-file.reload");
    }
}
