package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.sample.CloseFailingProviderFactory;
import io.mqttauth.sample.RecordingProviderFactory;
import io.mqttauth.sample.ReloadFailingProviderFactory;
import io.mqttauth.spi.ProviderFactory;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine passes its life cycle on to every provider it found through {@link java.util.ServiceLoader}:
 * {@link MqttAuth#reload()} reloads each (returning their problems), {@link MqttAuth#problems()} reports what is still
 * wrong, and {@link MqttAuth#close()} closes each, even after one failed to close.
 */
class EngineProviderLifecycleTest {

    @TempDir
    Path dir;

    private ClassLoader loader;

    /** A class loader that also finds the three test providers not listed in the test sources' services file. */
    @BeforeEach
    void listTestProviders() throws IOException {
        RecordingProviderFactory.reset();
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(ProviderFactory.class.getName()),
                RecordingProviderFactory.class.getName() + "\n" + CloseFailingProviderFactory.class.getName() + "\n"
                        + ReloadFailingProviderFactory.class.getName() + "\n");
        loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void reloadReloadsEveryDiscoveredProviderAndReturnsTheirProblems() {
        try (MqttAuth auth = MqttAuth.builder().classLoader(loader)
                .authenticatorProvider("recording", Map.of("problem", "the file is broken")).build()) {
            assertThat(auth.problems()).isEmpty();
            assertThat(auth.reload()).singleElement()
                    .satisfies(p -> assertThat(p.message()).isEqualTo("the file is broken"));
            assertThat(RecordingProviderFactory.RELOADS).hasValue(1);
            assertThat(auth.problems()).singleElement()
                    .satisfies(p -> assertThat(p.key()).isEqualTo("recording.problem"));
        }
    }

    @Test
    void aProviderThatFailsToReloadBecomesAProblemAndTheNextOneIsStillReloaded() {
        try (MqttAuth auth = MqttAuth.builder().classLoader(loader)
                .authenticatorProvider("reload-failing", Map.of())
                .authenticatorProvider("recording", Map.of("problem", "the file is broken")).build()) {
            assertThat(auth.reload()).extracting(ConfigurationProblem::message).containsExactly(
                    "provider reload-failing failed while reloading: java.lang.IllegalStateException",
                    "the file is broken");
            assertThat(RecordingProviderFactory.RELOADS).hasValue(1);
            assertThat(auth.problems()).extracting(ConfigurationProblem::message).containsExactly(
                    "provider reload-failing failed while listing its problems: java.lang.IllegalStateException",
                    "the file is broken");
            assertThat(auth.reload()).allSatisfy(p -> assertThat(p.toString())
                    .doesNotContain(ReloadFailingProviderFactory.MESSAGE));
        }
    }

    @Test
    void reloadProblemsNamesEachProviderWithItsOwnProblems() {
        try (MqttAuth auth = MqttAuth.builder().classLoader(loader)
                .authenticatorProvider("recording", Map.of("problem", "the file is broken"))
                .authenticatorProvider("close-failing", Map.of()).build()) {
            assertThat(auth.reloadProblems()).containsOnlyKeys("recording", "close-failing")
                    .allSatisfy((name, problems) -> assertThat(problems).isEmpty());
            auth.reload();
            assertThat(auth.reloadProblems().get("recording")).singleElement()
                    .satisfies(p -> assertThat(p.message()).isEqualTo("the file is broken"));
            assertThat(auth.reloadProblems().get("close-failing")).isEmpty();
        }
    }

    @Test
    void closeClosesEveryDiscoveredProviderOnce() {
        MqttAuth auth = MqttAuth.builder().classLoader(loader).authenticatorProvider("recording", Map.of()).build();
        assertThat(RecordingProviderFactory.CLOSES).hasValue(0);
        auth.close();
        assertThat(RecordingProviderFactory.CLOSES).hasValue(1);
    }

    @Test
    void aProviderThatFailsToCloseDoesNotKeepTheNextOneOpen() {
        MqttAuth auth = MqttAuth.builder().classLoader(loader)
                .authenticatorProvider("close-failing", Map.of())
                .authenticatorProvider("recording", Map.of()).build();
        assertThat(auth.authenticatorNames()).containsExactly("close-failing", "recording");
        auth.close();
        assertThat(RecordingProviderFactory.CLOSES).hasValue(1);
    }

    @Test
    void aConfigurationErrorClosesTheProvidersAlreadyCreated() {
        MqttAuth.Builder builder = MqttAuth.builder().classLoader(loader).authorizerProvider("recording", Map.of());
        assertThatThrownBy(builder::build).isInstanceOfSatisfying(ConfigurationException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.key()).isEqualTo("authorizers");
                    assertThat(p.message()).isEqualTo("provider \"recording\" does not authorize");
                    assertThat(p.fix()).isEqualTo("remove it from authorizers and list it in authenticators");
                }));
        assertThat(RecordingProviderFactory.CLOSES).hasValue(1);
    }

    @Test
    void aProviderListedAsBothIsNotToldToListItAgain() {
        MqttAuth.Builder builder = MqttAuth.builder().classLoader(loader)
                .authenticatorProvider("recording", Map.of()).authorizerProvider("recording", Map.of());
        assertThatThrownBy(builder::build).isInstanceOfSatisfying(ConfigurationException.class,
                e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p.fix()).isEqualTo("remove it from authorizers")));
    }
}
