package io.mqttauth.spi;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import java.nio.file.Path;
import java.util.List;

/**
 * A file parsed into an immutable snapshot that is swapped atomically when the file changes. Decisions read
 * {@link #current()} (one volatile read, no lock) and see either the old or the new snapshot, never a mixture. A file
 * that fails to parse on reload leaves the last good snapshot in force; its problems are logged and kept in
 * {@link #problems()} until a reload succeeds.
 *
 * <p>Parsing runs on the caller of {@link #reload()} or on the watcher's own daemon thread, never on a decision path.
 * This is {@link WatchedFiles} for one file, which does the reading, watching, polling and swapping.
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

    private final Path path;
    private final WatchedFiles<T> file;

    private WatchedFile(Path path, Parser<T> parser, ReloadPolicy policy, ProviderContext context,
            SwapListener<T> listener) {
        this.path = path.toAbsolutePath().normalize();
        this.file = WatchedFiles.load(List.of(this.path), p -> false, contents -> {
            byte[] content = contents.get(this.path);
            if (content == null) {
                throw new ConfigurationException(new ConfigurationProblem(this.path, 0, null,
                        "cannot read: it is a folder, not a file", "name a file"));
            }
            return parser.parse(this.path, content);
        }, policy, context, listener);
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
        return file.current();
    }

    /** The problems of the last reload if it failed; empty once a reload succeeds. */
    public List<ConfigurationProblem> problems() {
        return file.problems();
    }

    /**
     * Re-reads the file; if its content changed and parses, swaps it in. Safe to call from any thread.
     *
     * @return the problems found (the old snapshot stays), or an empty list
     */
    public List<ConfigurationProblem> reload() {
        return file.reload();
    }

    /** Stops watching or polling. */
    @Override
    public void close() {
        file.close();
    }
}
