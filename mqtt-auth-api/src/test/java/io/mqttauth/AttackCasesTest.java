package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Named attack cases on the engine's own checks: hostile client ids and user names, and hostile topics. Covered
 * elsewhere: a user name with U+0000 or an unpaired surrogate ({@code MqttAuthChainTest}), shared subscriptions on
 * their filter and malformed ones such as {@code $share//t}, {@code $share/g/} and {@code $share/+/t}
 * ({@link MQTT_4_8_2_SharedSubscriptionsTest}), U+0000 and the length limit in {@link Topics}
 * ({@link MQTT_4_7_3_TopicSemanticsTest}); {@code $SYS} writes and client ids starting with {@code +} or {@code #} in
 * ACL patterns are the acl module's {@code AttackCasesTest}.
 */
class AttackCasesTest {

    private static final Authenticator NOBODY = request -> AuthenticationResult.unknown(
            FailureReason.NO_CREDENTIALS_FOUND, "unknown");

    private static Decision connect(String clientId, String username) {
        return MqttAuth.builder().authenticator("nobody", NOBODY).build()
                .authenticate(ConnectRequest.builder(clientId).username(username).password("pw").build());
    }

    @ParameterizedTest(name = "client id {0}")
    @ValueSource(strings = {"a\u0000b", "\u0000", "\ud800", "x\udc00y"})
    void aClientIdWithNulOrAnUnpairedSurrogateIsMalformed(String clientId) {
        Decision d = connect(clientId, "alice");
        assertThat(d.reason()).contains(FailureReason.MALFORMED_CREDENTIALS);
        assertThat(d.detail()).contains("the client id is not a well-formed MQTT UTF-8 string");
    }

    @Test
    void aUserNameOrClientIdLongerThan65535BytesIsMalformed() {
        String max = "a".repeat(65_532) + "\u00e9" + "b"; // 65,535 UTF-8 bytes
        String over = max + "c";
        String overInChars = "\u20ac".repeat(21_846); // 21,846 characters, 65,538 bytes
        assertThat(connect("c", max).reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
        assertThat(connect(max, "alice").reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
        for (String tooLong : List.of(over, overInChars)) {
            Decision user = connect("c", tooLong);
            assertThat(user.reason()).contains(FailureReason.MALFORMED_CREDENTIALS);
            assertThat(user.detail()).contains("the user name is longer than 65,535 UTF-8 bytes");
            Decision client = connect(tooLong, "alice");
            assertThat(client.reason()).contains(FailureReason.MALFORMED_CREDENTIALS);
            assertThat(client.detail()).contains("the client id is longer than 65,535 UTF-8 bytes");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"+", "#", "+x", "#x", "/", "a/b", "/+/#", "$SYS", "%c", "%u"})
    void clientIdsAndUserNamesWithWildcardsOrSlashesAreOrdinaryNamesToTheEngine(String name) {
        // The engine passes them on; the rules that use them (ACL patterns) must make them safe.
        assertThat(connect(name, "alice").reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
        assertThat(connect("c", name).reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
    }

    @ParameterizedTest(name = "topic {0}")
    @ValueSource(strings = {"a\u0000b", "\u0000", "a/\ud800", "\udc00/b", "a/\ud83d", "$share/g\u0000/x"})
    void topicsWithNulOrInvalidUtf8AreInvalidTopics(String topic) {
        MqttAuth auth = MqttAuth.builder().allowUnmatched(true).build();
        Identity dev = Identity.builder("dev", "c").build();
        Identity superuser = dev.toBuilder().superuser(true).build();
        for (Identity who : List.of(dev, superuser)) {
            for (Action action : List.of(Action.publish(topic), Action.subscribe(topic), Action.receive(topic))) {
                Decision d = auth.authorize(who, action);
                assertThat(d.reason()).as("%s", action).contains(FailureReason.INVALID_TOPIC);
                assertThat(d.codes().mqtt5()).isEqualTo(action.type() == Action.Type.SUBSCRIBE ? 0x8F : 0x90);
            }
        }
    }
}
