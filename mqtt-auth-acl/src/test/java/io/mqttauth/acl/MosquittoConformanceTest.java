package io.mqttauth.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real Mosquitto 2.0.11 broker's decisions for one ACL file ({@code ../shared/conformance/mosquitto-2.0.11}),
 * replayed through {@link MqttAuth} with the acl provider found by ServiceLoader. Publish rows: PUBACK
 * NOT_AUTHORIZED is a denial, anything else an allowed publish. Read rows: whether a message published on the
 * topic was delivered to the subscriber of {@code #}. The connect rows belong to the password file and are skipped
 * here: every identity below is one the broker had accepted.
 */
class MosquittoConformanceTest {

    @TempDir
    static Path dir;
    static MqttAuth auth;

    @BeforeAll
    static void load() throws IOException {
        Files.write(dir.resolve("acl"), resource("acl"));
        auth = MqttAuth.builder().authorizerProvider("acl", Map.of("path", dir.resolve("acl").toString(),
                "reload", "off")).build();
    }

    @AfterAll
    static void close() {
        auth.close();
    }

    static Stream<Arguments> publishRows() throws IOException {
        return rows("answers.tsv").filter(r -> r[4].equals("pub"))
                .map(r -> Arguments.of(r[1], r[3], r[5], !r[7].equals("PUBACK NOT_AUTHORIZED")));
    }

    static Stream<Arguments> readRows() throws IOException {
        return rows("read-answers.tsv").map(r -> Arguments.of(r[1], r[3], r[5], r[7].equals("DELIVERED")));
    }

    @ParameterizedTest(name = "{0} ({1}) publishes {2}: allowed={3}")
    @MethodSource("publishRows")
    void publishDecisionsMatchMosquitto(String user, String clientId, String topic, boolean allowed) {
        Decision d = auth.authorize(identity(user, clientId), Action.publish(topic, 1, false));
        assertThat(d.isAllowed()).as(d.explain()).isEqualTo(allowed);
        if (!allowed) {
            assertThat(d.reason()).get().isIn(FailureReason.DENIED_BY_RULE, FailureReason.NO_MATCHING_RULE);
        }
    }

    @ParameterizedTest(name = "{0} ({1}) receives {2}: delivered={3}")
    @MethodSource("readRows")
    void deliveryDecisionsMatchMosquitto(String user, String clientId, String topic, boolean delivered) {
        Decision d = auth.authorize(identity(user, clientId), Action.receive(topic));
        assertThat(d.isAllowed()).as(d.explain()).isEqualTo(delivered);
    }

    private static Identity identity(String user, String clientId) {
        return user.equals("-") ? Identity.anonymous(ConnectRequest.builder(clientId).build())
                : AclFixture.user(user, clientId);
    }

    /** Columns: MQTT version, user, password, client id, verb, topic, "=>", answer. */
    private static Stream<String[]> rows(String name) throws IOException {
        String text = new String(resource(name), StandardCharsets.UTF_8);
        List<String[]> rows = text.lines().filter(l -> !l.isBlank()).map(l -> l.split("\t", -1)).toList();
        assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(8));
        return rows.stream();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = MosquittoConformanceTest.class.getResourceAsStream("/mosquitto-2.0.11/" + name)) {
            return in.readAllBytes();
        }
    }
}
