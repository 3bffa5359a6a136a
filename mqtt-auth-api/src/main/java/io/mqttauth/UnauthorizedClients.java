package io.mqttauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The "unauthorized clients" log: a bounded, in-memory record of refused connections, one entry per client id, user
 * name and address, kept for a retention period after the last refusal. Thread-safe. Never holds a secret.
 *
 * <p>Client ids, user names and details are chosen by whoever connects, before any authentication, so the log is
 * bounded by memory as well as by entries: every entry weighs its approximate bytes, but at least an equal share of
 * the memory budget (so there are never more than the maximum number of entries), and strings longer than the limit
 * are stored truncated, marked with a trailing {@code …(+N chars)}.
 */
public final class UnauthorizedClients {

    /** The record, its key, two instants and Caffeine's node, approximately. */
    private static final int ENTRY_OVERHEAD = 256;

    private final Cache<UnauthorizedClient.Key, UnauthorizedClient> entries;
    private final Clock clock;
    private final int stringLimit;

    UnauthorizedClients(long maximumSize, Duration retention, long memory, int stringLimit, Clock clock) {
        this.clock = clock;
        this.stringLimit = stringLimit;
        int leastWeight = (int) Math.min(Integer.MAX_VALUE, Math.max(1, memory / maximumSize));
        this.entries = Caffeine.newBuilder()
                .maximumWeight(memory)
                .<UnauthorizedClient.Key, UnauthorizedClient>weigher((k, e) -> Math.max(leastWeight, weigh(e)))
                .expireAfterWrite(retention)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                // Evict on the recording thread: the bound holds as soon as record() returns.
                .executor(Runnable::run)
                .build();
    }

    /**
     * Checks the memory budget and string limit of the log.
     *
     * @throws ConfigurationException (key {@code unauthorized-log.memory} or {@code unauthorized-log.string-limit})
     *     for a budget under 64 KiB or a limit under 16 characters
     */
    static void checkLimits(long memory, int stringLimit) {
        if (memory < 64 * 1024) {
            throw ConfigurationException.ofKey("unauthorized-log.memory", "is " + memory + " bytes",
                    "write at least 64KiB, such as 16MiB");
        }
        if (stringLimit < 16) {
            throw ConfigurationException.ofKey("unauthorized-log.string-limit", "is " + stringLimit,
                    "write a number of characters from 16 up, such as 1024");
        }
    }

    void record(ConnectAttempt attempt, FailureReason reason, String detail) {
        Instant now = clock.instant();
        String address = attempt.remoteAddress() == null ? null : attempt.remoteAddress().getHostAddress();
        String username = truncate(attempt.username(), stringLimit);
        String clientId = truncate(attempt.clientId(), stringLimit);
        String kept = truncate(detail, stringLimit);
        UnauthorizedClient.Key key = new UnauthorizedClient.Key(clientId, username, address);
        entries.asMap().compute(key, (k, old) -> new UnauthorizedClient(
                old == null ? now : old.firstSeen(), now, clientId, username, attempt.passwordGiven(),
                attempt.tls() != null, address, reason, kept, old == null ? 1 : old.attempts() + 1));
    }

    /**
     * {@code s} itself if it has at most {@code limit} characters, else its first {@code limit} characters (one fewer
     * rather than half a surrogate pair) followed by {@code …(+N chars)}, N the number of characters left out.
     */
    static String truncate(String s, int limit) {
        if (s == null || s.length() <= limit) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(limit - 1)) ? limit - 1 : limit;
        return s.substring(0, end) + "\u2026(+" + (s.length() - end) + " chars)";
    }

    /** The approximate bytes an entry holds: its strings (two bytes a character at most) and the objects around them. */
    private static int weigh(UnauthorizedClient e) {
        long chars = e.clientId().length() + e.detail().length()
                + (e.username() == null ? 0 : e.username().length()) + (e.address() == null ? 0 : e.address().length());
        return (int) Math.min(Integer.MAX_VALUE, ENTRY_OVERHEAD + 2 * chars);
    }

    /** The approximate bytes the entries hold, as weighed for the memory budget. */
    public long weightedSize() {
        entries.cleanUp();
        return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** Every entry, the most recent refusal first. */
    public List<UnauthorizedClient> list() {
        return entries.asMap().values().stream()
                .sorted(Comparator.comparing(UnauthorizedClient::lastSeen).reversed())
                .toList();
    }

    /** Removes one entry; returns whether it was there. */
    public boolean remove(UnauthorizedClient.Key key) {
        return entries.asMap().remove(key) != null;
    }

    /** Removes every entry. */
    public void clear() {
        entries.invalidateAll();
    }

    /** The number of entries (approximate while refusals arrive). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
