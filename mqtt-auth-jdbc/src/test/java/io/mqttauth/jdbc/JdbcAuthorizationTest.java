package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EMQX's ACL rows on a real PostgreSQL: placeholders, eq, qos and retain columns, first-match order, abstention. */
class JdbcAuthorizationTest {

    private static Postgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        pg = Postgres.create();
        pg.createEmqxTables();
        pg.sql("INSERT INTO mqtt_acl(username, permission, action, topic, qos, retain) VALUES "
                + "('alice', 'deny', 'publish', 'devices/${clientid}/secret', NULL, NULL), "
                + "('alice', 'allow', 'all', 'devices/${clientid}/#', NULL, NULL), "
                + "('alice', 'allow', 'publish', 'users/${username}/+', NULL, NULL), "
                + "('alice', 'allow', 'subscribe', 'eq news/#', NULL, NULL), "
                + "('alice', 'allow', 'publish', 'qos/low', 0, NULL), "
                + "('alice', 'allow', 'publish', 'retained/ok', NULL, 1), "
                + "('alice', 'deny', 'all', '#', NULL, NULL), "
                + "('bob', 'allow', 'publish', 'bob/#', NULL, NULL), "
                + "('carol', 'maybe', 'publish', '#', NULL, NULL), "
                + "('carol', 'allow', 'publish', 'carol/#', NULL, NULL)");
        // EMQX allows a list of levels as text.
        pg.sql("INSERT INTO mqtt_acl(username, permission, action, topic, qos) VALUES "
                + "('bob', 'allow', 'subscribe', 'bob/qos/+', '0,1')");
    }

    @AfterAll
    static void drop() {
        if (pg != null) {
            pg.close();
        }
    }

    private static Identity who(String user, String clientId) {
        return Identity.builder(user, ConnectRequest.builder(clientId).username(user).build()).build();
    }

    private MqttAuth engine() {
        return MqttAuth.builder().authorizerProvider("jdbc", Fixtures.config(pg, dir)).build();
    }

    @Test
    void placeholdersAreTheClientsOwnValues() {
        try (MqttAuth auth = engine()) {
            Identity alice = who("alice", "dev-1");
            assertThat(auth.authorize(alice, Action.publish("devices/dev-1/temp")).isAllowed()).isTrue();
            assertThat(auth.authorize(alice, Action.subscribe("devices/dev-1/#")).isAllowed()).isTrue();
            assertThat(auth.authorize(alice, Action.publish("devices/dev-2/temp")).reason())
                    .contains(FailureReason.DENIED_BY_RULE);
            assertThat(auth.authorize(alice, Action.publish("users/alice/x")).isAllowed()).isTrue();
            assertThat(auth.authorize(alice, Action.publish("users/bob/x")).isAllowed()).isFalse();
        }
    }

    @Test
    void theFirstMatchingRowWins() {
        try (MqttAuth auth = engine()) {
            Decision secret = auth.authorize(who("alice", "dev-1"), Action.publish("devices/dev-1/secret"));
            assertThat(secret.reason()).contains(FailureReason.DENIED_BY_RULE);
            assertThat(secret.explain()).contains("row 1 of jdbc.acl.query");
            Decision other = auth.authorize(who("alice", "dev-1"), Action.publish("elsewhere"));
            assertThat(other.explain()).contains("row 7 of jdbc.acl.query");
        }
    }

    @Test
    void eqTopicsAreComparedLiterally() {
        try (MqttAuth auth = engine()) {
            Identity alice = who("alice", "dev-1");
            assertThat(auth.authorize(alice, Action.subscribe("news/#")).isAllowed()).isTrue();
            assertThat(auth.authorize(alice, Action.subscribe("news/today")).isAllowed()).isFalse();
        }
    }

    @Test
    void qosAndRetainColumnsNarrowARow() {
        try (MqttAuth auth = engine()) {
            Identity alice = who("alice", "dev-1");
            assertThat(auth.authorize(alice, Action.publish("qos/low", 0, false)).isAllowed()).isTrue();
            assertThat(auth.authorize(alice, Action.publish("qos/low", 1, false)).isAllowed()).isFalse();
            assertThat(auth.authorize(alice, Action.publish("retained/ok", 0, true)).isAllowed()).isTrue();
            assertThat(auth.authorize(alice, Action.publish("retained/ok", 0, false)).isAllowed()).isFalse();
            Identity bob = who("bob", "b");
            assertThat(auth.authorize(bob, Action.subscribe("bob/qos/a", 1)).isAllowed()).isTrue();
            assertThat(auth.authorize(bob, Action.subscribe("bob/qos/a", 2)).isAllowed()).isFalse();
        }
    }

    @Test
    void noMatchingRowAbstainsSoTheNoMatchPolicyDecides() {
        try (MqttAuth deny = engine();
                MqttAuth allow = MqttAuth.builder().authorizerProvider("jdbc", Fixtures.config(pg, dir))
                        .allowUnmatched(true).build()) {
            Identity bob = who("bob", "b");
            assertThat(deny.authorize(bob, Action.publish("other/x")).reason())
                    .contains(FailureReason.NO_MATCHING_RULE);
            assertThat(allow.authorize(bob, Action.publish("other/x")).isAllowed()).isTrue();
            assertThat(deny.authorize(who("nobody", "n"), Action.publish("x")).reason())
                    .contains(FailureReason.NO_MATCHING_RULE);
        }
    }

    @Test
    void anUnreadableRowDeniesWhatReachesIt() {
        try (MqttAuth auth = engine()) {
            Decision d = auth.authorize(who("carol", "c"), Action.publish("carol/1"));
            assertThat(d.reason()).contains(FailureReason.INTERNAL_ERROR);
            assertThat(d.explain()).contains("row 1 of jdbc.acl.query cannot be read");
        }
    }

    @Test
    void wildcardsInAUserNameDoNotWidenARule() {
        pg.sql("INSERT INTO mqtt_acl(username, permission, action, topic) VALUES "
                + "('+', 'allow', 'publish', 'users/${username}/data')");
        try (MqttAuth auth = engine()) {
            assertThat(auth.authorize(who("+", "c"), Action.publish("users/alice/data")).isAllowed()).isFalse();
        }
    }

    @Test
    void sqlInAUserNameOrClientIdIsData() {
        String byClient = "SELECT permission, action, topic, qos, retain FROM mqtt_acl WHERE username = ${username} "
                + "OR clientid = ${clientid} ORDER BY id";
        try (MqttAuth auth = MqttAuth.builder().authorizerProvider("jdbc", Fixtures.config(pg, dir,
                "acl.query", byClient)).build()) {
            Identity evil = who("x' OR '1'='1", "y' OR username = 'bob");
            assertThat(auth.authorize(evil, Action.publish("bob/1")).reason())
                    .contains(FailureReason.NO_MATCHING_RULE);
        }
    }
}
