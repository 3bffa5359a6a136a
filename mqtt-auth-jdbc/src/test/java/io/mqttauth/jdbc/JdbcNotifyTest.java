package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import io.mqttauth.spi.ProviderContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LISTEN/NOTIFY across two engines (two broker nodes) on a real PostgreSQL: a device revoked in the database and
 * announced with {@code NOTIFY mqtt_auth, 'user'} is refused by both nodes at once, long before the cache's TTL.
 */
class JdbcNotifyTest {

    private static Postgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        pg = Postgres.create();
        pg.createEmqxTables();
        pg.sql("INSERT INTO mqtt_user(username, password_hash, salt) VALUES "
                + "('device-1', encode(sha256(('pw' || 's')::bytea), 'hex'), 's'), "
                + "('device-2', encode(sha256(('pw' || 's')::bytea), 'hex'), 's'), "
                + "('device-3', encode(sha256(('pw' || 's')::bytea), 'hex'), 's'), "
                + "('device-4', encode(sha256(('pw' || 's')::bytea), 'hex'), 's'), "
                + "('device-5', encode(sha256(('pw' || 's')::bytea), 'hex'), 's')");
    }

    @AfterAll
    static void drop() {
        if (pg != null) {
            pg.close();
        }
    }

    private static ConnectRequest connect(String user) {
        return ConnectRequest.builder("c-" + user).username(user).password("pw").build();
    }

    /** The time until {@code auth} refuses {@code user}, polled every 10 ms for at most 10 s. */
    private static Duration untilRefused(MqttAuth auth, String user, long startedNanos, FailureReason reason)
            throws InterruptedException {
        long deadline = startedNanos + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Decision d = auth.authenticate(connect(user));
            if (d.reason().filter(reason::equals).isPresent()) {
                return Duration.ofNanos(System.nanoTime() - startedNanos);
            }
            Thread.sleep(10);
        }
        throw new AssertionError(user + " was not refused within 10 s");
    }

    @Test
    void aRevokedDeviceIsRefusedOnEveryNodeWithinASecond() throws Exception {
        Map<String, String> config = Fixtures.config(pg, dir, "password-hash", "sha256", "salt-position", "suffix",
                "cache.ttl", "1h", "cache.negative-ttl", "1h", "notify-channel", "mqtt_auth");
        try (MqttAuth node1 = Fixtures.engine(config); MqttAuth node2 = Fixtures.engine(config)) {
            Thread.sleep(1_000); // both listeners connected
            for (MqttAuth node : new MqttAuth[] {node1, node2}) {
                assertThat(node.authenticate(connect("device-1")).isAllowed()).isTrue();
                assertThat(node.authenticate(connect("device-2")).isAllowed()).isTrue();
            }
            long started = System.nanoTime();
            pg.sql("DELETE FROM mqtt_user WHERE username = 'device-1'", "NOTIFY mqtt_auth, 'device-1'");
            Duration first = untilRefused(node1, "device-1", started, FailureReason.NO_CREDENTIALS_FOUND);
            Duration second = untilRefused(node2, "device-1", started, FailureReason.NO_CREDENTIALS_FOUND);
            // The listener polls every 250 ms; a second leaves room for a busy machine.
            assertThat(first).isLessThan(Duration.ofSeconds(1));
            assertThat(second).isLessThan(Duration.ofSeconds(1));
            assertThat(node1.authenticate(connect("device-2")).isAllowed()).as("other users stay cached").isTrue();
        }
    }

    @Test
    void anEmptyPayloadDropsEveryEntry() throws Exception {
        Map<String, String> config = Fixtures.config(pg, dir, "password-hash", "sha256", "salt-position", "suffix",
                "cache.ttl", "1h", "notify-channel", "mqtt_auth_all");
        try (MqttAuth node = Fixtures.engine(config)) {
            Thread.sleep(1_000);
            assertThat(node.authenticate(connect("device-3")).isAllowed()).isTrue();
            long started = System.nanoTime();
            pg.sql("UPDATE mqtt_user SET password_hash = 'x' WHERE username = 'device-3'",
                    "NOTIFY mqtt_auth_all, ''");
            assertThat(untilRefused(node, "device-3", started, FailureReason.INTERNAL_ERROR))
                    .isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void afterLosingItsConnectionTheListenerDropsEveryEntrySinceNotificationsWereMissed() throws Exception {
        try (TcpProxy proxy = new TcpProxy(pg.port())) {
            Map<String, String> config = new HashMap<>(Fixtures.config(pg, dir, "password-hash", "sha256",
                    "salt-position", "suffix", "cache.ttl", "1h", "notify-channel", "mqtt_auth_lost"));
            config.put("url", pg.url(proxy.port()));
            try (MqttAuth node = Fixtures.engine(config)) {
                Thread.sleep(1_000);
                assertThat(node.authenticate(connect("device-4")).isAllowed()).isTrue();
                proxy.stop();
                Thread.sleep(500);
                pg.sql("UPDATE mqtt_user SET password_hash = 'x' WHERE username = 'device-4'");
                assertThat(node.authenticate(connect("device-4")).isAllowed()).as("cached while down").isTrue();
                long started = System.nanoTime();
                proxy.start();
                untilRefused(node, "device-4", started, FailureReason.INTERNAL_ERROR);
            }
        }
    }

    @Test
    void everyNotificationTellsTheEngineThatTheRulesChanged() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        Map<String, String> config = Fixtures.config(pg, dir, "password-hash", "sha256", "salt-position", "suffix",
                "notify-channel", "mqtt_auth_told");
        try (JdbcProvider p = (JdbcProvider) new JdbcProviderFactory().create(ProviderContext.of("jdbc", config,
                dir, new Fixtures.MutableClock(), reloads::incrementAndGet))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (reloads.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(reloads).as("listening starts with everything dropped").hasValue(1);
            pg.sql("NOTIFY mqtt_auth_told, 'device-5'");
            while (reloads.get() == 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(reloads).hasValue(2);
            pg.sql("NOTIFY mqtt_auth_told, ''");
            while (reloads.get() == 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(reloads).hasValue(3);
        }
    }
}
