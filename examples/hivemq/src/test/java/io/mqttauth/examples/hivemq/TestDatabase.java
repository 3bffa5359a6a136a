package io.mqttauth.examples.hivemq;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database of a test's own on a real PostgreSQL, with EMQX's two tables and one device ({@code device-1}, password
 * {@code device-pw}, sha256 with the suffix salt {@code salt-1}, allowed to publish to {@code devices/<client id>/#}
 * and denied everything else). The server is reached as mqtt-auth-jdbc's tests reach it: {@code MQTT_AUTH_PG_URL}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}), {@code MQTT_AUTH_PG_USER} and
 * {@code MQTT_AUTH_PG_PASSWORD} (default {@code postgres}); without a server the test is skipped, except under CI
 * ({@code CI=true}), where it fails.
 */
final class TestDatabase implements AutoCloseable {

    private final String adminUrl;
    private final String name;

    private TestDatabase(String adminUrl, String name) {
        this.adminUrl = adminUrl;
        this.name = name;
    }

    static String setting(String key, String fallback) {
        String value = System.getProperty(key, System.getenv(key));
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Creates the database {@code name} (dropping one left over) with its tables and device. */
    static TestDatabase create(String name) throws SQLException {
        TestDatabase db = new TestDatabase(setting("MQTT_AUTH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                name);
        try (Connection c = db.admin(db.adminUrl); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String message = "no PostgreSQL server at " + db.adminUrl + " (" + e.getMessage() + "); see docs/jdbc.md";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + ". Under CI (CI=true) a missing server is a failure.", e);
            }
            assumeTrue(false, message);
        }
        try (Connection c = db.admin(db.url()); Statement st = c.createStatement()) {
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
        return db;
    }

    private Connection admin(String url) throws SQLException {
        return DriverManager.getConnection(url, user(), password());
    }

    String url() {
        return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
    }

    String user() {
        return setting("MQTT_AUTH_PG_USER", "postgres");
    }

    String password() {
        return setting("MQTT_AUTH_PG_PASSWORD", "postgres");
    }

    /** The jdbc provider's keys for this database, its password in the file {@code db-password}. */
    String configuration() {
        return String.join("\n", "jdbc.url = " + url(), "jdbc.user = " + user(),
                "jdbc.password-file = db-password", "jdbc.pool.timeout = 2s", "jdbc.password-hash = sha256",
                "jdbc.salt-position = suffix",
                "jdbc.authn.query = SELECT password_hash, salt, is_superuser FROM mqtt_user WHERE username = "
                        + "${username} LIMIT 1",
                "jdbc.acl.query = SELECT permission, action, topic, qos, retain FROM mqtt_acl WHERE username = "
                        + "${username} ORDER BY id", "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(adminUrl); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
