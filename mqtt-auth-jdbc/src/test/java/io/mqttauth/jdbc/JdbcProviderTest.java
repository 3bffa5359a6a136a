package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.spi.ProviderContext;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider on a real PostgreSQL: which cached entries an invalidation or a reload drops, the problems of a query
 * the database refuses, the password file's line breaks, and the authorizer's answers for invalid topics, without
 * blocking, and by address or certificate CN.
 */
class JdbcProviderTest {

    private static Postgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        pg = Postgres.create();
        pg.createEmqxTables();
        pg.sql("INSERT INTO mqtt_user(username, password_hash, salt) VALUES "
                + "('alice', encode(sha256(('pw' || 's')::bytea), 'hex'), 's'), "
                + "('bob', encode(sha256(('pw' || 's')::bytea), 'hex'), 's')",
            "INSERT INTO mqtt_acl(username, clientid, ipaddress, permission, action, topic) VALUES "
                + "('alice', '', '', 'allow', 'publish', 'a/#'), ('alice', '', '', 'deny', 'publish', 'b/#'), "
                + "('bob', '', '', 'allow', 'all', 'b/#'), ('', 'dev-7', '', 'allow', 'publish', 'cn/#'), "
                + "('', '', '10.0.0.7', 'allow', 'publish', 'ip/#')");
    }

    @AfterAll
    static void drop() {
        if (pg != null) {
            pg.close();
        }
    }

    private JdbcProvider provider(String... extra) {
        List<String> keys = new ArrayList<>(List.of("pool.timeout", "30s", "password-hash", "sha256",
                "salt-position", "suffix"));
        keys.addAll(List.of(extra));
        return provider(Fixtures.config(pg, dir, keys.toArray(String[]::new)));
    }

    private JdbcProvider provider(Map<String, String> config) {
        return (JdbcProvider) new JdbcProviderFactory().create(ProviderContext.of("jdbc", config, dir,
                new Fixtures.MutableClock(), () -> { }));
    }

    private static ConnectRequest connect(String user) {
        return ConnectRequest.builder("c-" + user).username(user).password("pw").build();
    }

    private static Identity who(String user) {
        return Identity.builder(user, ConnectRequest.builder("c-" + user).username(user).build()).build();
    }

    @Test
    void invalidatingAUserDropsOnlyThatUsersRowsAndRules() {
        try (JdbcProvider p = provider()) {
            var authenticator = p.authenticator().orElseThrow();
            Authorizer authorizer = p.authorizer().orElseThrow();
            authenticator.authenticate(connect("alice"));
            authenticator.authenticate(connect("bob"));
            authorizer.authorize(who("alice"), Action.publish("a/1"));
            authorizer.authorize(who("bob"), Action.publish("b/1"));
            assertThat(p.queryCount()).isEqualTo(4);
            p.invalidate("alice");
            authenticator.authenticate(connect("bob"));
            authorizer.authorize(who("bob"), Action.publish("b/1"));
            assertThat(p.queryCount()).as("bob stays cached").isEqualTo(4);
            authenticator.authenticate(connect("alice"));
            authorizer.authorize(who("alice"), Action.publish("a/1"));
            assertThat(p.queryCount()).as("alice is read again").isEqualTo(6);
        }
    }

    @Test
    void invalidatingAUserDropsEveryEntryOfAQueryThatDoesNotSelectByUserName() {
        try (JdbcProvider p = provider("authn.query", "SELECT password_hash, salt FROM mqtt_user WHERE username = "
                + "${clientid}", "acl.query", "SELECT permission, action, topic FROM mqtt_acl WHERE clientid = "
                + "${clientid}")) {
            var authenticator = p.authenticator().orElseThrow();
            authenticator.authenticate(ConnectRequest.builder("alice").username("x").password("pw").build());
            p.authorizer().orElseThrow().authorize(Identity.builder("x", "dev-7").build(), Action.publish("cn/1"));
            assertThat(p.queryCount()).isEqualTo(2);
            p.invalidate("somebody");
            authenticator.authenticate(ConnectRequest.builder("alice").username("x").password("pw").build());
            p.authorizer().orElseThrow().authorize(Identity.builder("x", "dev-7").build(), Action.publish("cn/1"));
            assertThat(p.queryCount()).isEqualTo(4);
        }
    }

    @Test
    void aReloadDropsEveryCachedEntryAndChecksTheDatabaseAgain() {
        try (JdbcProvider p = provider()) {
            p.authenticator().orElseThrow().authenticate(connect("alice"));
            p.authorizer().orElseThrow().authorize(who("alice"), Action.publish("a/1"));
            assertThat(p.reload()).isEmpty();
            p.authenticator().orElseThrow().authenticate(connect("alice"));
            p.authorizer().orElseThrow().authorize(who("alice"), Action.publish("a/1"));
            assertThat(p.queryCount()).isEqualTo(4);
        }
    }

    @Test
    void aQueryTheDatabaseRefusesIsAProblemOfItsKey() {
        try (JdbcProvider p = provider("authn.query", "SELECT password_hash FROM no_such_table WHERE u = ${username}",
                "acl.query", "SELEC permission FROM mqtt_acl WHERE username = ${username}")) {
            assertThat(p.problems()).extracting(q -> q.key() + ": " + q.message()).satisfiesExactlyInAnyOrder(
                    m -> assertThat(m).startsWith("jdbc.authn.query: the database refuses the query (SQLState 42P01: "),
                    m -> assertThat(m).startsWith("jdbc.acl.query: the database refuses the query (SQLState 42601: "));
            assertThat(p.reload()).hasSize(2);
        }
    }

    @Test
    void aQueryWithEveryNeededColumnIsNoProblemWhateverTheirCase() {
        try (JdbcProvider p = provider("authn.query", "SELECT password_hash AS \"PASSWORD_HASH\" FROM mqtt_user "
                + "WHERE username = ${username}", "acl.query", "SELECT permission AS \"Permission\", action, topic "
                + "FROM mqtt_acl WHERE username = ${username}")) {
            assertThat(p.problems()).isEmpty();
        }
    }

    @Test
    void thePasswordFilesTrailingLineBreaksAreNotPartOfThePassword() throws Exception {
        Map<String, String> config = Fixtures.config(pg, dir, "pool.timeout", "30s");
        Files.writeString(dir.resolve("db-password"), pg.password() + "\r\n\n");
        try (JdbcProvider p = provider(config)) {
            assertThat(p.problems()).isEmpty();
        }
        Files.writeString(dir.resolve("db-password"), pg.password() + " \n");
        try (JdbcProvider p = provider(config)) {
            assertThat(p.problems()).as("a trailing space is part of the password").hasSize(1);
        }
    }

    @Test
    void anInvalidTopicIsDeniedWithOrWithoutBlockingAndWithoutAQuery() {
        try (JdbcProvider p = provider()) {
            Authorizer a = p.authorizer().orElseThrow();
            AuthorizationResult name = a.authorize(who("alice"), Action.publish("a/+"));
            assertThat(name).isEqualTo(AuthorizationResult.deny(FailureReason.INVALID_TOPIC,
                    "not a valid topic name: \"a/+\""));
            assertThat(a.authorizeWithoutBlocking(who("alice"), Action.subscribe("a/#/b"))).contains(
                    AuthorizationResult.deny(FailureReason.INVALID_TOPIC, "not a valid topic filter: \"a/#/b\""));
            assertThat(a.authorize(who("alice"), Action.subscribe("a/#/b")))
                    .isInstanceOf(AuthorizationResult.Deny.class);
            assertThat(a.authorizeWithoutBlocking(who("alice"), Action.publish("a/#"))).get()
                    .isInstanceOf(AuthorizationResult.Deny.class);
            assertThat(p.queryCount()).isZero();
        }
    }

    @Test
    void withoutBlockingRulesAreDecidedOnceCached() {
        try (JdbcProvider p = provider()) {
            Authorizer a = p.authorizer().orElseThrow();
            assertThat(a.authorizeWithoutBlocking(who("alice"), Action.publish("a/1"))).isEmpty();
            assertThat(a.authorize(who("alice"), Action.publish("a/1")))
                    .isInstanceOf(AuthorizationResult.Allow.class);
            assertThat(a.authorizeWithoutBlocking(who("alice"), Action.publish("b/1"))).get()
                    .isInstanceOf(AuthorizationResult.Deny.class);
            AuthorizationResult none = a.authorizeWithoutBlocking(who("alice"), Action.publish("c/1")).orElseThrow();
            assertThat(none.detail()).isEqualTo("none of the 2 rows of jdbc.acl.query for \"alice\" matches");
            assertThat(p.queryCount()).isEqualTo(1);
        }
    }

    @Test
    void rulesMayBeSelectedByAddressOrCertificateCn() throws Exception {
        try (JdbcProvider p = provider("acl.query", "SELECT permission, action, topic FROM mqtt_acl WHERE "
                + "ipaddress = ${peerhost} OR clientid = ${cert_common_name} ORDER BY id")) {
            Authorizer a = p.authorizer().orElseThrow();
            Identity byAddress = Identity.builder("x", "c").remoteAddress(InetAddress.getByName("10.0.0.7")).build();
            assertThat(a.authorize(byAddress, Action.publish("ip/1"))).isInstanceOf(AuthorizationResult.Allow.class);
            assertThat(a.authorize(byAddress, Action.publish("cn/1"))).isInstanceOf(AuthorizationResult.Abstain.class);
            Identity byCn = Identity.builder("x", "c").attribute(Identity.CERT_CN, "dev-7").build();
            assertThat(a.authorize(byCn, Action.publish("cn/1"))).isInstanceOf(AuthorizationResult.Allow.class);
            assertThat(a.authorize(byCn, Action.publish("ip/1"))).isInstanceOf(AuthorizationResult.Abstain.class);
            assertThat(a.authorize(Identity.builder("x", "c").build(), Action.publish("ip/1")).detail())
                    .isEqualTo("jdbc.acl.query returned no row for \"x\"");
        }
    }

    @Test
    void aDriverMessageIsCutAtItsFirstLineAndAt300Characters() {
        assertThat(Database.describe(new SQLException("first\nsecond", "08001")))
                .isEqualTo("SQLState 08001: first");
        String long300 = "x".repeat(300);
        assertThat(Database.describe(new SQLException(long300, "08001"))).isEqualTo("SQLState 08001: " + long300);
        assertThat(Database.describe(new SQLException(long300 + "y", "08001")))
                .isEqualTo("SQLState 08001: " + long300 + "...");
        assertThat(Database.describe(new SQLException((String) null))).isEqualTo("SQLState null: null");
        assertThat(Database.describe(new SQLException("\nsecond", "08001"))).isEqualTo("SQLState 08001: ");
    }

    private static List<Thread> threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
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
    void itsThreadsAreDaemonsAndCloseEndsThemAndEverySession() throws Exception {
        Fixtures.MutableClock clock = new Fixtures.MutableClock();
        Map<String, String> config = Fixtures.config(pg, dir, "pool.timeout", "30s", "password-hash", "sha256",
                "salt-position", "suffix", "notify-channel", "provider_closed", "notify-reconnect", "100ms");
        try (Connection own = pg.connect()) {
            JdbcProvider p = (JdbcProvider) new JdbcProviderFactory().create(ProviderContext.of("jdbc", config, dir,
                    clock, () -> { }));
            JdbcNotifyTest.untilListening(pg, "provider_closed", 1);
            var authenticator = p.authenticator().orElseThrow();
            authenticator.authenticate(connect("alice"));
            clock.advance(java.time.Duration.ofMinutes(4)); // the last quarter of the 5-minute TTL: refreshed ahead
            authenticator.authenticate(connect("alice"));
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(3).toNanos();
            while (p.queryCount() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<Thread> threads = new ArrayList<>(threads("mqtt-auth-jdbc-"));
            assertThat(threads).extracting(Thread::getName).contains("mqtt-auth-jdbc-check",
                    "mqtt-auth-jdbc-refresh-1", "mqtt-auth-jdbc-listen-provider_closed");
            assertThat(threads).as("never keep a broker's JVM alive").allMatch(Thread::isDaemon);
            assertThat(sessions(own)).isPositive();
            p.close();
            deadline = System.nanoTime() + java.time.Duration.ofSeconds(3).toNanos();
            while ((sessions(own) > 0 || threads.stream().anyMatch(Thread::isAlive))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sessions(own)).as("the pool and the listener closed").isZero();
            assertThat(threads).noneMatch(Thread::isAlive);
        }
    }

    @Test
    void aProblemIsLoggedOnceWhileItStandsAndAHealthyCheckLogsNothing() throws Exception {
        try (LogCapture log = new LogCapture(JdbcProvider.class)) {
            Map<String, String> down = new java.util.HashMap<>(Fixtures.config(pg, dir, "pool.timeout", "250ms"));
            down.put("url", pg.url(1));
            try (JdbcProvider p = provider(down)) {
                assertThat(p.reload()).hasSize(1);
                assertThat(p.reload()).hasSize(1);
            }
            assertThat(log.lines()).singleElement().asString()
                    .startsWith("WARNING jdbc: the database does not answer (SQLState 08001: ");
            try (JdbcProvider p = provider()) {
                assertThat(p.reload()).isEmpty();
            }
            assertThat(log.lines()).hasSize(1);
        }
    }
}
