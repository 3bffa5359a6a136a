package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import io.mqttauth.spi.ProviderContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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

    /** The longest a test waits for anything. */
    private static final Duration WAIT = Duration.ofSeconds(3);

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

    /** The time until {@code auth} refuses {@code user}, polled every 10 ms for at most 3 s. */
    private static Duration untilRefused(MqttAuth auth, String user, long startedNanos, FailureReason reason)
            throws InterruptedException {
        long deadline = startedNanos + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Decision d = auth.authenticate(connect(user));
            if (d.reason().filter(reason::equals).isPresent()) {
                return Duration.ofNanos(System.nanoTime() - startedNanos);
            }
            Thread.sleep(10);
        }
        throw new AssertionError(user + " was not refused within " + WAIT);
    }

    /** Waits (at most 3 s) until {@code count} sessions of the test role listen on {@code channel}. */
    static void untilListening(Postgres pg, String channel, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int listening = -1;
        while (System.nanoTime() < deadline) {
            try (Connection c = pg.connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN "
                            + channel + "'")) {
                rs.next();
                listening = rs.getInt(1);
            }
            if (listening == count) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(listening + " sessions listen on " + channel + " after " + WAIT + ", not " + count);
    }

    /** A configuration with a listener on {@code channel} that reconnects every 100 ms. */
    private Map<String, String> listening(String channel, String... extra) {
        Map<String, String> config = new HashMap<>(Fixtures.config(pg, dir, extra));
        config.put("password-hash", "sha256");
        config.put("salt-position", "suffix");
        config.put("notify-channel", channel);
        config.put("notify-reconnect", "100ms");
        return config;
    }

    @Test
    void aRevokedDeviceIsRefusedOnEveryNodeWithinASecond() throws Exception {
        Map<String, String> config = listening("mqtt_auth", "cache.ttl", "1h", "cache.negative-ttl", "1h");
        try (MqttAuth node1 = Fixtures.engine(config); MqttAuth node2 = Fixtures.engine(config)) {
            untilListening(pg, "mqtt_auth", 2);
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
        Map<String, String> config = listening("mqtt_auth_all", "cache.ttl", "1h");
        try (MqttAuth node = Fixtures.engine(config)) {
            untilListening(pg, "mqtt_auth_all", 1);
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
            Map<String, String> config = listening("mqtt_auth_lost", "cache.ttl", "1h");
            config.put("url", pg.url(proxy.port()));
            try (MqttAuth node = Fixtures.engine(config)) {
                untilListening(pg, "mqtt_auth_lost", 1);
                assertThat(node.authenticate(connect("device-4")).isAllowed()).isTrue();
                proxy.stop();
                untilListening(pg, "mqtt_auth_lost", 0);
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
        Map<String, String> config = listening("mqtt_auth_told");
        try (JdbcProvider p = (JdbcProvider) new JdbcProviderFactory().create(ProviderContext.of("jdbc", config,
                dir, new Fixtures.MutableClock(), reloads::incrementAndGet))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
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
