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
 */
public final class UnauthorizedClients {

    private final Cache<UnauthorizedClient.Key, UnauthorizedClient> entries;
    private final Clock clock;

    UnauthorizedClients(long maximumSize, Duration retention, Clock clock) {
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(retention)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                // Evict on the recording thread: the bound holds as soon as record() returns.
                .executor(Runnable::run)
                .build();
    }

    void record(ConnectAttempt attempt, FailureReason reason, String detail) {
        Instant now = clock.instant();
        String address = attempt.remoteAddress() == null ? null : attempt.remoteAddress().getHostAddress();
        String username = attempt.username();
        UnauthorizedClient.Key key = new UnauthorizedClient.Key(attempt.clientId(), username, address);
        entries.asMap().compute(key, (k, old) -> new UnauthorizedClient(
                old == null ? now : old.firstSeen(), now, attempt.clientId(), username, attempt.passwordGiven(),
                attempt.tls() != null, address, reason, detail, old == null ? 1 : old.attempts() + 1));
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
