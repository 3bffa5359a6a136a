package io.mqttauth.examples.hivemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.mqttauth.MqttAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HiveMQ with {@code authenticators = jdbc} and {@code authorizers = jdbc}, driven by a real MQTT client: users and
 * rules in EMQX's tables on a real PostgreSQL (reached through {@code MQTT_AUTH_PG_URL}, {@code MQTT_AUTH_PG_USER} and
 * {@code MQTT_AUTH_PG_PASSWORD}, as mqtt-auth-jdbc's tests; skipped without a server, except under CI). The
 * wrapper decides database misses on HiveMQ's managed executor and cache hits on the I/O thread.
 */
class HiveMqJdbcTest {

    private static final String DB = "mqtt_auth_hivemq_" + ProcessHandle.current().pid();
    private static String adminUrl;

    @TempDir
    Path tmp;

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Connection admin(String url) throws SQLException {
        return DriverManager.getConnection(url, setting("MQTT_AUTH_PG_USER", "postgres"),
                setting("MQTT_AUTH_PG_PASSWORD", "postgres"));
    }

    private static String dbUrl() {
        return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + DB;
    }

    @BeforeAll
    static void database() throws SQLException {
        adminUrl = setting("MQTT_AUTH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        try (Connection c = admin(adminUrl); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + DB);
        } catch (SQLException e) {
            String message = "no PostgreSQL server at " + adminUrl + " (" + e.getMessage() + "); see docs/jdbc.md";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + ". Under CI (CI=true) a missing server is a failure.", e);
            }
            assumeTrue(false, message);
        }
        try (Connection c = admin(dbUrl()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE mqtt_user (id serial PRIMARY KEY, username text UNIQUE, password_hash text, "
                    + "salt text, is_superuser boolean DEFAULT false)");
            st.execute("CREATE TABLE mqtt_acl (id serial PRIMARY KEY, username text, permission text, action text, "
                    + "topic text, qos varchar(5), retain smallint)");
            st.execute("INSERT INTO mqtt_user (username, password_hash, salt) VALUES ('device-1', "
                    + "encode(sha256(('device-pw' || 'salt-1')::bytea), 'hex'), 'salt-1')");
            st.execute("INSERT INTO mqtt_acl (username, permission, action, topic) VALUES "
                    + "('device-1', 'allow', 'publish', 'devices/${clientid}/#'), "
                    + "('device-1', 'deny', 'all', '#')");
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        if (adminUrl != null) {
            try (Connection c = admin(adminUrl); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            }
        }
    }

    @Test
    void aDeviceInTheDatabaseConnectsAndPublishesWhereItsRowsAllow() throws Exception {
        Files.writeString(tmp.resolve("db-password"), setting("MQTT_AUTH_PG_PASSWORD", "postgres"));
        Path conf = Files.writeString(tmp.resolve("mqtt-auth.properties"), String.join("\n",
                "authenticators = jdbc", "authorizers = jdbc", "jdbc.url = " + dbUrl(),
                "jdbc.user = " + setting("MQTT_AUTH_PG_USER", "postgres"), "jdbc.password-file = db-password",
                "jdbc.pool.timeout = 2s", "jdbc.password-hash = sha256", "jdbc.salt-position = suffix",
                "jdbc.authn.query = SELECT password_hash, salt, is_superuser FROM mqtt_user WHERE username = "
                        + "${username} LIMIT 1",
                "jdbc.acl.query = SELECT permission, action, topic, qos, retain FROM mqtt_acl WHERE username = "
                        + "${username} ORDER BY id", ""));
        int port = Mqtt.freePort();
        try (MqttAuth auth = MqttAuth.builder().configuration(conf).hostKeys(HiveMqOptions.KEYS).build();
             EmbeddedBroker broker = EmbeddedBroker.builder(new MqttAuthHiveMq(auth, HiveMqOptions.fromFile(conf)))
                     .tcp("tcp", "127.0.0.1", port).start()) {
            Mqtt5BlockingClient wrong = Mqtt.v5(port, "d1");
            assertThat(Mqtt.connect5(wrong, "device-1", "not-the-pw")).isEqualTo(0x87);
            Mqtt5BlockingClient unknown = Mqtt.v5(port, "d1");
            assertThat(Mqtt.connect5(unknown, "device-9", "device-pw")).isEqualTo(0x87);

            Mqtt5BlockingClient device = Mqtt.v5(port, "d1");
            assertThat(Mqtt.connect5(device, "device-1", "device-pw")).isZero();
            assertThat(Mqtt.publish5(device, "devices/d1/temp")).isIn(0x00, 0x10);
            assertThat(Mqtt.publish5(device, "devices/d2/temp")).isEqualTo(0x87);
            device.disconnect();

            Mqtt5BlockingClient again = Mqtt.v5(port, "d1");
            assertThat(Mqtt.connect5(again, "device-1", "device-pw")).as("from the cache").isZero();
            again.disconnect();
        }
    }
}
