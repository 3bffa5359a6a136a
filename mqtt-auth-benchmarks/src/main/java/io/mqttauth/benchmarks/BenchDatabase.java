package io.mqttauth.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database of the benchmarks' own on a PostgreSQL server, reached as the tests reach it: {@code MQTT_AUTH_PG_URL}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}), {@code MQTT_AUTH_PG_USER} and
 * {@code MQTT_AUTH_PG_PASSWORD} (default {@code postgres}), as environment variables or system properties.
 */
final class BenchDatabase implements AutoCloseable {

    private final String adminUrl;
    private final String name;

    private BenchDatabase(String adminUrl, String name) {
        this.adminUrl = adminUrl;
        this.name = name;
    }

    /** Creates (or re-creates) the database {@code name} with EMQX's two tables. */
    static BenchDatabase create(String name) throws SQLException {
        BenchDatabase db = new BenchDatabase(setting("MQTT_AUTH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                name);
        try (Connection c = db.admin(db.adminUrl); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name);
        }
        db.sql("CREATE TABLE mqtt_user (id serial PRIMARY KEY, username text NOT NULL UNIQUE, password_hash text, "
                + "salt text, is_superuser boolean NOT NULL DEFAULT false)",
            "CREATE TABLE mqtt_acl (id serial PRIMARY KEY, username text NOT NULL, permission text NOT NULL, "
                + "action text NOT NULL, topic text NOT NULL, qos varchar(5), retain smallint)",
            "CREATE INDEX mqtt_acl_username_idx ON mqtt_acl(username)");
        return db;
    }

    static String setting(String key, String fallback) {
        String value = System.getProperty(key, System.getenv(key));
        return value == null || value.isBlank() ? fallback : value;
    }

    private Connection admin(String url) throws SQLException {
        return DriverManager.getConnection(url, user(), password());
    }

    /** The database's URL. */
    String url() {
        return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
    }

    String user() {
        return setting("MQTT_AUTH_PG_USER", "postgres");
    }

    String password() {
        return setting("MQTT_AUTH_PG_PASSWORD", "postgres");
    }

    /** Runs statements in the database. */
    void sql(String... statements) throws SQLException {
        try (Connection c = admin(url()); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** Drops the database. */
    @Override
    public void close() throws SQLException {
        try (Connection c = admin(adminUrl); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
