package io.mqttauth.examples.hivemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import io.mqttauth.MqttVersion;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The extension's configuration fails closed: without a working {@code mqtt-auth.properties} there is no engine and
 * connects are refused as server unavailable; the problem is logged at ERROR once per change of the files; fixing
 * them brings the engine up; a broken change to a working configuration keeps the working engine.
 */
class WatchedConfigurationTest {

    private static final String WORKING = """
            authenticators = password-file
            authorizers = acl
            password-file.path = passwd
            acl.path = acl
            """;

    @TempDir
    Path folder;
    private Path file;
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(WatchedConfiguration.class);
    private WatchedConfiguration watched;

    @BeforeEach
    void setUp() throws IOException {
        file = folder.resolve("mqtt-auth.properties");
        Conformance.copyFiles(folder);
        log.start();
        logger.addAppender(log);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void tearDown() {
        if (watched != null) {
            watched.close();
        }
        executor.shutdownNow();
        logger.detachAppender(log);
        logger.setLevel(null);
    }

    private WatchedConfiguration watch() {
        // A long interval: the tests call check() themselves.
        watched = new WatchedConfiguration(file, getClass().getClassLoader(), executor, Duration.ofHours(1));
        return watched;
    }

    private List<String> errors() {
        return log.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static Decision connect(Configured c, String user, String password) {
        ConnectRequest r = ConnectRequest.builder("c1").username(user).password(password)
                .mqttVersion(MqttVersion.V3_1_1).build();
        return c.auth() == null ? c.unavailableConnect() : c.auth().authenticate(r);
    }

    @Test
    void aMissingFileRefusesEveryClientAsServerUnavailableAndSaysHowToFixIt() {
        Configured c = watch().get();

        assertThat(c.auth()).isNull();
        Decision d = connect(c, "zoe", "zoe-pw");
        assertThat(d.reason()).contains(FailureReason.PROVIDER_UNAVAILABLE);
        assertThat(d.codes().mqtt5()).isEqualTo(0x88);
        assertThat(d.codeFor(MqttVersion.V3_1_1)).isEqualTo(3);
        assertThat(d.detail()).contains(file + ": configuration file not found")
                .contains("copy mqtt-auth.properties.example");
        assertThat(errors()).singleElement().asString().contains("configuration file not found");
    }

    @Test
    void aBrokenProviderFileIsLoggedOncePerChangeWithFileAndLine() throws IOException {
        Files.writeString(folder.resolve("acl"), "topic read a\ntopic READ b\n");
        Files.writeString(file, WORKING);
        watch();
        watched.check();
        watched.check();

        assertThat(watched.get().auth()).isNull();
        assertThat(errors()).singleElement().asString().contains(folder.resolve("acl") + ":2");

        Files.writeString(folder.resolve("acl"), "topic read a\ntopic READ c\n");
        watched.check();
        assertThat(errors()).hasSize(2);
    }

    @Test
    void fixingAProviderFileStartsTheEngineWithoutTouchingTheConfiguration() throws IOException {
        Files.delete(folder.resolve("passwd"));
        Files.writeString(file, WORKING);
        watch();
        assertThat(watched.get().auth()).isNull();
        assertThat(errors()).singleElement().asString().contains(folder.resolve("passwd").toString());

        Conformance.copyFiles(folder);
        watched.check();

        Configured c = watched.get();
        assertThat(c.auth()).isNotNull();
        assertThat(connect(c, "zoe", "zoe-pw").isAllowed()).isTrue();
        assertThat(connect(c, "zoe", "wrong").reason()).contains(FailureReason.PASSWORD_MISMATCH);
    }

    @Test
    void aBrokenChangeKeepsTheWorkingEngineAndAWorkingChangeReplacesIt() throws IOException {
        Files.writeString(file, WORKING);
        MqttAuth first = watch().get().auth();
        assertThat(first).isNotNull();

        Files.writeString(file, WORKING + "acl.colour = blue\n");
        watched.check();
        assertThat(watched.get().auth()).isSameAs(first);
        assertThat(errors()).singleElement().asString().contains("keeps deciding").contains("acl.colour");

        Files.writeString(file, WORKING + "client-reason-strings = detailed\n");
        watched.check();
        assertThat(watched.get().auth()).isNotNull().isNotSameAs(first);
        assertThat(watched.get().options().reasonStrings()).isEqualTo(HiveMqOptions.ReasonStrings.DETAILED);
    }

    @Test
    void theFileIsCheckedOnTheExecutor() throws IOException, InterruptedException {
        watched = new WatchedConfiguration(file, getClass().getClassLoader(), executor, Duration.ofMillis(20));
        assertThat(watched.get().auth()).isNull();
        Files.writeString(file, WORKING);
        for (int i = 0; i < 250 && watched.get().auth() == null; i++) {
            Thread.sleep(20);
        }
        assertThat(watched.get().auth()).isNotNull();
    }

    @Test
    void anErrorWhileBuildingIsLoggedAndTheNextChangeStillStartsTheEngine() throws IOException,
            InterruptedException {
        AtomicBoolean failOnce = new AtomicBoolean();
        ClassLoader failing = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                if (name.startsWith("META-INF/services/io.mqttauth") && failOnce.getAndSet(false)) {
                    throw new StackOverflowError();
                }
                return super.getResources(name);
            }
        };
        watched = new WatchedConfiguration(file, failing, executor, Duration.ofMillis(20));
        failOnce.set(true);
        Files.writeString(file, WORKING);
        for (int i = 0; i < 250 && errors().stream().noneMatch(e -> e.contains("StackOverflowError")); i++) {
            Thread.sleep(20);
        }
        assertThat(errors()).anySatisfy(e -> assertThat(e).contains("mqtt-auth failed to start: "
                + "java.lang.StackOverflowError"));
        assertThat(watched.get().auth()).isNull();

        // The poller survived the Error: the next change is picked up.
        Files.writeString(file, WORKING + "# touched\n");
        for (int i = 0; i < 250 && watched.get().auth() == null; i++) {
            Thread.sleep(20);
        }
        assertThat(watched.get().auth()).isNotNull();
    }

    @Test
    void aWrongWrapperOptionNamesTheKeyAndTheWords() throws IOException {
        Path options = Files.writeString(folder.resolve("x.properties"), "publish-denial = drop\n");
        assertThatThrownBy(() -> HiveMqOptions.fromFile(options))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("publish-denial")
                .hasMessageContaining("ack or disconnect");
        assertThat(HiveMqOptions.fromFile(Files.writeString(folder.resolve("y.properties"), "")))
                .isEqualTo(HiveMqOptions.defaults());
    }
}
