package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider discovery through {@link java.util.ServiceLoader}, with the sample providers of the test sources
 * ({@code META-INF/services/io.mqttauth.spi.ProviderFactory}): {@code sample}, two named {@code twin}, {@code failing}
 * (throws on create) and one that cannot be instantiated at all.
 */
class ProviderDiscoveryTest {

    @TempDir
    Path dir;

    private Path config(String text) throws IOException {
        Files.writeString(dir.resolve("users.txt"), "alice\nbob\n");
        return Files.writeString(dir.resolve("mqtt-auth.properties"), text);
    }

    private ConfigurationException failure(String text) throws IOException {
        Path file = config(text);
        return catchConfigurationException(file);
    }

    private static ConfigurationException catchConfigurationException(Path file) {
        try (MqttAuth auth = MqttAuth.fromFile(file)) {
            throw new AssertionError("expected a configuration error, got " + auth.authenticatorNames());
        } catch (ConfigurationException e) {
            return e;
        }
    }

    @Test
    void aWorkingProviderIsFoundDespiteABrokenOne() throws IOException {
        try (MqttAuth auth = MqttAuth.fromFile(config("authenticators = sample\nauthorizers = sample\n"
                + "sample.path = users.txt\n"))) {
            Decision d = auth.authenticate(ConnectRequest.builder("c1").username("alice").password("pw").build());
            assertThat(d.isAllowed()).isTrue();
            assertThat(d.provider()).isEqualTo("sample");
            assertThat(d.identity().orElseThrow().provider()).isEqualTo("sample");
            assertThat(auth.authorize(d.identity().orElseThrow(), Action.publish("alice/x")).isAllowed()).isTrue();
        }
    }

    @Test
    void missingProviderOfOursNamesItsJarAndTheAvailableProvidersAndTheBrokenOne() throws IOException {
        ConfigurationException e = failure("authenticators = password-file\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("password-file");
            assertThat(p.message()).contains("no provider named \"password-file\"");
            assertThat(p.fix()).contains("io.mqttauth:mqtt-auth-passwordfile")
                    .contains("available providers: failing, sample, twin")
                    .contains("failed to load").contains("BrokenFactory");
        });
    }

    @Test
    void missingThirdPartyProviderSuggestsItsJarOrASpellingMistake() throws IOException {
        ConfigurationException e = failure("authenticators = sampel\n");
        assertThat(e.getMessage()).contains("no provider named \"sampel\"")
                .contains("the jar that provides it").contains("check the spelling").contains("sample");
    }

    @Test
    void twoProvidersWithOneNameAreBothListed() throws IOException {
        ConfigurationException e = failure("authenticators = twin\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("twin");
            assertThat(p.message()).contains("several providers are named \"twin\"")
                    .contains("io.mqttauth.sample.TwinOneFactory").contains("io.mqttauth.sample.TwinTwoFactory");
            assertThat(p.fix()).contains("keep only one");
        });
    }

    @Test
    void aProviderThatFailsToStartIsReportedByName() throws IOException {
        ConfigurationException e = failure("authenticators = failing\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("failing");
            assertThat(p.message()).contains("failed to start").contains("IllegalStateException");
        });
    }

    @Test
    void unknownProviderKeyListsTheProvidersKeys() throws IOException {
        ConfigurationException e = failure("authenticators = sample\nsample.path = users.txt\nsample.colour = red\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("sample.colour");
            assertThat(p.message()).isEqualTo("unknown key");
            assertThat(p.fix()).isEqualTo("known keys: sample.authorize, sample.path, sample.reload, sample.role");
        });
    }

    @Test
    void providerKeyForAProviderNotListed() throws IOException {
        ConfigurationException e = failure("authenticators = sample\nsample.path = users.txt\n"
                + "password-file.path = passwd\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("password-file.path");
            assertThat(p.message()).contains("not listed in authenticators or authorizers");
            assertThat(p.fix()).contains("add password-file to authenticators or authorizers");
        });
    }

    @Test
    void aProviderThatDoesNotAuthorizeCannotBeAnAuthorizer() throws IOException {
        ConfigurationException e = failure("authenticators = sample\nauthorizers = sample\n"
                + "sample.path = users.txt\nsample.authorize = false\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("authorizers");
            assertThat(p.message()).isEqualTo("provider \"sample\" does not authorize");
            assertThat(p.fix()).isEqualTo("remove it from authorizers");
        });
    }

    @Test
    void providersKeyErrorsFromCreateNameTheFullKey() throws IOException {
        ConfigurationException e = failure("authenticators = sample\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("sample.path");
            assertThat(p.message()).isEqualTo("is required");
        });
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        ConfigurationException e = failure("authenticators = sample, twin, nope\nsample.path = users.txt\n"
                + "anonymous = maybe\nfrobnicate = 1\n");
        assertThat(e.problems()).extracting(ConfigurationProblem::key)
                .containsExactlyInAnyOrder("anonymous", "frobnicate", "twin", "nope");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(dir.resolve("mqtt-auth.properties")));
        assertThat(e.getMessage()).startsWith("4 configuration problems:");
    }

    @Test
    void programmaticProvidersUseTheSameDiscovery() throws IOException {
        Files.writeString(dir.resolve("users.txt"), "carol\n");
        try (MqttAuth auth = MqttAuth.builder()
                .authenticatorProvider("sample", java.util.Map.of("path", dir.resolve("users.txt").toString()))
                .build()) {
            assertThat(auth.authenticate(ConnectRequest.builder("c").username("carol").build()).isAllowed()).isTrue();
        }
        assertThatThrownBy(() -> MqttAuth.builder().authenticatorProvider("twin", java.util.Map.of()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("several providers");
    }
}
