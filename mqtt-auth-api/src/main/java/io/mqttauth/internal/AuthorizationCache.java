package io.mqttauth.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mqttauth.Action;
import io.mqttauth.ConfigurationException;
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
 *
 * <p>Topics, client ids and identity names are chosen by clients, so the cache is bounded by memory as well as by
 * entries: every entry weighs its approximate bytes, but at least an equal share of the budget (so there are never
 * more than the maximum number of entries), and a decision whose topic, client id or identity name is longer than the
 * string limit is not cached at all.
 */
public final class AuthorizationCache {

    private record Key(Identity identity, Action action) {
    }

    private record Entry(Decision decision, long generation) {
    }

    /** The key, the entry, the decision and its step, and Caffeine's node, approximately. */
    private static final int ENTRY_OVERHEAD = 400;

    private final Cache<Key, Entry> cache;
    private final AtomicLong generation = new AtomicLong();
    private final int stringLimit;

    /**
     * A cache of at most {@code maximumEntries} and about {@code memory} bytes, each entry kept for {@code expiry};
     * decisions about longer strings than {@code stringLimit} are not kept.
     *
     * @throws ConfigurationException (key {@code authorization.cache.memory} or
     *     {@code authorization.cache.string-limit}) for a budget under 64 KiB or a limit under 16 characters
     */
    public AuthorizationCache(long maximumEntries, Duration expiry, long memory, int stringLimit) {
        if (memory < 64 * 1024) {
            throw ConfigurationException.ofKey("authorization.cache.memory", "is " + memory + " bytes",
                    "write at least 64KiB, such as 64MiB");
        }
        if (stringLimit < 16) {
            throw ConfigurationException.ofKey("authorization.cache.string-limit", "is " + stringLimit,
                    "write a number of characters from 16 up, such as 1024");
        }
        this.stringLimit = stringLimit;
        int leastWeight = (int) Math.min(Integer.MAX_VALUE, Math.max(1, memory / maximumEntries));
        this.cache = Caffeine.newBuilder()
                .maximumWeight(memory)
                .<Key, Entry>weigher((k, e) -> Math.max(leastWeight, weigh(k, e)))
                .expireAfterWrite(expiry)
                .build();
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
        if (action.topic().length() <= stringLimit && identity.clientId().length() <= stringLimit
                && identity.name().length() <= stringLimit) {
            cache.put(new Key(identity, action), new Entry(decision, current));
        }
        return decision;
    }

    /**
     * The approximate bytes of an entry: the strings of the identity, the action and the decision (two bytes a
     * character at most) and the objects around them.
     */
    private static int weigh(Key key, Entry entry) {
        Identity i = key.identity();
        long chars = i.name().length() + i.clientId().length() + i.provider().length()
                + i.username().map(String::length).orElse(0) + key.action().topic().length();
        for (String role : i.roles()) {
            chars += role.length() + 16;
        }
        for (var a : i.attributes().entrySet()) {
            chars += a.getKey().length() + a.getValue().length() + 16;
        }
        chars += 64L * i.permissions().size();
        Decision d = entry.decision();
        chars += d.provider().length() + d.detail().length();
        for (Decision.Step step : d.trail()) {
            chars += step.provider().length() + step.detail().length() + 16;
        }
        return (int) Math.min(Integer.MAX_VALUE, ENTRY_OVERHEAD + 2 * chars);
    }

    /** The approximate bytes the cached entries hold. */
    public long weightedSize() {
        cache.cleanUp();
        return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** Drops every entry; called after any provider swapped in new rules. */
    public void invalidate() {
        generation.incrementAndGet();
        cache.invalidateAll();
    }
}
