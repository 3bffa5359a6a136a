package io.mqttauth.spi;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.internal.Throwables;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A file parsed into an immutable snapshot that is swapped atomically when the file changes. Decisions read
 * {@link #current()} (one volatile read, no lock) and see either the old or the new snapshot, never a mixture. A file
 * that fails to parse on reload leaves the last good snapshot in force; its problems are logged and kept in
 * {@link #problems()} until a reload succeeds.
 *
 * <p>Parsing runs on the caller of {@link #reload()} or on the watcher's own daemon thread, never on a decision path.
 *
 * @param <T> the parsed snapshot
 */
public final class WatchedFile<T> implements AutoCloseable {

    /**
     * Parses the whole file into a snapshot.
     *
     * @param <T> the snapshot
     */
    @FunctionalInterface
    public interface Parser<T> {
        /**
         * Parses the file's bytes.
         *
         * @throws ConfigurationException with every problem found, each with file and line
         */
        T parse(Path file, byte[] content);
    }

    /**
     * Told after a new snapshot replaced an old one.
     *
     * @param <T> the snapshot
     */
    @FunctionalInterface
    public interface SwapListener<T> {
        /** Called after the swap, on the reloading thread. */
        void swapped(T previous, T current);
    }

    private static final System.Logger LOG = System.getLogger(WatchedFile.class.getName());

    private final Path path;
    private final Parser<T> parser;
    private final SwapListener<T> listener;
    private final ProviderContext context;
    private final Object reloadLock = new Object();
    private volatile T current;
    private volatile List<ConfigurationProblem> problems = List.of();
    private byte[] digest;
    private final WatchService watchService;
    private final ScheduledExecutorService poller;

    private WatchedFile(Path path, Parser<T> parser, ReloadPolicy policy, ProviderContext context,
            SwapListener<T> listener) {
        this.path = path.toAbsolutePath().normalize();
        this.parser = parser;
        this.context = context;
        this.listener = listener;
        byte[] content = read(this.path);
        this.current = parser.parse(this.path, content);
        this.digest = sha256(content);
        this.watchService = policy.watch() ? startWatching() : null;
        this.poller = policy.pollInterval().map(this::startPolling).orElse(null);
    }

    /**
     * Reads and parses the file now and starts reloading it by {@code policy}.
     *
     * @throws ConfigurationException if the file cannot be read or parsed (fail fast at start-up)
     */
    public static <T> WatchedFile<T> load(Path path, Parser<T> parser, ReloadPolicy policy, ProviderContext context) {
        return new WatchedFile<>(path, parser, policy, context, (a, b) -> { });
    }

    /** Like {@link #load(Path, Parser, ReloadPolicy, ProviderContext)}, and tells {@code listener} of every swap. */
    public static <T> WatchedFile<T> load(Path path, Parser<T> parser, ReloadPolicy policy, ProviderContext context,
            SwapListener<T> listener) {
        return new WatchedFile<>(path, parser, policy, context, listener);
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** The snapshot in force: the last one that parsed without problems. */
    public T current() {
        return current;
    }

    /** The problems of the last reload if it failed; empty once a reload succeeds. */
    public List<ConfigurationProblem> problems() {
        return problems;
    }

    /**
     * Re-reads the file; if its content changed and parses, swaps it in. Safe to call from any thread.
     *
     * @return the problems found (the old snapshot stays), or an empty list
     */
    public List<ConfigurationProblem> reload() {
        synchronized (reloadLock) {
            T previous = current;
            T parsed;
            try {
                byte[] content = read(path);
                byte[] newDigest = sha256(content);
                if (Arrays.equals(newDigest, digest)) {
                    problems = List.of();
                    return problems;
                }
                parsed = parser.parse(path, content);
                current = parsed;
                digest = newDigest;
                problems = List.of();
            } catch (ConfigurationException e) {
                problems = e.problems();
                LOG.log(System.Logger.Level.WARNING, "{0}: reload of {1} failed, keeping the last good version: {2}",
                        context.name(), path, e.getMessage());
                return problems;
            } catch (RuntimeException e) {
                // A parser bug must neither replace the good snapshot nor stop the watcher or poller thread.
                problems = List.of(new ConfigurationProblem(path, 0, null,
                        "the parser failed unexpectedly (" + e.getClass().getName() + ")",
                        "keep the last good file in place and report the stack trace from the log"));
                LOG.log(System.Logger.Level.ERROR, context.name() + ": parser failed on " + path,
                        Throwables.withoutMessages(e));
                return problems;
            }
            LOG.log(System.Logger.Level.INFO, "{0}: reloaded {1}", context.name(), path);
            try {
                listener.swapped(previous, parsed);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, context.name() + ": swap listener failed",
                        Throwables.withoutMessages(e));
            }
            context.reloaded();
            return problems;
        }
    }

    /** Stops watching or polling. */
    @Override
    public void close() {
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the watch service", e);
            }
        }
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    private WatchService startWatching() {
        Path dir = path.getParent();
        try {
            WatchService ws = dir.getFileSystem().newWatchService();
            dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            Thread t = new Thread(() -> watch(ws), "mqtt-auth-watch-" + context.name());
            t.setDaemon(true);
            t.start();
            return ws;
        } catch (IOException | UnsupportedOperationException e) {
            throw ConfigurationException.ofKey(context.fullKey("reload"),
                    "cannot watch " + dir + " for changes: " + e.getMessage(),
                    "use an interval such as 30s, or off");
        }
    }

    private void watch(WatchService ws) {
        Path name = path.getFileName();
        try {
            while (true) {
                WatchKey key = ws.take();
                boolean ours = key.pollEvents().stream()
                        .anyMatch(e -> e.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(e.context()));
                key.reset();
                if (ours) {
                    // Editors write in several steps; let them finish, then read once.
                    Thread.sleep(50);
                    drain(ws);
                    reload();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // closed: stop watching
        }
    }

    private static void drain(WatchService ws) {
        WatchKey key;
        while ((key = ws.poll()) != null) {
            key.pollEvents();
            key.reset();
        }
    }

    private ScheduledExecutorService startPolling(java.time.Duration interval) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt-auth-poll-" + context.name());
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, interval.toMillis());
        s.scheduleWithFixedDelay(this::reload, ms, ms, TimeUnit.MILLISECONDS);
        return s;
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(new ConfigurationProblem(path, 0, null, "file not found",
                    "check the path (relative paths resolve against the configuration file's folder)"));
        } catch (IOException e) {
            throw new ConfigurationException(new ConfigurationProblem(path, 0, null,
                    "cannot read: " + e.getMessage(), "check the file's permissions"));
        }
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
