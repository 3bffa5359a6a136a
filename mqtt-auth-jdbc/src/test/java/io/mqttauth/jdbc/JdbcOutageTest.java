package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import io.mqttauth.MqttVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes down and comes back mid-test, for real: the pool reaches PostgreSQL through a {@link TcpProxy}
 * that the test stops (every connection breaks, new ones are refused) and starts again. Cached positive decisions
 * hold for the outage grace; everything else is PROVIDER_UNAVAILABLE (CONNACK 0x88, 3.1.1 code 3), never a
 * credentials reason; recovery needs no restart.
 */
class JdbcOutageTest {

    private static Postgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        pg = Postgres.create();
        pg.createEmqxTables();
        pg.sql("INSERT INTO mqtt_user(username, password_hash, salt) VALUES "
                + "('cached', encode(sha256(('pw' || 's')::bytea), 'hex'), 's'), "
                + "('uncached', encode(sha256(('pw' || 's')::bytea), 'hex'), 's')",
            "INSERT INTO mqtt_acl(username, permission, action, topic) VALUES ('cached', 'allow', 'all', 'c/#')");
    }

    @AfterAll
    static void drop() {
        if (pg != null) {
            pg.close();
        }
    }

    private static ConnectRequest connect(String user, String password) {
        return ConnectRequest.builder("c-" + user).username(user).password(password).mqttVersion(MqttVersion.V5)
                .build();
    }

    private Map<String, String> through(TcpProxy proxy, String... extra) {
        Map<String, String> config = new HashMap<>(Fixtures.config(pg, dir, extra));
        config.put("url", pg.url(proxy.port()));
        config.put("password-hash", "sha256");
        config.put("salt-position", "suffix");
        config.put("pool.timeout", "500ms");
        return config;
    }

    @Test
    void stopAndRestartMidTest() throws Exception {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        try (TcpProxy proxy = new TcpProxy(pg.port());
                MqttAuth auth = Fixtures.engine(through(proxy, "cache.ttl", "1m", "outage-grace", "5m"), clock)) {
            Decision before = auth.authenticate(connect("cached", "pw"));
            assertThat(before.isAllowed()).as(before.explain()).isTrue();
            Identity cached = before.identity().orElseThrow();
            assertThat(auth.authorize(cached, Action.publish("c/1")).isAllowed()).isTrue();

            proxy.stop();
            clock.advance(Duration.ofMinutes(2)); // past the TTL, within the grace

            Decision grace = auth.authenticate(connect("cached", "pw"));
            assertThat(grace.isAllowed()).as(grace.explain()).isTrue();
            assertThat(grace.explain()).contains("outage-grace");
            assertThat(auth.authorize(cached, Action.publish("c/2")).isAllowed()).isTrue();

            Decision wrong = auth.authenticate(connect("cached", "not-pw"));
            assertThat(wrong.reason()).as("a cached row still checks the password").contains(
                    FailureReason.PASSWORD_MISMATCH);

            Decision unknown = auth.authenticate(connect("uncached", "pw"));
            assertThat(unknown.reason()).contains(FailureReason.PROVIDER_UNAVAILABLE);
            assertThat(unknown.codeFor(MqttVersion.V5)).isEqualTo(0x88);
            assertThat(unknown.codeFor(MqttVersion.V3_1_1)).isEqualTo(3);
            assertThat(auth.authenticate(connect("nobody", "pw")).reason()).as("never NO_CREDENTIALS_FOUND")
                    .contains(FailureReason.PROVIDER_UNAVAILABLE);

            clock.advance(Duration.ofMinutes(5)); // past the grace
            assertThat(auth.authenticate(connect("cached", "pw")).reason())
                    .contains(FailureReason.PROVIDER_UNAVAILABLE);
            assertThat(auth.authorize(cached, Action.publish("c/3")).reason())
                    .contains(FailureReason.PROVIDER_UNAVAILABLE);

            proxy.start();
            Decision recovered = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                recovered = auth.authenticate(connect("uncached", "pw"));
                if (recovered.isAllowed()) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(recovered.isAllowed()).as(recovered.explain()).isTrue();
            assertThat(auth.authenticate(connect("cached", "pw")).isAllowed()).isTrue();
        }
    }

    @Test
    void aDatabaseDownAtStartDoesNotStopTheEngineAndIsReported() throws Exception {
        try (TcpProxy proxy = new TcpProxy(pg.port())) {
            proxy.stop();
            try (MqttAuth auth = Fixtures.engine(through(proxy))) {
                assertThat(auth.problems()).anySatisfy(p -> {
                    assertThat(p.key()).isEqualTo("jdbc.url");
                    assertThat(p.message()).contains("does not answer");
                });
                assertThat(auth.authenticate(connect("uncached", "pw")).reason())
                        .contains(FailureReason.PROVIDER_UNAVAILABLE);
                proxy.start();
                assertThat(auth.reload()).isEmpty();
                assertThat(auth.problems()).isEmpty();
                assertThat(auth.authenticate(connect("uncached", "pw")).isAllowed()).isTrue();
            }
        }
    }

    @Test
    void whileAProblemStandsTheDatabaseIsCheckedAgainEveryRecheckInterval() throws Exception {
        try (TcpProxy proxy = new TcpProxy(pg.port())) {
            proxy.stop();
            try (MqttAuth auth = Fixtures.engine(through(proxy, "recheck-interval", "100ms"))) {
                assertThat(auth.problems()).extracting(p -> p.key()).containsExactly("jdbc.url");
                proxy.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (!auth.problems().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(auth.problems()).as("found again without reload()").isEmpty();
            }
        }
    }

    @Test
    void aQueryWithoutARequiredColumnIsReported() {
        try (MqttAuth auth = Fixtures.engine(Fixtures.config(pg, dir, "authn.query",
                "SELECT password_hash AS pw, salt FROM mqtt_user WHERE username = ${username}", "acl.query",
                "SELECT permission, topic FROM mqtt_acl WHERE username = ${username}"))) {
            assertThat(auth.problems()).extracting(p -> p.key() + ": " + p.message()).containsExactlyInAnyOrder(
                    "jdbc.authn.query: returns no column password_hash (it returns [pw, salt])",
                    "jdbc.acl.query: returns no column action (it returns [permission, topic])");
            assertThat(auth.authenticate(connect("cached", "pw")).reason())
                    .contains(FailureReason.PROVIDER_UNAVAILABLE);
        }
    }

    @Test
    void anExhaustedPoolRefusesWithinItsTimeoutAsUnavailable() throws Exception {
        String slow = "SELECT password_hash, salt, is_superuser, pg_sleep(CASE WHEN ${username} = 'cached' THEN 3 "
                + "ELSE 0 END) AS pause FROM mqtt_user WHERE username = ${username} LIMIT 1";
        try (MqttAuth auth = Fixtures.engine(Fixtures.config(pg, dir, "authn.query", slow, "pool.size", "1",
                "pool.timeout", "250ms", "query-timeout", "10s", "password-hash", "sha256",
                "salt-position", "suffix"))) {
            Thread sleeper = new Thread(() -> auth.authenticate(connect("cached", "pw")));
            sleeper.start();
            Thread.sleep(500); // the sleeper holds the pool's only connection
            long started = System.nanoTime();
            Decision waiting = auth.authenticate(connect("uncached", "pw"));
            long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(waiting.reason()).as(waiting.explain()).contains(FailureReason.PROVIDER_UNAVAILABLE);
            assertThat(waited).as("bounded by pool.timeout, not by the sleeping query").isLessThan(2_500);
            sleeper.join();
            assertThat(auth.authenticate(connect("uncached", "pw")).isAllowed()).isTrue();
        }
    }

    @Test
    void aQueryThatOutlivesTheQueryTimeoutIsUnavailable() {
        String slow = "SELECT password_hash, salt, is_superuser, pg_sleep(5) AS pause FROM mqtt_user WHERE username = "
                + "${username} LIMIT 1";
        try (MqttAuth auth = Fixtures.engine(Fixtures.config(pg, dir, "authn.query", slow, "query-timeout", "1s"))) {
            long started = System.nanoTime();
            Decision d = auth.authenticate(connect("uncached", "pw"));
            assertThat(d.reason()).contains(FailureReason.PROVIDER_UNAVAILABLE);
            assertThat(d.explain()).contains("57014");
            assertThat(Duration.ofNanos(System.nanoTime() - started).toMillis()).isLessThan(4_500);
        }
    }
}
