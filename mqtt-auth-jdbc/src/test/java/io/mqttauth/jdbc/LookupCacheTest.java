package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The cache's rules without a database: single flight, the outage grace, failures never cached, waiters released. */
class LookupCacheTest {

    private static final List<String> KEY = List.of("alice");
    private static final Executor NO_REFRESH = Runnable::run;

    private static LookupCache<String> cache(Fixtures.MutableClock clock, Function<List<String>, Lookup<String>> load) {
        return new LookupCache<>(100, Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(5), clock,
                NO_REFRESH, load);
    }

    @Test
    void callersMissingTheSameKeyShareOneLoad() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        LookupCache<String> cache = cache(new Fixtures.MutableClock(), key -> {
            loads.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Lookup.Found<>("row", false);
        });
        List<CompletableFuture<Lookup<String>>> callers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            callers.add(CompletableFuture.supplyAsync(() -> cache.get(KEY)));
        }
        Thread.sleep(200);
        release.countDown();
        for (CompletableFuture<Lookup<String>> c : callers) {
            assertThat(c.get(10, TimeUnit.SECONDS)).isEqualTo(new Lookup.Found<>("row", false));
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void aFoundValueIsServedStaleWithinTheGraceWhenTheReloadFails() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        AtomicReference<Lookup<String>> next = new AtomicReference<>(new Lookup.Found<>("row", false));
        LookupCache<String> cache = cache(clock, key -> next.get());
        assertThat(cache.get(KEY)).isEqualTo(new Lookup.Found<>("row", false));
        next.set(new Lookup.Failed<>("down"));
        clock.advance(Duration.ofMinutes(2));
        assertThat(cache.getIfFresh(KEY)).as("past the TTL").isNull();
        assertThat(cache.get(KEY)).isEqualTo(new Lookup.Found<>("row", true));
        clock.advance(Duration.ofMinutes(5));
        assertThat(cache.get(KEY)).isEqualTo(new Lookup.Failed<>("down"));
    }

    @Test
    void aFailureIsNeverCachedAndAMissingRowIsCachedForTheNegativeTtl() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        AtomicInteger loads = new AtomicInteger();
        AtomicReference<Lookup<String>> next = new AtomicReference<>(new Lookup.Failed<>("down"));
        LookupCache<String> cache = cache(clock, key -> {
            loads.incrementAndGet();
            return next.get();
        });
        cache.get(KEY);
        cache.get(KEY);
        assertThat(loads).hasValue(2);
        next.set(new Lookup.Missing<>());
        cache.get(KEY);
        cache.get(KEY);
        assertThat(loads).hasValue(3);
        clock.advance(Duration.ofSeconds(11));
        cache.get(KEY);
        assertThat(loads).hasValue(4);
    }

    @Test
    void aLoadThatEndsInAnErrorReleasesItsWaiters() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        LookupCache<String> cache = cache(new Fixtures.MutableClock(), key -> {
            if (loads.incrementAndGet() > 1) {
                return new Lookup.Found<>("row", false);
            }
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new StackOverflowError("a driver bug");
        });
        CompletableFuture<Throwable> loader = CompletableFuture.supplyAsync(() -> {
            try {
                cache.get(KEY);
                return null;
            } catch (StackOverflowError e) {
                return e;
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Lookup<String>> waiter = CompletableFuture.supplyAsync(() -> cache.get(KEY));
        Thread.sleep(200);
        release.countDown();
        assertThat(loader.get(10, TimeUnit.SECONDS)).isInstanceOf(StackOverflowError.class);
        // The waiter shared the failed load, or (on a slow machine) came after it and loaded again; it never hangs.
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isIn(new Lookup.Failed<>("the query did not finish"),
                new Lookup.Found<>("row", false));
        assertThat(cache.get(KEY)).isEqualTo(new Lookup.Found<>("row", false));
    }
}
