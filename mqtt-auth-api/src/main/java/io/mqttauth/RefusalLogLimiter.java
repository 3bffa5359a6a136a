package io.mqttauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Bounds how many refusal lines a broker logs, so that a client that is refused over and over (a brute-force attack, a
 * misconfigured device in a reconnect loop) cannot fill a disk. Brokers ask {@link #allow(String)} before logging a
 * refusal, with a key for its source (the client's address, or its client id when the address is unknown), and log
 * only when it returns {@code true}.
 *
 * <p>In every interval (a window that starts with a key's first refusal) at most {@code linesPerKey} refusals of one
 * key are logged, and at most {@code linesInAll} lines of all keys together. What is suppressed is counted and told
 * in summary lines given to {@code summaries}: one per key, {@code ... and K more refusals from "KEY" suppressed},
 * when its window ends (at its next refusal, or when the entry expires), and one for all keys when the shared window
 * ends at a later refusal. Summaries count against {@code linesInAll} too, so that at most {@code linesInAll + 1}
 * lines are written per interval whatever the number of keys. Keys are kept in a Caffeine cache of at most
 * {@code maximumKeys} entries; a key that is evicted early has its summary written then. Thread-safe.
 */
public final class RefusalLogLimiter {

    /** Lines logged per key and interval by default. */
    public static final int DEFAULT_LINES_PER_KEY = 10;

    /** Lines logged per interval in all by default. */
    public static final int DEFAULT_LINES_IN_ALL = 200;

    /** The interval by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    /** Keys kept by default. */
    public static final long DEFAULT_MAXIMUM_KEYS = 10_000;

    /** One key's window: when it started, how many refusals were logged and how many suppressed. */
    private static final class Window {
        final long start;
        int logged;
        long suppressed;

        Window(long start) {
            this.start = start;
        }
    }

    private final int linesPerKey;
    private final int linesInAll;
    private final Duration interval;
    private final long intervalNanos;
    private final Consumer<String> summaries;
    private final Clock clock;
    private final Cache<String, Window> windows;
    private long sharedStart;
    private int sharedLogged;
    private long sharedSuppressed;

    /**
     * A limiter with the defaults: {@value #DEFAULT_LINES_PER_KEY} lines per key and {@value #DEFAULT_LINES_IN_ALL}
     * in all per minute, {@value #DEFAULT_MAXIMUM_KEYS} keys, the system clock.
     *
     * @param summaries where the summary lines go, such as a logger's {@code info}
     */
    public RefusalLogLimiter(Consumer<String> summaries) {
        this(DEFAULT_LINES_PER_KEY, DEFAULT_LINES_IN_ALL, DEFAULT_INTERVAL, DEFAULT_MAXIMUM_KEYS, summaries,
                Clock.systemUTC());
    }

    /**
     * A limiter.
     *
     * @param linesPerKey refusals of one key logged per interval (at least 1)
     * @param linesInAll lines of all keys logged per interval (at least {@code linesPerKey})
     * @param interval the interval (positive)
     * @param maximumKeys keys kept at most (at least 1)
     * @param summaries where the summary lines go
     * @param clock the clock (tests use a settable one)
     * @throws IllegalArgumentException if a bound is out of range
     */
    public RefusalLogLimiter(int linesPerKey, int linesInAll, Duration interval, long maximumKeys,
            Consumer<String> summaries, Clock clock) {
        if (linesPerKey < 1 || linesInAll < linesPerKey || interval.isNegative() || interval.isZero()
                || maximumKeys < 1) {
            throw new IllegalArgumentException("need linesPerKey >= 1, linesInAll >= linesPerKey, a positive interval "
                    + "and maximumKeys >= 1; got " + linesPerKey + ", " + linesInAll + ", " + interval + ", "
                    + maximumKeys);
        }
        this.linesPerKey = linesPerKey;
        this.linesInAll = linesInAll;
        this.interval = interval;
        this.intervalNanos = interval.toNanos();
        this.summaries = Objects.requireNonNull(summaries, "summaries");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sharedStart = now();
        this.windows = Caffeine.newBuilder()
                .maximumSize(maximumKeys)
                .expireAfter(new Expiry<String, Window>() {
                    @Override
                    public long expireAfterCreate(String key, Window w, long currentTime) {
                        return remaining(w, currentTime);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Window w, long currentTime, long currentDuration) {
                        return remaining(w, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, Window w, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(this::now)
                // Summaries are written on the thread that evicts, or on Caffeine's scheduler when a window ends.
                .executor(Runnable::run)
                .scheduler(Scheduler.systemScheduler())
                .removalListener((String key, Window w, RemovalCause cause) -> {
                    if (key != null && w != null && cause.wasEvicted()) {
                        summarize(key, w);
                    }
                })
                .build();
    }

    private long now() {
        return TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    private long remaining(Window w, long currentTime) {
        return Math.max(1, intervalNanos - (currentTime - w.start));
    }

    /**
     * Whether the broker should log this refusal of {@code key}; if not, it is counted for a summary line. May first
     * write the summary lines of windows that have ended.
     */
    public boolean allow(String key) {
        Objects.requireNonNull(key, "key");
        long now = now();
        Window[] ended = new Window[1];
        boolean[] underKeyLimit = new boolean[1];
        windows.asMap().compute(key, (k, w) -> {
            Window current = w;
            if (current == null || now - current.start >= intervalNanos) {
                ended[0] = current;
                current = new Window(now);
            }
            if (current.logged < linesPerKey) {
                current.logged++;
                underKeyLimit[0] = true;
            } else {
                current.suppressed++;
            }
            return current;
        });
        if (ended[0] != null) {
            summarize(key, ended[0]);
        }
        return underKeyLimit[0] && take(1);
    }

    /** Writes the summaries of windows that have ended; Caffeine's scheduler also does so on its own. */
    public void cleanUp() {
        windows.cleanUp();
        take(0);
    }

    private void summarize(String key, Window w) {
        if (w.suppressed > 0 && take(w.suppressed)) {
            summaries.accept("... and " + w.suppressed + " more refusals from " + SafeText.quote(key)
                    + " suppressed (at most " + linesPerKey + " logged per " + interval + ")");
        }
    }

    /**
     * Takes one line from the shared budget, counting {@code refusals} as suppressed if none is left; with
     * {@code refusals} 0, only ends the shared window if due. Writes the shared summary when a window ends.
     */
    private boolean take(long refusals) {
        String summary = null;
        boolean taken;
        synchronized (this) {
            long now = now();
            if (now - sharedStart >= intervalNanos) {
                if (sharedSuppressed > 0) {
                    summary = "... and " + sharedSuppressed + " more refusals suppressed (at most " + linesInAll
                            + " lines logged per " + interval + " for all clients)";
                }
                sharedStart = now;
                sharedLogged = 0;
                sharedSuppressed = 0;
            }
            taken = refusals > 0 && sharedLogged < linesInAll;
            if (taken) {
                sharedLogged++;
            } else {
                sharedSuppressed += refusals;
            }
        }
        if (summary != null) {
            summaries.accept(summary);
        }
        return taken;
    }
}
