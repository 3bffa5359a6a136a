package io.mqttauth.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.annotation.Nullable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Database answers cached by the values a query is bound to (Caffeine, bounded by {@code jdbc.cache.size}).
 *
 * <ul>
 *   <li>A found value is fresh for {@code ttl}; one read in the last quarter of its TTL is reloaded in the
 *       background (refresh ahead), so hot keys never wait. After its TTL it is kept for {@code grace} more: a reload
 *       that fails within that time serves it, marked stale (outage grace).
 *   <li>"No row" is cached for {@code negativeTtl}. A failure is never cached.
 *   <li>One query per key at a time (single flight): callers that miss the same key while it loads wait for that
 *       load instead of sending their own.
 * </ul>
 *
 * @param <V> the value read from the rows
 */
final class LookupCache<V> {

    private record Entry<V>(Lookup<V> lookup, long loadedAt) {
    }

    private final Cache<List<String>, Entry<V>> cache;
    private final Map<List<String>, CompletableFuture<Lookup<V>>> inFlight = new ConcurrentHashMap<>();
    private final Function<List<String>, Lookup<V>> loader;
    private final Executor refresher;
    private final Clock clock;
    private final long ttl;
    private final long refreshAfter;
    private final long negativeTtl;
    private final long grace;
    private final AtomicLong generation = new AtomicLong();

    LookupCache(long maximumSize, Duration ttl, Duration negativeTtl, Duration grace, Clock clock,
            Executor refresher, Function<List<String>, Lookup<V>> loader) {
        this.loader = loader;
        this.refresher = refresher;
        this.clock = clock;
        this.ttl = ttl.toNanos();
        this.refreshAfter = this.ttl - this.ttl / 4;
        this.negativeTtl = negativeTtl.toNanos();
        this.grace = grace.toNanos();
        long keepFound = this.ttl + this.grace;
        long keepMissing = this.negativeTtl;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .ticker(this::now)
                .executor(Runnable::run)
                .expireAfter(new Expiry<List<String>, Entry<V>>() {
                    @Override
                    public long expireAfterCreate(List<String> key, Entry<V> value, long currentTime) {
                        return value.lookup() instanceof Lookup.Found ? keepFound : keepMissing;
                    }

                    @Override
                    public long expireAfterUpdate(List<String> key, Entry<V> value, long currentTime,
                            long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(List<String> key, Entry<V> value, long currentTime,
                            long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /**
     * The cached answer if it is fresh, without waiting; starts a background reload if the entry is near its end.
     *
     * @return the answer, or {@code null} when getting one needs a query
     */
    @Nullable Lookup<V> getIfFresh(List<String> key) {
        return fresh(key, cache.getIfPresent(key));
    }

    /** {@link #getIfFresh} for the entry {@code e} read for {@code key}. */
    private @Nullable Lookup<V> fresh(List<String> key, @Nullable Entry<V> e) {
        if (e == null) {
            return null;
        }
        long age = now() - e.loadedAt();
        if (e.lookup() instanceof Lookup.Found) {
            if (age >= ttl) {
                return null;
            }
            if (age >= refreshAfter) {
                refreshInBackground(key);
            }
            return e.lookup();
        }
        return age < negativeTtl ? e.lookup() : null;
    }

    /**
     * The answer: a fresh cached one, else one query (shared with every caller that asks for the key meanwhile); if
     * that query fails and a found value is still within its grace, that value, marked stale.
     */
    Lookup<V> get(List<String> key) {
        Entry<V> seen = cache.getIfPresent(key);
        Lookup<V> fresh = fresh(key, seen);
        if (fresh != null) {
            return fresh;
        }
        Lookup<V> loaded = load(key, seen);
        if (loaded instanceof Lookup.Failed && seen != null && seen.lookup() instanceof Lookup.Found<V> f
                && now() - seen.loadedAt() < ttl + grace) {
            return new Lookup.Found<>(f.value(), true);
        }
        return loaded;
    }

    /** Drops the entries whose key matches, and forgets their loads in flight. */
    void invalidateIf(Predicate<List<String>> which) {
        generation.incrementAndGet();
        inFlight.keySet().removeIf(which);
        cache.asMap().keySet().removeIf(which);
    }

    /** Drops every entry. */
    void invalidateAll() {
        generation.incrementAndGet();
        inFlight.clear();
        cache.invalidateAll();
    }

    /** The number of entries (for tests and sizing). */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /**
     * One query for {@code key}, shared with the callers that ask meanwhile; {@code seen} is the entry the caller found
     * too old (or null). If another load cached a new entry since, that answer is taken instead of querying again.
     */
    private Lookup<V> load(List<String> key, @Nullable Entry<V> seen) {
        CompletableFuture<Lookup<V>> mine = new CompletableFuture<>();
        CompletableFuture<Lookup<V>> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running.join();
        }
        Entry<V> current = cache.getIfPresent(key);
        if (current != null && current != seen) {
            // Another caller's load finished between this caller's look at the cache and now.
            inFlight.remove(key, mine);
            mine.complete(current.lookup());
            return current.lookup();
        }
        long startedIn = generation.get();
        Lookup<V> result = new Lookup.Failed<>("the query did not finish");
        try {
            result = loader.apply(key);
        } catch (RuntimeException e) {
            result = new Lookup.Failed<>("the query failed: " + e.getClass().getName());
        } finally {
            // An invalidation during the query may have been about this very key: then the answer is not cached.
            if (!(result instanceof Lookup.Failed) && generation.get() == startedIn) {
                cache.put(key, new Entry<>(result, now()));
            }
            // Whatever happened, the callers waiting for this load are released.
            inFlight.remove(key, mine);
            mine.complete(result);
        }
        return result;
    }

    private void refreshInBackground(List<String> key) {
        if (inFlight.containsKey(key)) {
            return;
        }
        try {
            refresher.execute(() -> {
                Entry<V> e = cache.getIfPresent(key);
                if (e != null && now() - e.loadedAt() >= refreshAfter) {
                    load(key, e);
                }
            });
        } catch (RejectedExecutionException e) {
            // Busy or closing: the entry is still fresh; a later read asks again.
        }
    }

    private long now() {
        return TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }
}
