package io.mqttauth.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.Nullable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection pool (HikariCP) and the one way queries run: prepared statements with bound values, a bounded wait
 * for a connection ({@code jdbc.pool.timeout}) and for the answer ({@code jdbc.query-timeout}), and every
 * {@link SQLException} turned into a {@link Lookup.Failed}. The pool starts even when the database is down; it connects
 * when the database answers. A change between answering and failing is logged once, not once per query.
 */
final class Database implements AutoCloseable {

    /** Reads the rows of one query; {@code null} for "no row". */
    @FunctionalInterface
    interface Rows<T> {
        /** Reads the result set. */
        @Nullable T read(ResultSet rows) throws SQLException;
    }

    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    private final HikariDataSource pool;
    private final int queryTimeoutSeconds;
    private final AtomicLong queries = new AtomicLong();
    private final AtomicBoolean down = new AtomicBoolean();

    Database(JdbcSettings settings, @Nullable String password) {
        HikariConfig config = new HikariConfig();
        if (settings.url().startsWith("jdbc:postgresql:")) {
            // Named here so that an extension class loader (HiveMQ's), which DriverManager's own look-up does not
            // search, still finds the driver this module ships with.
            config.setDriverClassName(org.postgresql.Driver.class.getName());
            // PostgreSQL's driver makes a connection read-only only inside explicit transactions unless told
            // "always"; with auto-commit (ours) setReadOnly alone would let a query write.
            config.addDataSourceProperty("readOnlyMode", "always");
        }
        config.setPoolName("mqtt-auth-jdbc");
        config.setJdbcUrl(settings.url());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(settings.poolSize());
        // A fixed-size pool, as HikariCP advises: connections are opened ahead of a reconnect storm.
        config.setMinimumIdle(settings.poolSize());
        config.setConnectionTimeout(settings.poolTimeout().toMillis());
        config.setValidationTimeout(Math.max(250, Math.min(settings.poolTimeout().toMillis(), 5_000)));
        // Start without the database: decisions are PROVIDER_UNAVAILABLE until it answers.
        config.setInitializationFailTimeout(-1);
        config.setReadOnly(true);
        config.setAutoCommit(true);
        this.pool = new HikariDataSource(config);
        this.queryTimeoutSeconds = (int) Math.max(1, (settings.queryTimeout().toMillis() + 999) / 1000);
    }

    /**
     * Runs {@code template} with {@code values} bound in order.
     *
     * @return the rows' value, {@link Lookup.Missing} for no row, or {@link Lookup.Failed} if the database failed; a
     *     value containing U+0000, which no text column can hold, finds nothing without a query
     */
    <T> Lookup<T> query(SqlTemplate template, List<String> values, Rows<T> rows) {
        for (String v : values) {
            if (v != null && v.indexOf('\0') >= 0) {
                return new Lookup.Missing<>();
            }
        }
        queries.incrementAndGet();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(template.sql())) {
            ps.setQueryTimeout(queryTimeoutSeconds);
            for (int i = 0; i < values.size(); i++) {
                ps.setString(i + 1, values.get(i));
            }
            T value;
            try (ResultSet rs = ps.executeQuery()) {
                value = rows.read(rs);
            }
            answered();
            return value == null ? new Lookup.Missing<>() : new Lookup.Found<>(value, false);
        } catch (SQLException e) {
            return failed(e);
        } catch (RuntimeException e) {
            // A driver bug must not escape a decision; it reads as an unavailable database.
            String why = "the JDBC driver failed: " + e.getClass().getName();
            LOG.log(System.Logger.Level.ERROR, "jdbc: " + why, e);
            return new Lookup.Failed<>(why);
        }
    }

    /** How many queries were sent (for tests and benchmarks). */
    long queryCount() {
        return queries.get();
    }

    private void answered() {
        if (down.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.INFO, "jdbc: the database answers again");
        }
    }

    private <T> Lookup<T> failed(SQLException e) {
        String why = describe(e);
        if (down.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "jdbc: the database is unavailable ({0}); decisions are "
                    + "PROVIDER_UNAVAILABLE, cached users keep working for jdbc.outage-grace", why);
        }
        return new Lookup.Failed<>(why);
    }

    /** The SQL state and the first line of the driver's message (drivers never put the password in it). */
    static String describe(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return "SQLState " + e.getSQLState() + ": " + message;
    }

    /** Closes the pool. */
    @Override
    public void close() {
        pool.close();
    }
}
