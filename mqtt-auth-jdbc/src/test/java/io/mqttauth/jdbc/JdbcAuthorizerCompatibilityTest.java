package io.mqttauth.jdbc;

import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Identity;
import io.mqttauth.testkit.AuthorizerCompatibilityKit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The test kit's authorizer contract, run against the jdbc provider on a real PostgreSQL. */
class JdbcAuthorizerCompatibilityTest extends AuthorizerCompatibilityKit {

    private static Postgres pg;

    @BeforeAll
    static void database() {
        pg = Postgres.create();
        pg.createEmqxTables();
        pg.sql("INSERT INTO mqtt_acl(username, permission, action, topic, qos, retain) VALUES "
                + "('alice', 'deny', 'publish', 'lab/secret', NULL, NULL), "
                + "('alice', 'allow', 'all', 'lab/${clientid}/#', NULL, NULL), "
                + "('alice', 'allow', 'publish', 'lab/+', '0,1', 0), "
                + "('bob', 'allow', 'subscribe', 'eq lab/#', NULL, NULL)");
    }

    @AfterAll
    static void drop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    protected String providerName() {
        return "jdbc";
    }

    @Override
    protected Map<String, String> configuration(Path directory) {
        return Fixtures.config(pg, directory);
    }

    @Override
    protected Identity allowedIdentity() {
        return Identity.builder("alice", ConnectRequest.builder("c1").username("alice").build()).build();
    }

    @Override
    protected Action allowedAction() {
        return Action.publish("lab/1");
    }

    @Override
    protected List<Identity> sampleIdentities() {
        return List.of(Identity.builder("bob", ConnectRequest.builder("c2").username("bob").build()).build(),
                Identity.builder("nobody", ConnectRequest.builder("c3").username("nobody").build()).build());
    }

    @Override
    protected List<Action> sampleActions() {
        return List.of(Action.publish("lab/secret"), Action.publish("lab/c1/x", 2, true), Action.subscribe("lab/#"),
                Action.receive("lab/c1/y"));
    }

    @Override
    protected Set<String> secrets() {
        return Set.of(pg.password());
    }
}
