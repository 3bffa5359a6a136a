package io.mqttauth.spi;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.internal.Throwables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Several files and folders parsed together into one immutable snapshot, swapped atomically when any of them changes:
 * {@link WatchedFile} for a provider whose configuration spans files, such as a folder of trust anchors or a list of
 * revocation lists. The same guarantees hold: decisions read {@link #current()} (one volatile read) and see one whole
 * snapshot; a change that fails to parse leaves the last good snapshot in force, its problems kept in
 * {@link #problems()} until a reload succeeds; parsing runs on the caller of {@link #reload()} or on the watcher's
 * daemon thread.
 *
 * <p>Each configured path is a file or a folder. A folder stands for the regular files directly in it (not in
 * sub-folders) that the folder filter accepts, in name order; files added to or removed from it are picked up on the
 * next reload. A configured path that does not exist is a problem.
 *
 * @param <T> the parsed snapshot
 */
public final class WatchedFiles<T> implements AutoCloseable {

    /**
     * Parses the contents of all files into a snapshot.
     *
     * @param <T> the snapshot
     */
    @FunctionalInterface
    public interface Parser<T> {
        /**
         * Parses the files' bytes.
         *
         * @param contents every file's bytes by path: configured files in configured order, each folder's files in
         *     name order at the folder's place; unmodifiable
         * @throws ConfigurationException with every problem found, each with its file (and line or entry)
         */
        T parse(Map<Path, byte[]> contents);
    }

    private static final System.Logger LOG = System.getLogger(WatchedFiles.class.getName());

    private final List<Path> paths;
    private final Predicate<Path> inFolder;
    private final Parser<T> parser;
    private final WatchedFile.SwapListener<T> listener;
    private final ProviderContext context;
    private final Object reloadLock = new Object();
    private volatile T current;
    private volatile List<ConfigurationProblem> problems = List.of();
    /** Set by {@link #close()} under {@link #reloadLock}; no background reload runs once it is set. */
    private boolean closed;
    private byte[] digest;
    private final WatchService watchService;
    private final ScheduledExecutorService poller;

    private WatchedFiles(List<Path> paths, Predicate<Path> inFolder, Parser<T> parser, ReloadPolicy policy,
            ProviderContext context, WatchedFile.SwapListener<T> listener) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("at least one path is needed");
        }
        this.paths = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.inFolder = inFolder;
        this.parser = parser;
        this.context = context;
        this.listener = listener;
        Map<Path, byte[]> contents = read();
        this.current = parser.parse(contents);
        this.digest = digest(contents);
        this.watchService = policy.watch() ? startWatching() : null;
        this.poller = policy.pollInterval().map(this::startPolling).orElse(null);
    }

    /**
     * Reads and parses the files now and starts reloading them by {@code policy}; tells {@code listener} of every
     * swap.
     *
     * @param paths the files and folders, at least one
     * @param inFolder which files of a configured folder count, such as those named {@code *.pem}
     * @throws ConfigurationException if a file cannot be read or the contents cannot be parsed (fail fast at start-up)
     */
    public static <T> WatchedFiles<T> load(List<Path> paths, Predicate<Path> inFolder, Parser<T> parser,
            ReloadPolicy policy, ProviderContext context, WatchedFile.SwapListener<T> listener) {
        return new WatchedFiles<>(List.copyOf(paths), inFolder, parser, policy, context, listener);
    }

    /** The configured files and folders, absolute. */
    public List<Path> paths() {
        return paths;
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
     * Re-reads the files; if any content or a folder's list of files changed and everything parses, swaps the new
     * snapshot in. Safe to call from any thread.
     *
     * @return the problems found (the old snapshot stays), or an empty list
     */
    public List<ConfigurationProblem> reload() {
        synchronized (reloadLock) {
            T previous = current;
            T parsed;
            try {
                Map<Path, byte[]> contents = read();
                byte[] newDigest = digest(contents);
                if (Arrays.equals(newDigest, digest)) {
                    problems = List.of();
                    return problems;
                }
                parsed = parser.parse(contents);
                current = parsed;
                digest = newDigest;
                problems = List.of();
            } catch (ConfigurationException e) {
                problems = e.problems();
                LOG.log(System.Logger.Level.WARNING, "{0}: reload of {1} failed, keeping the last good version: {2}",
                        context.name(), paths, e.getMessage());
                return problems;
            } catch (Throwable e) {
                // A parser bug, or an Error such as OutOfMemoryError or StackOverflowError on a hostile file, must
                // neither replace the good snapshot nor stop the watcher or poller thread.
                problems = List.of(new ConfigurationProblem(paths.get(0), 0, null,
                        "the parser failed unexpectedly (" + e.getClass().getName() + ")",
                        "keep the last good files in place and report the stack trace from the log"));
                LOG.log(System.Logger.Level.ERROR, context.name() + ": parser failed on " + paths
                        + ", keeping the last good version", Throwables.withoutMessages(e));
                return problems;
            }
            LOG.log(System.Logger.Level.INFO, "{0}: reloaded {1}", context.name(), paths);
            try {
                listener.swapped(previous, parsed);
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.WARNING, context.name() + ": swap listener failed",
                        Throwables.withoutMessages(e));
            }
            context.reloaded();
            return problems;
        }
    }

    /**
     * Stops watching or polling. A background reload that is running is waited for; none starts afterwards, so the
     * snapshot no longer changes unless {@link #reload()} is called.
     */
    @Override
    public void close() {
        synchronized (reloadLock) {
            closed = true;
        }
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

    /** Every file's bytes, in the documented order; all problems at once. */
    private Map<Path, byte[]> read() {
        Map<Path, byte[]> contents = new LinkedHashMap<>();
        List<ConfigurationProblem> found = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try {
                    for (Path file : folderFiles(path)) {
                        readInto(file, contents, found);
                    }
                } catch (IOException e) {
                    found.add(new ConfigurationProblem(path, 0, null, "cannot list the folder: " + e.getMessage(),
                            "check the folder's permissions"));
                }
            } else {
                readInto(path, contents, found);
            }
        }
        if (!found.isEmpty()) {
            throw new ConfigurationException(found);
        }
        return Collections.unmodifiableMap(contents);
    }

    private List<Path> folderFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path p : stream) {
                if (Files.isRegularFile(p) && inFolder.test(p)) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        return files;
    }

    private static void readInto(Path file, Map<Path, byte[]> contents, List<ConfigurationProblem> found) {
        try {
            contents.put(file, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            found.add(new ConfigurationProblem(file, 0, null, "file not found",
                    "check the path (relative paths resolve against the configuration file's folder)"));
        } catch (IOException e) {
            found.add(new ConfigurationProblem(file, 0, null, "cannot read: " + e.getMessage(),
                    "check the file's permissions"));
        }
    }

    private WatchService startWatching() {
        // Per watched folder: the file names that matter, or null for every name (a configured folder).
        Map<Path, Set<Path>> watched = new HashMap<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                watched.put(path, null);
            } else if (!watched.containsKey(path.getParent()) || watched.get(path.getParent()) != null) {
                watched.computeIfAbsent(path.getParent(), d -> new HashSet<>()).add(path.getFileName());
            }
        }
        WatchService ws = null;
        try {
            ws = paths.get(0).getFileSystem().newWatchService();
            Map<WatchKey, Set<Path>> keys = new HashMap<>();
            for (Map.Entry<Path, Set<Path>> e : watched.entrySet()) {
                WatchKey key = e.getKey().register(ws, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
                keys.put(key, e.getValue());
            }
            WatchService service = ws;
            Thread t = new Thread(() -> watch(service, keys), "mqtt-auth-watch-" + context.name());
            t.setDaemon(true);
            t.start();
            return ws;
        } catch (IOException | UnsupportedOperationException e) {
            if (ws != null) {
                try {
                    ws.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw ConfigurationException.ofKey(context.fullKey("reload"),
                    "cannot watch " + watched.keySet() + " for changes: " + e.getMessage(),
                    "use an interval such as 30s, or off");
        }
    }

    private void watch(WatchService ws, Map<WatchKey, Set<Path>> keys) {
        try {
            while (true) {
                WatchKey key = ws.take();
                Set<Path> names = keys.get(key);
                boolean ours = false;
                for (WatchEvent<?> e : key.pollEvents()) {
                    ours |= names == null || e.kind() == StandardWatchEventKinds.OVERFLOW
                            || names.contains(e.context());
                }
                key.reset();
                if (ours) {
                    // Editors and tools write in several steps; let them finish, then read once.
                    Thread.sleep(50);
                    drain(ws);
                    reloadInBackground();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // closed: stop watching
        }
    }

    /**
     * {@link #reload()} on the watcher or poller thread, which must survive anything: {@code reload()} already turns
     * the parser's failures into problems, and whatever escapes it (a logging back end's Error, say) is logged here
     * instead of ending the thread, so the next change is still picked up.
     */
    private void reloadInBackground() {
        try {
            synchronized (reloadLock) {
                if (!closed) {
                    reload();
                }
            }
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, context.name() + ": reloading " + paths + " failed; still watching",
                    Throwables.withoutMessages(e));
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
        // A task that throws is never run again, so every run must return normally.
        s.scheduleWithFixedDelay(this::reloadInBackground, ms, ms, TimeUnit.MILLISECONDS);
        return s;
    }

    /** A digest of the file names and contents, so that a renamed, added or removed file counts as a change. */
    private static byte[] digest(Map<Path, byte[]> contents) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<Path, byte[]> e : contents.entrySet()) {
                md.update(e.getKey().toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(MessageDigest.getInstance("SHA-256").digest(e.getValue()));
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
