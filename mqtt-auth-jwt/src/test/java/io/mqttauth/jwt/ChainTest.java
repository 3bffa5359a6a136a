package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine with {@code authenticators = jwt, password-file} and {@code authorizers = jwt, acl}, as in the HiveMQ
 * recipe: tokens and passwords side by side, the token's rules at their place in the chain before the ACL file.
 */
class ChainTest {

    @TempDir
    Path dir;

    private MqttAuth auth;

    @BeforeEach
    void engine() {
        Tokens.writeKeys(dir);
        Tokens.write(dir, "passwd", "alice:" + PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2,
                "alice-pw".getBytes(StandardCharsets.UTF_8), 1000) + "\n");
        Tokens.write(dir, "acl", """
                role sensors
                  allow publish sensors/%u/#
                user alice
                  allow all alice/#
                everyone
                  allow receive broadcast/#
                """);
        auth = engine("");
    }

    private MqttAuth engine(String extra) {
        if (auth != null) {
            auth.close();
        }
        Path config = Tokens.write(dir, "mqtt-auth.properties", """
                authenticators = jwt, password-file
                authorizers = jwt, acl
                jwt.public-key.path = ec.pem
                jwt.roles-claim = groups
                password-file.path = passwd
                acl.path = acl
                """ + extra);
        auth = MqttAuth.builder().configuration(config).clock(Tokens.CLOCK).build();
        return auth;
    }

    @AfterEach
    void close() {
        auth.close();
    }

    private Decision connect(String username, String password) {
        return auth.authenticate(ConnectRequest.builder("c-" + username).username(username).password(password)
                .mqttVersion(MqttVersion.V5).build());
    }

    private static Identity identity(Decision d) {
        assertThat(d.isAllowed()).as(d.explain()).isTrue();
        return d.identity().orElseThrow();
    }

    @Test
    void aTokenIsAcceptedByJwtAndAPasswordByThePasswordFile() {
        Identity device = identity(connect("dev-1", jwt("dev-1").sign(EC)));
        assertThat(device.provider()).isEqualTo("jwt");
        Identity alice = identity(connect("alice", "alice-pw"));
        assertThat(alice.provider()).isEqualTo("password-file");
        assertThat(connect("alice", "wrong").reason()).contains(FailureReason.PASSWORD_MISMATCH);
    }

    @Test
    void aJwtThatFailsIsRefusedWithItsOwnReasonAndNeverReachesThePasswordFile() {
        Decision expired = connect("alice", jwt("alice").claim("exp", Tokens.NOW.getEpochSecond() - 3600).sign(EC));
        assertThat(expired.reason()).contains(FailureReason.TOKEN_EXPIRED);
        assertThat(expired.trail()).extracting(Decision.Step::provider).containsExactly("jwt");
        assertThat(expired.codeFor(MqttVersion.V5)).isEqualTo(0x87);
    }

    @Test
    void anUnknownUserWithAPlainPasswordIsNoCredentialsFoundFromThePasswordFileNotAMalformedToken() {
        Decision d = connect("bob", "bob-pw");
        assertThat(d.isAllowed()).isFalse();
        assertThat(d.reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
        assertThat(d.provider()).isEqualTo("password-file");
        assertThat(d.trail()).extracting(Decision.Step::verdict).containsExactly("ABSTAIN", "ABSTAIN");
        assertThat(d.trail()).extracting(Decision.Step::reason)
                .containsExactly(FailureReason.TOKEN_MALFORMED, FailureReason.NO_CREDENTIALS_FOUND);
    }

    @Test
    void theTokensRulesDecideFirstAndTheAclFileDecidesWhatTheyDoNotMatch() {
        String acl = "[{\"permission\":\"deny\",\"action\":\"publish\",\"topic\":\"sensors/${username}/secret\"},"
                + "{\"permission\":\"allow\",\"action\":\"subscribe\",\"topic\":\"cmd/${clientid}\"}]";
        Identity device = identity(connect("dev-1", jwt("dev-1").claim("groups", List.of("sensors"))
                .claimJson("acl", acl).sign(EC)));
        Decision denied = auth.authorize(device, Action.publish("sensors/dev-1/secret"));
        assertThat(denied.reason()).contains(FailureReason.DENIED_BY_RULE);
        assertThat(denied.provider()).isEqualTo("jwt");
        Decision byRole = auth.authorize(device, Action.publish("sensors/dev-1/temp"));
        assertThat(byRole.isAllowed()).as(byRole.explain()).isTrue();
        assertThat(byRole.provider()).isEqualTo("acl");
        assertThat(auth.authorize(device, Action.subscribe("cmd/c-dev-1")).provider()).isEqualTo("jwt");
        assertThat(auth.authorize(device, Action.receive("broadcast/all")).provider()).isEqualTo("acl");
        Decision nowhere = auth.authorize(device, Action.publish("elsewhere"));
        assertThat(nowhere.reason()).contains(FailureReason.NO_MATCHING_RULE);
        assertThat(nowhere.trail()).extracting(Decision.Step::provider).containsExactly("jwt", "acl", "no-match");
    }

    @Test
    void allowListsDenyWhatTheyDoNotListBeforeTheAclFileIsAsked() {
        Identity device = identity(connect("dev-1", jwt("dev-1").claim("groups", "sensors")
                .claimJson("acl", "{\"pub\":[\"up/${clientid}\"]}").sign(EC)));
        assertThat(auth.authorize(device, Action.publish("up/c-dev-1")).isAllowed()).isTrue();
        Decision d = auth.authorize(device, Action.publish("sensors/dev-1/temp"));
        assertThat(d.reason()).contains(FailureReason.NO_MATCHING_RULE);
        assertThat(d.provider()).isEqualTo("jwt");
    }

    @Test
    void passwordFileIdentitiesAreLeftToTheAclFile() {
        Identity alice = identity(connect("alice", "alice-pw"));
        Decision d = auth.authorize(alice, Action.publish("alice/x"));
        assertThat(d.isAllowed()).isTrue();
        assertThat(d.trail()).extracting(Decision.Step::verdict).containsExactly("ABSTAIN", "ALLOW");
    }

    @Test
    void withTheTokenInTheUserNameOtherUsersStillLogInWithPasswords() {
        engine("jwt.token-from = username\n");
        String token = jwt("dev-1").sign(EC);
        Decision device = auth.authenticate(ConnectRequest.builder("c1").username(token).build());
        assertThat(identity(device).name()).isEqualTo("dev-1");
        assertThat(identity(connect("alice", "alice-pw")).provider()).isEqualTo("password-file");
    }

    @Test
    void aMalformedAclClaimRefusesTheConnect() {
        Decision d = connect("dev-1", jwt("dev-1").claimJson("acl",
                "[{\"permission\":\"allow\",\"action\":\"publish\",\"topic\":\"t\",\"qos\":[5]}]").sign(EC));
        assertThat(d.reason()).contains(FailureReason.TOKEN_CLAIM_MISMATCH);
        assertThat(d.detail()).contains("claim \"acl\" is malformed: rule 1: qos must hold only 0, 1 and 2");
    }
}
