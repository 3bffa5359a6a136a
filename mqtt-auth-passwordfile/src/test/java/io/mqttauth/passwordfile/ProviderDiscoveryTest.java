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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
                "cache.size", "cache.expiry", "max-pbkdf2-iterations", "max-bcrypt-cost", "max-argon2-memory-kib",
                "max-argon2-passes", "max-argon2-parallelism");
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

    @Test
    void aWorkFactorOverTheDefaultLimitFailsAtStartUpUntilItsKeyRaisesTheLimit() {
        Fixtures.write(dir, "passwd", "# a mistyped count\nalice:$7$21000000$FY6C6ULWoYCnCkP9$"
                + "j7tgd4AtwxExG0ENlCC4d0g0FAY5pUt6nyYmojA2sL1HXSjRQrKCBlOh6jdhYPBC/Eh9gxdEPfavR4xLsZnnbg==\n");
        assertThatThrownBy(() -> factory().create(ProviderContext.of("password-file",
                Map.of("path", "passwd", "reload", "off"), dir)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("passwd:2: ")
                .hasMessageContaining("21000000 is over the limit password-file.max-pbkdf2-iterations = 10000000")
                .hasMessageContaining("raise password-file.max-pbkdf2-iterations");
        try (Provider p = factory().create(ProviderContext.of("password-file",
                Map.of("path", "passwd", "reload", "off", "max-pbkdf2-iterations", "25_000_000"), dir))) {
            assertThat(p.problems()).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"max-pbkdf2-iterations, 0", "max-bcrypt-cost, 32", "max-bcrypt-cost, 3", "max-argon2-memory-kib, 7",
        "max-argon2-memory-kib, 4194305", "max-argon2-passes, 0", "max-argon2-parallelism, 256",
        "max-argon2-parallelism, many"})
    void aLimitOutsideWhatItsFormatAllowsIsAMistakeNamingTheKey(String key, String value) {
        Fixtures.write(dir, "passwd", "");
        assertThatThrownBy(() -> factory().create(ProviderContext.of("password-file",
                Map.of("path", "passwd", "reload", "off", key, value), dir)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("password-file." + key + ": is");
    }
}
