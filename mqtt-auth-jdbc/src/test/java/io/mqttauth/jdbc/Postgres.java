package io.mqttauth.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

/**
 * A database of its own on a real PostgreSQL server, for one test class: created with a login role of its own, dropped
 * at the end. The server is reached as a superuser through {@code MQTT_AUTH_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}), {@code MQTT_AUTH_PG_USER} (default {@code postgres}) and
 * {@code MQTT_AUTH_PG_PASSWORD} (default {@code postgres}), as environment variables or system properties; .ci/run
 * and docs/jdbc.md set such a server up. Without a server the tests are skipped with a message, except under CI
 * ({@code CI=true}), where they fail.
 */
final class Postgres implements AutoCloseable {

    private static final Random RANDOM = new Random();

    private final String adminUrl;
    private final String database;
    private final String role;
    private final String password;

    private Postgres(String adminUrl, String database, String role, String password) {
        this.adminUrl = adminUrl;
        this.database = database;
        this.role = role;
        this.password = password;
    }

    /** Creates a fresh database and role; skips (fails under CI) when no server answers. */
    static Postgres create() {
        String url = setting("MQTT_AUTH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String suffix = HexFormat.of().formatHex(new byte[] {(byte) RANDOM.nextInt(), (byte) RANDOM.nextInt(),
            (byte) RANDOM.nextInt(), (byte) RANDOM.nextInt()});
        Postgres pg = new Postgres(url, "mqtt_auth_test_" + suffix, "mqtt_auth_" + suffix, "pw-" + suffix);
        try (Connection c = pg.admin(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + pg.role + " LOGIN PASSWORD '" + pg.password + "'");
            st.execute("CREATE DATABASE " + pg.database + " OWNER " + pg.role);
        } catch (SQLException e) {
            String message = "no PostgreSQL server for the jdbc tests at " + url + " (" + e.getMessage()
                    + "); start one as docs/jdbc.md says (pg_ctlcluster 15 main start) or set MQTT_AUTH_PG_URL";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + ". Under CI (CI=true) a missing server is a failure.", e);
            }
            assumeTrue(false, message);
        }
        return pg;
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(adminUrl, setting("MQTT_AUTH_PG_USER", "postgres"),
                setting("MQTT_AUTH_PG_PASSWORD", "postgres"));
    }

    /** The test database's URL. */
    String url() {
        return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
    }

    /** The same URL on another port (through a proxy). */
    String url(int port) {
        return url().replaceFirst(":\\d+/", ":" + port + "/");
    }

    /** The port of the server. */
    int port() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+)/").matcher(adminUrl);
        return m.find() ? Integer.parseInt(m.group(1)) : 5432;
    }

    /** The test role. */
    String user() {
        return role;
    }

    /** The test role's password. */
    String password() {
        return password;
    }

    /** Connection settings for the provider, without a password file. */
    Map<String, String> settings() {
        return Map.of("url", url(), "user", role);
    }

    /** Runs statements in the test database as the test role. */
    void sql(String... statements) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection to the test database as the test role. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), role, password);
    }

    /** The EMQX tables as docs/jdbc.md gives them for PostgreSQL. */
    void createEmqxTables() {
        sql("CREATE TABLE mqtt_user (id serial PRIMARY KEY, username text NOT NULL UNIQUE, password_hash text, "
                + "salt text, is_superuser boolean NOT NULL DEFAULT false, created timestamp DEFAULT now())",
            "CREATE TABLE mqtt_acl (id serial PRIMARY KEY, ipaddress varchar(60) NOT NULL DEFAULT '', "
                + "username varchar(255) NOT NULL DEFAULT '', clientid varchar(255) NOT NULL DEFAULT '', "
                + "action varchar(9) NOT NULL, permission varchar(5) NOT NULL, topic varchar(255) NOT NULL, "
                + "qos varchar(5), retain smallint)",
            "CREATE INDEX mqtt_acl_username_idx ON mqtt_acl(username)");
    }

    /** Drops the database and the role. */
    @Override
    public void close() {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            st.execute("DROP ROLE IF EXISTS " + role);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
