package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import io.mqttauth.MqttVersion;
import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication against EMQX's table on a real PostgreSQL: digests, self-describing hashes, refusals, injection. */
class JdbcAuthenticationTest {

    private static Postgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        pg = Postgres.create();
        pg.createEmqxTables();
        // EMQX's documented example row, hashed by PostgreSQL itself: sha256 over password + salt, a superuser.
        pg.sql("INSERT INTO mqtt_user(username, password_hash, salt, is_superuser) VALUES ('emqx_u', "
                + "encode(sha256(('public' || 'slat_foo123')::bytea), 'hex'), 'slat_foo123', true)",
            "INSERT INTO mqtt_user(username, password_hash, salt) VALUES ('plain_u', "
                + "encode(sha256(('s3cret' || 'salt2')::bytea), 'hex'), 'salt2')",
            "INSERT INTO mqtt_user(username, password_hash, salt) VALUES ('broken', 'not-a-hash', '')",
            "INSERT INTO mqtt_user(username, password_hash, salt) VALUES ('nullhash', NULL, '')");
    }

    @AfterAll
    static void drop() {
        if (pg != null) {
            pg.close();
        }
    }

    private static ConnectRequest connect(String user, String password) {
        return ConnectRequest.builder("c-" + user).username(user).password(password).mqttVersion(MqttVersion.V5)
                .build();
    }

    @Test
    void emqxExampleRowWithSuffixSaltIsASuperuser() {
        try (MqttAuth auth = Fixtures.engine(Fixtures.config(pg, dir, "password-hash", "sha256",
                "salt-position", "suffix"))) {
            Decision ok = auth.authenticate(connect("emqx_u", "public"));
            assertThat(ok.isAllowed()).as(ok.explain()).isTrue();
            assertThat(ok.identity().map(Identity::isSuperuser)).contains(true);
            Decision other = auth.authenticate(connect("plain_u", "s3cret"));
            assertThat(other.isAllowed()).as(other.explain()).isTrue();
            assertThat(other.identity().map(Identity::isSuperuser)).contains(false);
        }
    }

    @Test
    void theSaltPositionMatters() {
        try (MqttAuth auth = Fixtures.engine(Fixtures.config(pg, dir, "password-hash", "sha256",
                "salt-position", "prefix"))) {
            assertThat(auth.authenticate(connect("emqx_u", "public")).reason()).contains(
                    FailureReason.PASSWORD_MISMATCH);
        }
    }

    @Test
    void mosquittoPbkdf2AndBcryptRowsAreReadUnderAuto() {
        pg.sql("INSERT INTO mqtt_user(username, password_hash) VALUES ('mosq', '"
                + PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, "mosq-pw".getBytes(StandardCharsets.UTF_8), 1000)
                + "') ON CONFLICT (username) DO NOTHING",
            "INSERT INTO mqtt_user(username, password_hash) VALUES ('bc', '"
                + PasswordHashes.hash(HashAlgorithm.BCRYPT, "bc-pw".getBytes(StandardCharsets.UTF_8), 4)
                + "') ON CONFLICT (username) DO NOTHING");
        try (MqttAuth auth = Fixtures.engine(Fixtures.config(pg, dir))) {
            assertThat(auth.authenticate(connect("mosq", "mosq-pw")).isAllowed()).isTrue();
            assertThat(auth.authenticate(connect("bc", "bc-pw")).isAllowed()).isTrue();
            assertThat(auth.authenticate(connect("mosq", "bc-pw")).reason()).contains(
                    FailureReason.PASSWORD_MISMATCH);
            assertThat(auth.authenticate(connect("bc", "mosq-pw")).reason()).contains(
                    FailureReason.PASSWORD_MISMATCH);
        }
    }

    @Test
    void unknownUserIsNoCredentialsFoundAndWrongPasswordIsAMismatch() {
        try (MqttAuth auth = Fixtures.engine(Fixtures.config(pg, dir, "password-hash", "sha256",
                "salt-position", "suffix"))) {
            Decision unknown = auth.authenticate(connect("nobody", "x"));
            assertThat(unknown.reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(unknown.explain()).contains("not in the database");
            Decision wrong = auth.authenticate(connect("emqx_u", "private"));
            assertThat(wrong.reason()).contains(FailureReason.PASSWORD_MISMATCH);
            assertThat(wrong.explain()).doesNotContain("private");
            ConnectRequest noPassword = ConnectRequest.builder("c").username("emqx_u").build();
            assertThat(auth.authenticate(noPassword).reason()).contains(FailureReason.NO_PASSWORD);
        }
    }

    @Test
    void anUnusableStoredHashRefusesThatUserWithoutShowingTheHash() {
        try (MqttAuth auth = Fixtures.engine(Fixtures.config(pg, dir))) {
            Decision broken = auth.authenticate(connect("broken", "anything"));
            assertThat(broken.reason()).contains(FailureReason.INTERNAL_ERROR);
            assertThat(broken.explain()).contains("not a format jdbc.password-hash = auto reads")
                    .doesNotContain("not-a-hash");
            assertThat(auth.authenticate(connect("nullhash", "anything")).reason())
                    .contains(FailureReason.INTERNAL_ERROR);
        }
    }

    @Test
    void sqlInUserNamesAndClientIdsIsData() {
        String byClient = "SELECT password_hash, salt, is_superuser FROM mqtt_user WHERE username = ${username} "
                + "AND ${clientid} <> 'x' LIMIT 1";
        try (MqttAuth auth = Fixtures.engine(Fixtures.config(pg, dir, "password-hash", "sha256",
                "salt-position", "suffix", "authn.query", byClient))) {
            for (String evil : new String[] {"' OR '1'='1", "emqx_u' --", "emqx_u'; DROP TABLE mqtt_user; --",
                "\\' OR 1=1 --", "emqx_u\" OR \"\"=\""}) {
                Decision d = auth.authenticate(ConnectRequest.builder("c").username(evil).password("public")
                        .build());
                assertThat(d.reason()).as(evil).contains(FailureReason.NO_CREDENTIALS_FOUND);
                Decision byId = auth.authenticate(ConnectRequest.builder(evil).username("emqx_u")
                        .password("public").build());
                assertThat(byId.isAllowed()).as(byId.explain()).isTrue();
            }
            assertThat(auth.authenticate(connect("emqx_u", "public")).isAllowed()).as("the table is still there")
                    .isTrue();
        }
    }
}
