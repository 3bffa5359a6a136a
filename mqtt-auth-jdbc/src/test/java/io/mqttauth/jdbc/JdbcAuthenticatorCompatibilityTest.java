package io.mqttauth.jdbc;

import io.mqttauth.ConnectRequest;
import io.mqttauth.MqttVersion;
import io.mqttauth.testkit.AuthenticatorCompatibilityKit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The test kit's authenticator contract, run against the jdbc provider on a real PostgreSQL. */
class JdbcAuthenticatorCompatibilityTest extends AuthenticatorCompatibilityKit {

    private static Postgres pg;

    @BeforeAll
    static void database() {
        pg = Postgres.create();
        pg.createEmqxTables();
        pg.sql("INSERT INTO mqtt_user(username, password_hash, salt, is_superuser) VALUES "
                + "('zoe', encode(sha256(('zoe-password' || 'pepper')::bytea), 'hex'), 'pepper', false), "
                + "('yuri', encode(sha256(('yuri-password' || 'pepper')::bytea), 'hex'), 'pepper', true)");
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
        return Fixtures.config(pg, directory, "password-hash", "sha256", "salt-position", "suffix");
    }

    @Override
    protected ConnectRequest acceptedRequest() {
        return ConnectRequest.builder("c1").username("zoe").password("zoe-password").mqttVersion(MqttVersion.V5)
                .build();
    }

    @Override
    protected String acceptedName() {
        return "zoe";
    }

    @Override
    protected List<ConnectRequest> sampleRequests() {
        return List.of(
                ConnectRequest.builder("c2").username("yuri").password("not-yuri-password").build(),
                ConnectRequest.builder("c3").username("yuri").password("yuri-password").build(),
                ConnectRequest.builder("c4").username("nobody").password("nobody-password").build(),
                ConnectRequest.builder("c5").username("zoe").build());
    }
}
