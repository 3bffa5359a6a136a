package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.spi.ProviderContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool and its one way to query, on a real PostgreSQL: bound values, U+0000 anywhere in a value, a driver or row
 * reader that throws, the query timeout rounded up to whole seconds, an outage logged once each way, and a closed
 * pool that leaves no session behind.
 */
class DatabaseTest {

    private static final SqlTemplate ECHO = SqlTemplate.parse("jdbc.authn.query",
            "SELECT ${username}::text AS v, pg_sleep(CASE WHEN ${username} = 'slow' THEN 1.3 ELSE 0 END)");

    private static Postgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        pg = Postgres.create();
    }

    @AfterAll
    static void drop() {
        if (pg != null) {
            pg.close();
        }
    }

    private JdbcSettings settings(String url, String... extra) {
        Map<String, String> config = new HashMap<>(Map.of("url", url, "user", pg.user(), "authn.query",
                Fixtures.AUTHN, "pool.size", "2", "pool.timeout", "500ms"));
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return JdbcProviderFactory.settings(ProviderContext.of("jdbc", config, dir));
    }

    private static String value(Lookup<String> lookup) {
        assertThat(lookup).isInstanceOf(Lookup.Found.class);
        return ((Lookup.Found<String>) lookup).value();
    }

    private static Lookup<String> echo(Database db, String value) {
        return db.query(ECHO, List.of(value, value), rs -> rs.next() ? rs.getString(1) : null);
    }

    /** The sessions of the test role other than {@code c}'s own. */
    private static int sessions(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM "
                + "pg_stat_activity WHERE usename = current_user AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void valuesAreBoundAndCounted() {
        try (Database db = new Database(settings(pg.url()), pg.password())) {
            assertThat(value(echo(db, "' OR '1'='1"))).isEqualTo("' OR '1'='1");
            assertThat(db.queryCount()).isEqualTo(1);
            assertThat(db.query(ECHO, List.of("x", "x"), rs -> null)).isInstanceOf(Lookup.Missing.class);
            assertThat(db.queryCount()).isEqualTo(2);
        }
    }

    @Test
    void aValueHoldingNulAnywhereFindsNothingWithoutAQuery() {
        try (Database db = new Database(settings(pg.url()), pg.password())) {
            for (String v : new String[] {"\0", "\0device", "dev\0ice", "device\0"}) {
                assertThat(echo(db, v)).as(v).isInstanceOf(Lookup.Missing.class);
            }
            assertThat(db.queryCount()).isZero();
        }
    }

    @Test
    void aRowReaderThatThrowsIsAFailureNamingTheExceptionAndIsLogged() {
        try (LogCapture log = new LogCapture(Database.class);
                Database db = new Database(settings(pg.url()), pg.password())) {
            Lookup<String> failed = db.query(ECHO, List.of("x", "x"), rs -> {
                throw new IllegalStateException("a driver bug");
            });
            assertThat(failed).isEqualTo(new Lookup.Failed<>(
                    "the JDBC driver failed: java.lang.IllegalStateException"));
            assertThat(log.lines()).containsExactly(
                    "SEVERE jdbc: the JDBC driver failed: java.lang.IllegalStateException");
            assertThat(value(echo(db, "after"))).as("the pool still works").isEqualTo("after");
        }
    }

    @Test
    void theQueryTimeoutIsRoundedUpToWholeSeconds() {
        // 1500ms is 2 s for the driver: a 1.3 s query finishes.
        try (Database db = new Database(settings(pg.url(), "query-timeout", "1500ms"), pg.password())) {
            assertThat(value(echo(db, "slow"))).isEqualTo("slow");
        }
    }

    @Test
    void anOutageIsLoggedOnceWhenItBeginsAndOnceWhenItEnds() throws Exception {
        try (LogCapture log = new LogCapture(Database.class); TcpProxy proxy = new TcpProxy(pg.port());
                Database db = new Database(settings(pg.url(proxy.port())), pg.password())) {
            assertThat(value(echo(db, "up"))).isEqualTo("up");
            proxy.stop();
            for (int i = 0; i < 3; i++) {
                assertThat(echo(db, "down")).isInstanceOf(Lookup.Failed.class);
            }
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            Lookup<String> back = echo(db, "back");
            while (!(back instanceof Lookup.Found) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                back = echo(db, "back");
            }
            assertThat(value(back)).isEqualTo("back");
            assertThat(value(echo(db, "again"))).isEqualTo("again");
            assertThat(log.lines()).hasSize(2);
            assertThat(log.lines().get(0)).startsWith("WARNING jdbc: the database is unavailable (SQLState ")
                    .endsWith("cached users keep working for jdbc.outage-grace");
            assertThat(log.lines().get(1)).isEqualTo("INFO jdbc: the database answers again");
        }
    }

    @Test
    void aClosedPoolLeavesNoSession() throws Exception {
        try (Connection own = pg.connect()) {
            Database db = new Database(settings(pg.url()), pg.password());
            assertThat(value(echo(db, "x"))).isEqualTo("x");
            assertThat(sessions(own)).isPositive();
            db.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (sessions(own) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sessions(own)).isZero();
        }
    }

    @Test
    void connectionsAreReadOnlySoAQueryCannotChangeTheDatabase() {
        pg.sql("CREATE TABLE IF NOT EXISTS kept (v text)", "INSERT INTO kept VALUES ('row')");
        SqlTemplate deleting = SqlTemplate.parse("jdbc.authn.query",
                "WITH d AS (DELETE FROM kept RETURNING v) SELECT ${username}::text AS v, count(*) FROM d");
        try (Database db = new Database(settings(pg.url()), pg.password())) {
            Lookup<String> refused = db.query(deleting, List.of("x"), rs -> rs.next() ? rs.getString(1) : null);
            assertThat(refused).isInstanceOf(Lookup.Failed.class);
            assertThat(((Lookup.Failed<String>) refused).why()).startsWith("SQLState 25006: ");
            assertThat(db.query(SqlTemplate.parse("jdbc.authn.query", "SELECT v FROM kept WHERE ${username} = 'x'"),
                    List.of("x"), rs -> rs.next() ? rs.getString(1) : null)).isEqualTo(new Lookup.Found<>("row", false));
        }
    }

    @Test
    void anAclQueryWithoutARequiredColumnFailsNamingTheFirstMissing() {
        try (Database db = new Database(settings(pg.url()), pg.password())) {
            String[][] cases = {
                {"SELECT 'deny' AS action, 't' AS topic WHERE ${username} = 'x'", "permission"},
                {"SELECT 'deny' AS permission, 't' AS topic WHERE ${username} = 'x'", "action"},
                {"SELECT 'deny' AS permission, 'all' AS action WHERE ${username} = 'x'", "topic"},
            };
            for (String[] c : cases) {
                Lookup<List<AclRule>> l = db.query(SqlTemplate.parse("jdbc.acl.query", c[0]), List.of("x"),
                        AclRule::readAll);
                assertThat(l).isEqualTo(new Lookup.Failed<>("SQLState 42703: jdbc.acl.query returns no column " + c[1]
                        + " (it needs permission, action and topic)"));
            }
        }
    }
}
