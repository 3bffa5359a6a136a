package io.mqttauth.testkit;

import static io.mqttauth.FailureReason.ANONYMOUS_NOT_ALLOWED;
import static io.mqttauth.FailureReason.INVALID_TOPIC;
import static io.mqttauth.FailureReason.NO_CREDENTIALS_FOUND;
import static io.mqttauth.FailureReason.NO_MATCHING_RULE;
import static io.mqttauth.FailureReason.PASSWORD_MISMATCH;
import static io.mqttauth.testkit.MqttAuthAssertions.assertThat;
import static io.mqttauth.testkit.MqttAuthAssertions.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.Action;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fluent assertions pass on true statements and fail with the engine's explanation on false ones. */
class MqttAuthAssertionsTest {

    @TempDir
    Path dir;

    private MqttAuth auth;

    @BeforeEach
    void engine() throws IOException {
        Files.writeString(dir.resolve("users"), "alice:alice-pw\n");
        Files.writeString(dir.resolve("rules"), "alice publish lab/#\nalice subscribe news/+\nalice receive news/+\n");
        Files.writeString(dir.resolve("mqtt-auth.properties"), "authenticators = sample\nauthorizers = sample\n"
                + "sample.users = users\nsample.rules = rules\n");
        auth = MqttAuth.fromFile(dir.resolve("mqtt-auth.properties"));
    }

    @AfterEach
    void close() {
        auth.close();
    }

    @Test
    void trueStatementsPass() {
        assertThat(auth).connecting(client("c1").username("alice").password("wrong")).isRefusedWith(PASSWORD_MISMATCH)
                .hasCodes(5, 0x87);
        assertThat(auth).connecting(client("c1").username("nobody").password("x")).isRefusedWith(NO_CREDENTIALS_FOUND);
        assertThat(auth).connecting(client("c1")).isRefusedWith(ANONYMOUS_NOT_ALLOWED);
        assertThat(auth).connecting(client("c1").username("alice").password("alice-pw")).isAcceptedAs("alice")
                .canPublish("lab/1")
                .cannotPublish("news/x", NO_MATCHING_RULE)
                .cannotPublish("lab/#", INVALID_TOPIC)
                .canSubscribe("news/+")
                .cannotSubscribe("#")
                .canReceive("news/today")
                .cannotReceive("lab/1")
                .isAllowedTo(Action.publish("lab/2", 2, true));
        Identity alice = Identity.builder("alice", "c9").username("alice").build();
        assertThat(auth).as(alice).canPublish("lab/a/b").cannotSubscribe("lab/#", NO_MATCHING_RULE);
    }

    @Test
    void aWrongConnectExpectationFailsWithTheExplanation() {
        assertThatThrownBy(() -> assertThat(auth).connecting(client("c1").username("alice").password("wrong"))
                .isAccepted())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to be accepted, but it was refused")
                .hasMessageContaining("DENY PASSWORD_MISMATCH connect")
                .hasMessageContaining("decided by: sample")
                .hasMessageNotContaining("wrong\"");
        assertThatThrownBy(() -> assertThat(auth).connecting(client("c1").username("alice").password("wrong"))
                .isRefusedWith(NO_CREDENTIALS_FOUND))
                .hasMessageContaining("refused with PASSWORD_MISMATCH");
        assertThatThrownBy(() -> assertThat(auth).connecting(client("c1").username("alice").password("alice-pw"))
                .isAcceptedAs("bob"))
                .hasMessageContaining("accepted as \"alice\"");
        assertThatThrownBy(() -> assertThat(auth).connecting(client("c1").username("alice").password("alice-pw"))
                .isRefused())
                .hasMessageContaining("to be refused, but it was accepted");
        assertThatThrownBy(() -> assertThat(auth).connecting(client("c1")).isRefused().hasCodes(4, 0x86))
                .hasMessageContaining("expected codes MQTT 3.1.1: 4, MQTT 5: 0x86");
    }

    @Test
    void aWrongActionExpectationFailsWithTheExplanation() {
        Identity alice = Identity.builder("alice", "c1").username("alice").build();
        assertThatThrownBy(() -> assertThat(auth).as(alice).canPublish("news/x"))
                .hasMessageContaining("expected \"alice\" (client id \"c1\") to be allowed to PUBLISH news/x")
                .hasMessageContaining("DENY NO_MATCHING_RULE")
                .hasMessageContaining("no-match");
        assertThatThrownBy(() -> assertThat(auth).as(alice).cannotPublish("lab/1"))
                .hasMessageContaining("but it was allowed")
                .hasMessageContaining("rule at line 1");
        assertThatThrownBy(() -> assertThat(auth).as(alice).cannotSubscribe("a/#/b", NO_MATCHING_RULE))
                .hasMessageContaining("denied with INVALID_TOPIC");
    }

    @Test
    void theAcceptedIdentityIsTheEnginesIdentity() {
        IdentityAssert accepted = assertThat(auth).connecting(client("c7").username("alice").password("alice-pw"))
                .isAccepted();
        assertThat(accepted.identity().provider()).isEqualTo("sample");
        assertThat(accepted.identity().clientId()).isEqualTo("c7");
    }
}
