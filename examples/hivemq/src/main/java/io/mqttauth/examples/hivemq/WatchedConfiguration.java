package io.mqttauth.examples.hivemq;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.MqttAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extension's {@code mqtt-auth.properties}, built into an engine and rebuilt when it changes. It fails closed:
 * while the file is missing, unreadable or wrong, or a provider cannot start, there is no engine and the wrapper refuses
 * every client as server unavailable. The file, and while it is broken every file its problems name (a missing
 * password file, say), are checked for changes at a fixed interval; a change is built again, so fixing the file lets
 * clients in without restarting HiveMQ. A change that breaks a working configuration keeps the working engine. Each
 * failure is logged at ERROR once, with file, line and fix, when the files change, never once per client.
 */
final class WatchedConfiguration implements Supplier<Configured>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchedConfiguration.class);
    /** How long a replaced engine stays open for decisions already running on it. */
    private static final long CLOSE_DELAY_SECONDS = 10;

    private final Path file;
    private final ClassLoader classLoader;
    private final ScheduledExecutorService executor;
    private final ScheduledFuture<?> poll;
    private volatile Configured current;
    /** The files whose content {@link #fingerprint} covers; guarded by this. */
    private List<Path> watched;
    private byte[] fingerprint;

    /**
     * Builds the engine from {@code file} now (a failure leaves no engine, never an exception) and checks the files
     * every {@code interval} on {@code executor}.
     */
    WatchedConfiguration(Path file, ClassLoader classLoader, ScheduledExecutorService executor, Duration interval) {
        this.file = file.toAbsolutePath().normalize();
        this.classLoader = classLoader;
        this.executor = executor;
        this.current = Configured.unavailable(List.of(new ConfigurationProblem(this.file, 0, null,
                "not loaded yet", null)));
        this.watched = List.of(this.file);
        this.fingerprint = new byte[0];
        check();
        long ms = Math.max(1, interval.toMillis());
        this.poll = executor.scheduleWithFixedDelay(this::checkQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public Configured get() {
        return current;
    }

    /** Builds the engine again if the watched files changed since the last build. */
    synchronized void check() {
        byte[] now = digest(watched);
        if (Arrays.equals(now, fingerprint)) {
            return;
        }
        Configured previous = current;
        List<ConfigurationProblem> problems = build();
        if (problems.isEmpty()) {
            watched = List.of(file);
            if (previous.auth() != null) {
                LOG.info("mqtt-auth reloaded {}: authenticators {}, authorizers {}", file,
                        current.auth().authenticatorNames(), current.auth().authorizerNames());
                executor.schedule(previous.auth()::close, CLOSE_DELAY_SECONDS, TimeUnit.SECONDS);
            } else {
                LOG.info("mqtt-auth started from {}: authenticators {}, authorizers {}", file,
                        current.auth().authenticatorNames(), current.auth().authorizerNames());
            }
        } else if (previous.auth() != null) {
            watched = List.of(file);
            LOG.error("mqtt-auth cannot apply the changed {}; it keeps deciding with the configuration it had:\n  {}",
                    file, lines(problems));
        } else {
            current = Configured.unavailable(problems);
            watched = filesOf(problems);
            LOG.error("mqtt-auth refuses every client (CONNACK server unavailable) until its configuration loads;"
                    + " it watches the files and starts by itself once they are fixed:\n  {}", lines(problems));
        }
        fingerprint = digest(watched);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (Throwable e) {
            // A failing check must not end the schedule (a task that throws is never run again); the next one tries
            // again.
            LOG.error("mqtt-auth could not check {} for changes: {}", file, e.getClass().getName());
        }
    }

    /** Builds and swaps in a new engine; returns the problems instead when it cannot be built. */
    private List<ConfigurationProblem> build() {
        if (!Files.isRegularFile(file)) {
            return List.of(new ConfigurationProblem(file, 0, null, "configuration file not found",
                    "copy " + MqttAuthExtension.CONFIGURATION_FILE + ".example in the extension folder to "
                            + MqttAuthExtension.CONFIGURATION_FILE + " and adjust it"));
        }
        try {
            HiveMqOptions options = HiveMqOptions.fromFile(file);
            MqttAuth auth = MqttAuth.builder()
                    .configuration(file)
                    .hostKeys(HiveMqOptions.KEYS)
                    .classLoader(classLoader)
                    .build();
            current = Configured.of(auth, options);
            return List.of();
        } catch (ConfigurationException e) {
            return e.problems();
        } catch (Throwable e) {
            // Any failure, an Error included (a hostile file can exhaust the heap or the stack), is a problem of this
            // build, not of the broker: the last engine stays and the next change is tried again.
            // The message may quote a secret from the file; the class names the failure well enough.
            return List.of(new ConfigurationProblem(file, 0, null, "mqtt-auth failed to start: "
                    + e.getClass().getName(), "check the configuration and HiveMQ's log, and report a bug if it"
                            + " persists"));
        }
    }

    /** The configuration file and every other file a problem names. */
    private List<Path> filesOf(List<ConfigurationProblem> problems) {
        Set<Path> files = new LinkedHashSet<>();
        files.add(file);
        for (ConfigurationProblem p : problems) {
            if (p.file() != null) {
                files.add(p.file().toAbsolutePath().normalize());
            }
        }
        return List.copyOf(files);
    }

    /** A digest of the files' contents; a missing or unreadable file counts as its own state. */
    private static byte[] digest(List<Path> files) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        for (Path f : files) {
            try {
                sha.update((byte) 1);
                sha.update(Files.readAllBytes(f));
            } catch (NoSuchFileException e) {
                sha.update((byte) 2);
            } catch (IOException e) {
                sha.update((byte) 3);
            }
        }
        return sha.digest();
    }

    private static String lines(List<ConfigurationProblem> problems) {
        List<String> lines = new ArrayList<>();
        problems.forEach(p -> lines.add(p.toString()));
        return String.join("\n  ", lines);
    }

    /** Stops checking and closes the engine. */
    @Override
    public synchronized void close() {
        poll.cancel(false);
        Configured c = current;
        if (c.auth() != null) {
            c.auth().close();
        }
        current = Configured.unavailable(List.of(new ConfigurationProblem(file, 0, null,
                "the extension has stopped", null)));
    }
}
