package io.mqttauth.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mqttauth.Action;
import io.mqttauth.Decision;
import io.mqttauth.Identity;
import jakarta.annotation.Nullable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Authorizer decisions cached by identity and action (bounded, expiring). A reload makes every earlier entry stale at
 * once: entries carry the generation they were computed in, so a decision computed from old rules and stored while a
 * reload ran is never served afterwards.
 */
public final class AuthorizationCache {

    private record Key(Identity identity, Action action) {
    }

    private record Entry(Decision decision, long generation) {
    }

    private final Cache<Key, Entry> cache;
    private final AtomicLong generation = new AtomicLong();

    /** A cache of at most {@code maximumEntries}, each kept for {@code expiry}. */
    public AuthorizationCache(long maximumEntries, Duration expiry) {
        this.cache = Caffeine.newBuilder().maximumSize(maximumEntries).expireAfterWrite(expiry).build();
    }

    /** The decision cached for the identity and action since the latest reload, or {@code null}. */
    public @Nullable Decision getIfPresent(Identity identity, Action action) {
        Entry entry = cache.getIfPresent(new Key(identity, action));
        return entry != null && entry.generation() == generation.get() ? entry.decision() : null;
    }

    /** {@code decide}'s decision, which is then cached (and never served if a reload ran while it was made). */
    public Decision compute(Identity identity, Action action, Supplier<Decision> decide) {
        long current = generation.get();
        Decision decision = decide.get();
        cache.put(new Key(identity, action), new Entry(decision, current));
        return decision;
    }

    /** Drops every entry; called after any provider swapped in new rules. */
    public void invalidate() {
        generation.incrementAndGet();
        cache.invalidateAll();
    }
}
