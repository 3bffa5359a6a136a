package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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
 * {@code check}, {@code explain} and {@code validate} with the jdbc provider through the built jar, on a real
 * PostgreSQL (reached as mqtt-auth-jdbc's tests reach it: {@code MQTT_AUTH_PG_URL}, {@code MQTT_AUTH_PG_USER},
 * {@code MQTT_AUTH_PG_PASSWORD}; skipped without a server, except under CI).
 */
class JdbcIT {

    private static final String DB = "mqtt_auth_cli_it_" + ProcessHandle.current().pid();
    private static String adminUrl;

    @TempDir
    Path dir;

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
            st.execute("INSERT INTO mqtt_user (username, password_hash, salt) VALUES ('emqx_u', "
                    + "encode(sha256(('public' || 'slat_foo123')::bytea), 'hex'), 'slat_foo123')");
            st.execute("INSERT INTO mqtt_acl (username, permission, action, topic) VALUES "
                    + "('emqx_u', 'allow', 'publish', 'sensors/${clientid}/#')");
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

    private void config(String url, String authnQuery) throws IOException {
        Files.writeString(dir.resolve("db-password"), setting("MQTT_AUTH_PG_PASSWORD", "postgres") + "\n");
        Files.writeString(dir.resolve("mqtt-auth.properties"), String.join("\n",
                "authenticators = jdbc", "authorizers = jdbc", "jdbc.url = " + url,
                "jdbc.user = " + setting("MQTT_AUTH_PG_USER", "postgres"), "jdbc.password-file = db-password",
                "jdbc.pool.timeout = 2s", "jdbc.authn.query = " + authnQuery,
                "jdbc.password-hash = sha256", "jdbc.salt-position = suffix",
                "jdbc.acl.query = SELECT permission, action, topic, qos, retain FROM mqtt_acl WHERE username = "
                        + "${username} ORDER BY id", ""));
    }

    private void config() throws IOException {
        config(dbUrl(), "SELECT password_hash, salt, is_superuser FROM mqtt_user WHERE username = ${username} "
                + "LIMIT 1");
    }

    @Test
    void checkAllowsADatabaseUserAndExplainsAWrongPassword() throws IOException {
        config();
        Cli.Result ok = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "--username", "emqx_u",
                "--password", "public", "--client-id", "s1", "publish", "sensors/s1/t");
        assertThat(ok.status()).as(ok.toString()).isZero();
        assertThat(Cli.text(ok.json(), "provider")).isEqualTo("jdbc");
        Cli.Result wrong = Cli.run(dir, "explain", "--config", "mqtt-auth.properties", "--username", "emqx_u",
                "--password", "private-pw", "connect");
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.firstLine()).isEqualTo("DENY PASSWORD_MISMATCH");
        assertThat(wrong.out()).contains("found in the database").doesNotContain("private-pw");
    }

    @Test
    void validateAcceptsAWorkingConfiguration() throws IOException {
        config();
        Cli.Result r = Cli.run(dir, "validate", "--config", "mqtt-auth.properties");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).contains("authenticators [jdbc]");
    }

    @Test
    void validateReportsAnUnreachableDatabase() throws IOException {
        config("jdbc:postgresql://127.0.0.1:1/nowhere", "SELECT password_hash FROM mqtt_user WHERE username = "
                + "${username}");
        Cli.Result r = Cli.run(dir, "validate", "--config", "mqtt-auth.properties");
        assertThat(r.status()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("jdbc.url").contains("does not answer");
        Cli.Result check = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--username", "emqx_u",
                "--password", "public", "connect");
        assertThat(check.firstLine()).isEqualTo("DENY PROVIDER_UNAVAILABLE");
    }

    @Test
    void validateReportsAQueryWithoutARequiredColumn() throws IOException {
        config(dbUrl(), "SELECT password_hash AS hash, salt FROM mqtt_user WHERE username = ${username}");
        Cli.Result r = Cli.run(dir, "validate", "--config", "mqtt-auth.properties");
        assertThat(r.status()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("jdbc.authn.query").contains("returns no column password_hash");
    }
}
