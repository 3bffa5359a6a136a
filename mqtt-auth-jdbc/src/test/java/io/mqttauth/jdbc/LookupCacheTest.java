package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
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
    void aCallerThatMissedWhileAnotherLoadFinishedTakesThatAnswerInsteadOfQueryingAgain() throws Exception {
        // Many rounds of four callers missing one key at once, with a loader quick enough that one caller's load
        // can finish between another's miss and its own start: each round must query exactly once.
        int rounds = 20_000;
        int callers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            for (int round = 0; round < rounds; round++) {
                AtomicInteger loads = new AtomicInteger();
                LookupCache<String> cache = cache(new Fixtures.MutableClock(), key -> {
                    loads.incrementAndGet();
                    return new Lookup.Found<>("row", false);
                });
                CyclicBarrier start = new CyclicBarrier(callers);
                List<Future<Lookup<String>>> answers = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    answers.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return cache.get(KEY);
                    }));
                }
                for (Future<Lookup<String>> a : answers) {
                    assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(new Lookup.Found<>("row", false));
                }
                assertThat(loads).as("queries in round %d", round).hasValue(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallerWhoseEntryWasReloadedByAnotherCallerWhileItLookedTakesThatAnswer() {
        // Deterministically, the interleaving the test above finds by chance: while this caller judges the age of the
        // entry it found expired, another caller reloads the key from start to end.
        Fixtures.MutableClock time = new Fixtures.MutableClock();
        AtomicReference<Runnable> whileJudgingAge = new AtomicReference<>();
        Clock clock = new Clock() {
            @Override
            public long millis() {
                boolean judgingAge = StackWalker.getInstance().walk(frames -> frames.anyMatch(f ->
                        f.getClassName().equals(LookupCache.class.getName()) && f.getMethodName().equals("fresh")));
                Runnable hook = judgingAge ? whileJudgingAge.getAndSet(null) : null;
                if (hook != null) {
                    hook.run();
                }
                return time.millis();
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public ZoneId getZone() {
                return time.getZone();
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        AtomicInteger loads = new AtomicInteger();
        LookupCache<String> cache = new LookupCache<>(100, Duration.ofMinutes(1), Duration.ofSeconds(10),
                Duration.ofMinutes(5), clock, NO_REFRESH, key -> new Lookup.Found<>("row " + loads.incrementAndGet(),
                        false));
        assertThat(cache.get(KEY)).isEqualTo(new Lookup.Found<>("row 1", false));
        time.advance(Duration.ofMinutes(2)); // past the TTL, within the grace: the entry is kept but not fresh
        whileJudgingAge.set(() -> assertThat(CompletableFuture.supplyAsync(() -> cache.get(KEY)).join())
                .isEqualTo(new Lookup.Found<>("row 2", false)));

        assertThat(cache.get(KEY)).isEqualTo(new Lookup.Found<>("row 2", false));
        assertThat(whileJudgingAge).as("the other caller ran").hasValue(null);
        assertThat(loads).as("one query for the two callers").hasValue(2);
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

    /** A cache with a TTL of 100 s, a negative TTL of 10 s and a grace of 5 min whose refreshes {@code tasks} holds. */
    private static LookupCache<String> cache(Fixtures.MutableClock clock, List<Runnable> tasks,
            Function<List<String>, Lookup<String>> load) {
        return new LookupCache<>(100, Duration.ofSeconds(100), Duration.ofSeconds(10), Duration.ofMinutes(5), clock,
                tasks::add, load);
    }

    @Test
    void aFoundValueIsFreshUntilItsTtlAndRefreshedFromTheLastQuarterOn() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        List<Runnable> tasks = new ArrayList<>();
        AtomicInteger loads = new AtomicInteger();
        LookupCache<String> cache = cache(clock, tasks, key -> new Lookup.Found<>("v" + loads.incrementAndGet(),
                false));
        cache.get(KEY);
        clock.advance(Duration.ofMillis(74_999));
        assertThat(cache.getIfFresh(KEY)).isEqualTo(new Lookup.Found<>("v1", false));
        assertThat(tasks).as("before the last quarter").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.getIfFresh(KEY)).isEqualTo(new Lookup.Found<>("v1", false));
        assertThat(tasks).as("at 75 of 100 s").hasSize(1);
        clock.advance(Duration.ofMillis(24_999));
        assertThat(cache.getIfFresh(KEY)).isEqualTo(new Lookup.Found<>("v1", false));
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.getIfFresh(KEY)).as("at the TTL").isNull();
        assertThat(loads).hasValue(1);
        tasks.get(0).run();
        assertThat(loads).hasValue(2);
        assertThat(cache.getIfFresh(KEY)).as("refreshed").isEqualTo(new Lookup.Found<>("v2", false));
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aMissingRowIsRememberedUntilTheNegativeTtlExactly() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        LookupCache<String> cache = cache(clock, new ArrayList<>(), key -> new Lookup.Missing<>());
        cache.get(KEY);
        clock.advance(Duration.ofMillis(9_999));
        assertThat(cache.getIfFresh(KEY)).isEqualTo(new Lookup.Missing<>());
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.getIfFresh(KEY)).isNull();
        assertThat(cache.size()).as("a missing row is kept for the negative TTL only, not the grace").isZero();
    }

    @Test
    void aValueReadAgainAfterItsTtlIsFreshForAWholeTtlAgain() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        AtomicInteger loads = new AtomicInteger();
        LookupCache<String> cache = cache(clock, new ArrayList<>(), key -> new Lookup.Found<>("v"
                + loads.incrementAndGet(), false));
        cache.get(KEY);
        assertThat(cache.get(KEY)).isEqualTo(new Lookup.Found<>("v1", false));
        clock.advance(Duration.ofSeconds(100));
        assertThat(cache.get(KEY)).isEqualTo(new Lookup.Found<>("v2", false));
        clock.advance(Duration.ofSeconds(99));
        assertThat(cache.getIfFresh(KEY)).isEqualTo(new Lookup.Found<>("v2", false));
        assertThat(loads).hasValue(2);
    }

    @Test
    void aRefreshRunAtTheStartOfTheLastQuarterSendsItsQuery() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        List<Runnable> tasks = new ArrayList<>();
        AtomicInteger loads = new AtomicInteger();
        LookupCache<String> cache = cache(clock, tasks, key -> new Lookup.Found<>("v" + loads.incrementAndGet(),
                false));
        cache.get(KEY);
        clock.advance(Duration.ofSeconds(75));
        cache.getIfFresh(KEY);
        tasks.get(0).run();
        assertThat(loads).hasValue(2);
        assertThat(cache.getIfFresh(KEY)).isEqualTo(new Lookup.Found<>("v2", false));
    }

    @Test
    void aQueuedRefreshOfAnEntryRefreshedMeanwhileSendsNoQuery() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        List<Runnable> tasks = new ArrayList<>();
        AtomicInteger loads = new AtomicInteger();
        LookupCache<String> cache = cache(clock, tasks, key -> new Lookup.Found<>("v" + loads.incrementAndGet(),
                false));
        cache.get(KEY);
        clock.advance(Duration.ofSeconds(80));
        cache.getIfFresh(KEY);
        cache.getIfFresh(KEY);
        assertThat(tasks).hasSize(2);
        tasks.get(0).run();
        tasks.get(1).run();
        assertThat(loads).hasValue(2);
    }

    @Test
    void noRefreshIsQueuedWhileALoadOfTheKeyIsInFlight() throws Exception {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        List<Runnable> tasks = new ArrayList<>();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        LookupCache<String> cache = cache(clock, tasks, key -> {
            if (loads.incrementAndGet() == 2) {
                loading.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new Lookup.Found<>("v" + loads.get(), false);
        });
        cache.get(KEY);
        clock.advance(Duration.ofSeconds(80));
        cache.getIfFresh(KEY);
        assertThat(tasks).hasSize(1);
        CompletableFuture<Void> refresh = CompletableFuture.runAsync(tasks.get(0));
        assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cache.getIfFresh(KEY)).isEqualTo(new Lookup.Found<>("v1", false));
        assertThat(tasks).as("the refresh in flight is not queued again").hasSize(1);
        release.countDown();
        refresh.get(10, TimeUnit.SECONDS);
        assertThat(cache.getIfFresh(KEY)).isEqualTo(new Lookup.Found<>("v2", false));
    }

    @Test
    void aRefreshRefusedByABusyExecutorStillServesTheFreshValue() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        LookupCache<String> cache = new LookupCache<>(100, Duration.ofSeconds(100), Duration.ofSeconds(10),
                Duration.ofMinutes(5), clock, task -> {
                    throw new RejectedExecutionException("busy");
                }, key -> new Lookup.Found<>("v", false));
        cache.get(KEY);
        clock.advance(Duration.ofSeconds(80));
        assertThat(cache.getIfFresh(KEY)).isEqualTo(new Lookup.Found<>("v", false));
    }

    @Test
    void aLoaderThatThrowsIsAFailureNamingTheException() {
        LookupCache<String> cache = cache(new Fixtures.MutableClock(), key -> {
            throw new IllegalStateException("driver bug");
        });
        assertThat(cache.get(KEY)).isEqualTo(new Lookup.Failed<>("the query failed: java.lang.IllegalStateException"));
        assertThat(cache.size()).isZero();
    }

    @Test
    void invalidatingDropsTheMatchingKeysOnly() {
        AtomicInteger loads = new AtomicInteger();
        LookupCache<String> cache = cache(new Fixtures.MutableClock(), key -> {
            loads.incrementAndGet();
            return new Lookup.Found<>(key.get(0), false);
        });
        cache.get(List.of("alice"));
        cache.get(List.of("bob"));
        cache.invalidateIf(key -> key.get(0).equals("alice"));
        assertThat(cache.getIfFresh(List.of("alice"))).isNull();
        assertThat(cache.getIfFresh(List.of("bob"))).isEqualTo(new Lookup.Found<>("bob", false));
        assertThat(cache.size()).isEqualTo(1);
        cache.invalidateAll();
        assertThat(cache.getIfFresh(List.of("bob"))).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void anAnswerLoadedAcrossAnInvalidationIsNotCached() throws Exception {
        for (boolean all : new boolean[] {true, false}) {
            CountDownLatch loading = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger loads = new AtomicInteger();
            LookupCache<String> cache = cache(new Fixtures.MutableClock(), key -> {
                if (loads.incrementAndGet() == 1) {
                    loading.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Lookup.Found<>("old", false);
                }
                return new Lookup.Found<>("new", false);
            });
            CompletableFuture<Lookup<String>> first = CompletableFuture.supplyAsync(() -> cache.get(KEY));
            assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
            if (all) {
                cache.invalidateAll();
            } else {
                cache.invalidateIf(KEY::equals);
            }
            assertThat(cache.get(KEY)).as("a new caller does not wait for the load the invalidation forgot")
                    .isEqualTo(new Lookup.Found<>("new", false));
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(new Lookup.Found<>("old", false));
            assertThat(cache.get(KEY)).as("the old answer was not cached").isEqualTo(new Lookup.Found<>("new", false));
            assertThat(loads).hasValue(2);
        }
    }
}
