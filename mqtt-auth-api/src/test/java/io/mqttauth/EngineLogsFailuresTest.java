package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.internal.Configuration;
import io.mqttauth.sample.CloseFailingProviderFactory;
import io.mqttauth.spi.ProviderFactory;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine leaves in the log when something fails outside a decision's own explanation: a provider that
 * throws or will not start (with its stack trace, without its message), a listener that throws, a provider that fails
 * to close, and every refused connect at debug level.
 */
class EngineLogsFailuresTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final List<Logger> loggers = List.of(Logger.getLogger(MqttAuth.class.getName()),
            Logger.getLogger(Configuration.class.getName()));
    private final List<Level> levels = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        for (Logger l : loggers) {
            levels.add(l.getLevel());
            l.setLevel(Level.ALL);
            l.addHandler(handler);
        }
    }

    @AfterEach
    void release() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).removeHandler(handler);
            loggers.get(i).setLevel(levels.get(i));
        }
    }

    private LogRecord only(Level level, String messageStart) {
        List<LogRecord> found = records.stream()
                .filter(r -> r.getLevel().equals(level) && r.getMessage().startsWith(messageStart)).toList();
        assertThat(found).as("%s %s in %s", level, messageStart, records).hasSize(1);
        return found.get(0);
    }

    private static void assertWithheld(LogRecord r, Class<?> thrown) {
        assertThat(r.getThrown()).isNotNull();
        assertThat(r.getThrown().getMessage())
                .isEqualTo(thrown.getName() + " (message withheld: it may quote a secret)");
    }

    @Test
    void aFailingAuthenticatorIsLoggedAsAnErrorWithoutItsMessage() {
        MqttAuth.builder().authenticator("buggy", r -> {
            throw new IllegalStateException("secret");
        }).build().authenticate(ConnectRequest.builder("c1").username("u").build());
        assertWithheld(only(Level.SEVERE, "buggy failed on "), IllegalStateException.class);
    }

    @Test
    void aFailingAuthorizerIsLoggedAsAnErrorWithoutItsMessage() {
        MqttAuth.builder().authorizer("boom", (i, a) -> {
            throw new IllegalArgumentException("secret");
        }).build().authorize(Identity.builder("alice", "c1").build(), Action.publish("t"));
        assertWithheld(only(Level.SEVERE, "boom failed on PUBLISH t"), IllegalArgumentException.class);
    }

    @Test
    void aFailingListenerIsLoggedAsAWarning() {
        MqttAuth auth = MqttAuth.builder().listener(new DecisionListener() {
            @Override
            public void actionDecided(Identity identity, Action action, Decision decision) {
                throw new IllegalStateException("action");
            }
        }).build();
        auth.authorize(Identity.builder("alice", "c1").build(), Action.publish("t"));
        assertWithheld(only(Level.WARNING, "decision listener failed"), IllegalStateException.class);
    }

    @Test
    void aRefusedConnectIsLoggedAtDebugLevel() {
        MqttAuth.builder().build().authenticate(ConnectRequest.builder("c1").build());
        assertThat(only(Level.FINE, "refused {0}: {1}").getParameters()).hasSize(2);
    }

    @Test
    void aProviderThatFailsToStartIsLoggedWithItsStackTrace() throws IOException {
        Path file = Files.writeString(dir.resolve("mqtt-auth.properties"), "authenticators = failing\n");
        assertThatThrownBy(() -> MqttAuth.fromFile(file)).isInstanceOf(ConfigurationException.class);
        assertWithheld(only(Level.SEVERE, "provider failing failed to start"), IllegalStateException.class);
    }

    @Test
    void aProviderThatFailsToCloseIsLoggedAsAWarning() throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(ProviderFactory.class.getName()),
                CloseFailingProviderFactory.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            MqttAuth.builder().classLoader(loader).authenticatorProvider("close-failing", Map.of()).build().close();
        }
        assertWithheld(only(Level.WARNING, "closing provider close-failing"), IllegalStateException.class);
    }
}
