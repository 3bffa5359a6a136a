package io.mqttauth.examples.hivemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import io.mqttauth.MqttAuth;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrapper configured from an {@code mqtt-auth.properties} with the real password-file and ACL providers,
 * {@code client-reason-strings = detailed} and {@code publish-denial = disconnect}: HiveMQ's own answer to a denied
 * publish, and the specific reasons sent to clients.
 */
class HiveMqDisconnectModeTest {

    @TempDir
    static Path dir;
    private static MqttAuth auth;
    private static EmbeddedBroker broker;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        try (InputStream in = HiveMqDisconnectModeTest.class.getResourceAsStream(
                "/conformance/mosquitto-2.0.11/passwd")) {
            Files.copy(in, dir.resolve("passwd"));
        }
        Files.writeString(dir.resolve("acl"), "user zoe\ntopic readwrite lab/zoe/#\n");
        Path file = Files.writeString(dir.resolve("mqtt-auth.properties"), String.join("\n",
                "authenticators = password-file",
                "authorizers = acl",
                "password-file.path = passwd",
                "acl.path = acl",
                "client-reason-strings = detailed",
                "publish-denial = disconnect",
                ""));
        auth = MqttAuth.builder().configuration(file).hostKeys(HiveMqOptions.KEYS).build();
        port = Mqtt.freePort();
        broker = EmbeddedBroker.builder(new MqttAuthHiveMq(auth, HiveMqOptions.fromFile(file)))
                .tcp("tcp", "127.0.0.1", port)
                .start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    @Test
    void detailedReasonStringsNameTheFailureReason() {
        Mqtt5ConnAck connack = Mqtt.connack(Mqtt.v5(port, "d-pw"), "zoe", "bad");

        assertThat(connack.getReasonCode().getCode()).isEqualTo(0x87);
        assertThat(connack.getReasonString()).map(Object::toString).hasValueSatisfying(
                s -> assertThat(s).startsWith("PASSWORD_MISMATCH: ").doesNotContain("bad"));
    }

    @Test
    void aDeniedSubscriptionGetsSuback0x87WithTheRuleThatDecided() {
        Mqtt5BlockingClient zoe = Mqtt.v5(port, "d-sub");
        assertThat(Mqtt.connect5(zoe, "zoe", "zoe-pw")).isZero();
        assertThatThrownBy(() -> zoe.subscribeWith().topicFilter("lab/#").qos(MqttQos.AT_LEAST_ONCE).send())
                .isInstanceOfSatisfying(Mqtt5SubAckException.class, e -> {
                    assertThat(e.getMqttMessage().getReasonCodes().get(0).getCode()).isEqualTo(0x87);
                    assertThat(e.getMqttMessage().getReasonString()).map(Object::toString)
                            .hasValueSatisfying(s -> assertThat(s).contains("NO_MATCHING_RULE"));
                });
        assertThat(Mqtt.subscribe5(zoe, "lab/zoe/#")).isEqualTo(1);
        zoe.disconnect();
    }

    @Test
    void aDeniedMqtt5PublishGetsPuback0x87AndThenHiveMqDisconnects() throws Exception {
        CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
        Mqtt5BlockingClient zoe = Mqtt5Client.builder().identifier("d-pub5").serverHost("127.0.0.1")
                .serverPort(port).addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
                .buildBlocking();
        assertThat(Mqtt.connect5(zoe, "zoe", "zoe-pw")).isZero();
        assertThat(Mqtt.publish5(zoe, "lab/zoe/x")).isEqualTo(0x10);

        Mqtt5PubAck denied = Mqtt.publish5(zoe, "lab/other", false);

        assertThat(denied.getReasonCode().getCode()).isEqualTo(0x87);
        assertThat(denied.getReasonString()).map(Object::toString)
                .hasValueSatisfying(s -> assertThat(s).startsWith("NO_MATCHING_RULE: "));
        Throwable cause = disconnected.get(10, TimeUnit.SECONDS);
        assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void aDeniedMqtt311PublishClosesTheConnection() throws Exception {
        CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
        Mqtt3BlockingClient zoe = com.hivemq.client.mqtt.mqtt3.Mqtt3Client.builder().identifier("d-pub3")
                .serverHost("127.0.0.1").serverPort(port)
                .addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
                .buildBlocking();
        assertThat(Mqtt.connect3(zoe, "zoe", "zoe-pw")).isZero();

        zoe.publishWith().topic("lab/other").qos(MqttQos.AT_MOST_ONCE).send();

        assertThat(disconnected.get(10, TimeUnit.SECONDS)).isNotNull();
    }
}
