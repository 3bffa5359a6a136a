package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import io.mqttauth.spi.ProviderContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache on a real PostgreSQL: positive entries live for the TTL, negative ones for the negative TTL, one query per
 * key however many clients ask at once, a cache hit needs no thread hop, and one user can be invalidated.
 */
class JdbcCacheTest {

    private static final int USERS = 1_000;
    private static Postgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        pg = Postgres.create();
        pg.createEmqxTables();
        pg.sql("INSERT INTO mqtt_user(username, password_hash, salt) SELECT 'u' || i, "
                + "encode(sha256(('pw' || i || 'salt')::bytea), 'hex'), 'salt' FROM generate_series(1, " + USERS
                + ") AS i",
            "INSERT INTO mqtt_acl(username, permission, action, topic) SELECT 'u' || i, 'allow', 'all', "
                + "'u/${username}/#' FROM generate_series(1, " + USERS + ") AS i");
    }

    @AfterAll
    static void drop() {
        if (pg != null) {
            pg.close();
        }
    }

    private JdbcProvider provider(Fixtures.MutableClock clock, String... extra) {
        // A long pool timeout: these tests count queries; exhaustion has its own test.
        List<String> keys = new ArrayList<>(List.of("password-hash", "sha256", "salt-position", "suffix",
                "pool.timeout", "30s"));
        keys.addAll(List.of(extra));
        return (JdbcProvider) new JdbcProviderFactory().create(ProviderContext.of("jdbc",
                Fixtures.config(pg, dir, keys.toArray(String[]::new)), dir, clock, () -> { }));
    }

    private static ConnectRequest connect(int user) {
        return ConnectRequest.builder("c" + user).username("u" + user).password("pw" + user).build();
    }

    @Test
    void aReconnectStormOfTenThousandClientsForAThousandUsersSendsAtMostAThousandQueries() throws Exception {
        try (JdbcProvider p = provider(new Fixtures.MutableClock())) {
            var authenticator = p.authenticator().orElseThrow();
            ExecutorService pool = Executors.newFixedThreadPool(32);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<AuthenticationResult>> results = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                int user = 1 + i % USERS;
                results.add(pool.submit(() -> {
                    start.await();
                    return authenticator.authenticate(connect(user));
                }));
            }
            start.countDown();
            for (Future<AuthenticationResult> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isInstanceOf(AuthenticationResult.Success.class);
            }
            pool.shutdown();
            assertThat(p.queryCount()).isLessThanOrEqualTo(USERS).isGreaterThanOrEqualTo(USERS);
        }
    }

    @Test
    void manyClientsMissingOneKeyAtOnceShareOneQuery() throws Exception {
        try (JdbcProvider p = provider(new Fixtures.MutableClock())) {
            var authenticator = p.authenticator().orElseThrow();
            ExecutorService pool = Executors.newFixedThreadPool(64);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<AuthenticationResult>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return authenticator.authenticate(connect(7));
                }));
            }
            start.countDown();
            for (Future<AuthenticationResult> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).isInstanceOf(AuthenticationResult.Success.class);
            }
            pool.shutdown();
            assertThat(p.queryCount()).isEqualTo(1);
        }
    }

    @Test
    void aFoundRowIsReusedForTheTtlThenReadAgain() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        try (JdbcProvider p = provider(clock, "cache.ttl", "1m")) {
            var authenticator = p.authenticator().orElseThrow();
            authenticator.authenticate(connect(1));
            clock.advance(Duration.ofSeconds(30));
            authenticator.authenticate(connect(1));
            assertThat(p.queryCount()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(31));
            authenticator.authenticate(connect(1));
            assertThat(p.queryCount()).isEqualTo(2);
        }
    }

    @Test
    void anUnknownUserIsRememberedForTheNegativeTtl() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        try (JdbcProvider p = provider(clock, "cache.negative-ttl", "10s")) {
            var authenticator = p.authenticator().orElseThrow();
            ConnectRequest ghost = ConnectRequest.builder("g").username("ghost").password("x").build();
            assertThat(authenticator.authenticate(ghost)).isInstanceOf(AuthenticationResult.Abstain.class);
            clock.advance(Duration.ofSeconds(9));
            authenticator.authenticate(ghost);
            assertThat(p.queryCount()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(2));
            authenticator.authenticate(ghost);
            assertThat(p.queryCount()).isEqualTo(2);
        }
    }

    @Test
    void aRowReadInTheLastQuarterOfItsTtlIsRefreshedInTheBackground() throws Exception {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        try (JdbcProvider p = provider(clock, "cache.ttl", "100s")) {
            var authenticator = p.authenticator().orElseThrow();
            authenticator.authenticate(connect(2));
            clock.advance(Duration.ofSeconds(80));
            assertThat(authenticator.authenticateWithoutBlocking(connect(2))).get()
                    .isInstanceOf(AuthenticationResult.Success.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (p.queryCount() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(p.queryCount()).as("a background refresh").isEqualTo(2);
            clock.advance(Duration.ofSeconds(50)); // past the first read's TTL
            boolean fresh = false;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!fresh && System.nanoTime() < deadline) {
                fresh = authenticator.authenticateWithoutBlocking(connect(2)).isPresent();
                Thread.sleep(10);
            }
            assertThat(fresh).as("the refreshed row is fresh past the first read's TTL").isTrue();
            assertThat(p.queryCount()).isEqualTo(2);
        }
    }

    @Test
    void aCacheHitIsDecidedOnTheCallingThreadAndAMissOnTheExecutor() {
        try (MqttAuth auth = Fixtures.engine(Fixtures.config(pg, dir, "password-hash", "sha256",
                "salt-position", "suffix"))) {
            List<Runnable> hops = new ArrayList<>();
            CompletableFuture<Decision> miss = auth.authenticateAsync(connect(3), hops::add);
            assertThat(miss).isNotDone();
            assertThat(hops).hasSize(1);
            hops.remove(0).run();
            assertThat(miss.join().isAllowed()).isTrue();
            CompletableFuture<Decision> hit = auth.authenticateAsync(connect(3), hops::add);
            assertThat(hit).isDone();
            assertThat(hit.join().isAllowed()).isTrue();
            assertThat(hops).isEmpty();
            Identity identity = hit.join().identity().orElseThrow();
            CompletableFuture<Decision> ruleMiss = auth.authorizeAsync(identity, Action.publish("u/u3/a"), hops::add);
            hops.remove(0).run();
            assertThat(ruleMiss.join().isAllowed()).isTrue();
            CompletableFuture<Decision> ruleHit = auth.authorizeAsync(identity, Action.publish("u/u3/b"), hops::add);
            assertThat(ruleHit).isDone();
            assertThat(ruleHit.join().isAllowed()).isTrue();
            assertThat(hops).isEmpty();
        }
    }

    @Test
    void invalidatingOneUserMakesTheNextDecisionReadTheDatabase() {
        pg.sql("INSERT INTO mqtt_user(username, password_hash, salt) VALUES ('revoked', "
                + "encode(sha256(('pw' || 'salt')::bytea), 'hex'), 'salt')");
        try (MqttAuth auth = Fixtures.engine(Fixtures.config(pg, dir, "password-hash", "sha256",
                "salt-position", "suffix", "cache.ttl", "1h"))) {
            ConnectRequest revoked = ConnectRequest.builder("r").username("revoked").password("pw").build();
            assertThat(auth.authenticate(revoked).isAllowed()).isTrue();
            pg.sql("DELETE FROM mqtt_user WHERE username = 'revoked'");
            assertThat(auth.authenticate(revoked).isAllowed()).as("cached").isTrue();
            auth.invalidate("revoked");
            assertThat(auth.authenticate(revoked).reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
        }
    }
}
