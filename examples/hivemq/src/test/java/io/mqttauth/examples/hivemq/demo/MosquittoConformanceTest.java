package io.mqttauth.examples.hivemq.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.mqttauth.examples.hivemq.Conformance;
import io.mqttauth.examples.hivemq.Mqtt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo broker started with a mosquitto.conf ({@code allow_anonymous true}, {@code password_file},
 * {@code acl_file}) answers a real MQTT client as a real Mosquitto 2.0.11 did for the same files: the answers recorded
 * in {@code conformance/mosquitto-2.0.11/answers.tsv} (CONNACK and PUBACK codes) and {@code read-answers.tsv}
 * (whether a message published by another client is delivered), one connection per line.
 */
class MosquittoConformanceTest {

    @TempDir
    static Path tmp;
    private static DemoBroker.Running demo;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        port = Mqtt.freePort();
        Conformance.copyFiles(tmp);
        Path conf = Files.writeString(tmp.resolve("mosquitto.conf"), String.join("\n",
                "# as the conformance run: a listener, anonymous clients allowed, both files",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "password_file passwd",
                "acl_file acl",
                "persistence false",
                ""));
        DemoBroker broker = new DemoBroker();
        new CommandLine(broker).parseArgs("--config", conf.toString());
        demo = broker.start();
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void theBannerDescribesTheTranslatedConfiguration() {
        assertThat(demo.banner())
                .contains("mqtt://127.0.0.1:" + port)
                .contains("allow_anonymous true")
                .contains("Authenticators: [password-file]; authorizers: [acl]")
                .contains("persistence is not used by the demo broker (ignored)");
    }

    @Test
    void deniedPublishesCarryNoReasonStringAsMosquitto() {
        Mqtt5BlockingClient zoe = Mqtt.v5(port, "no-reason");
        assertThat(Mqtt.connect5(zoe, "zoe", "zoe-pw")).isZero();
        Mqtt5PubAck denied = Mqtt.publish5(zoe, "other", false);

        assertThat(denied.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(denied.getReasonString()).isEmpty();
        zoe.disconnect();
    }

    @Test
    void refusedConnectsCarryOnlyHiveMqsOwnReasonString() {
        Mqtt5ConnAck connack = Mqtt.connack(Mqtt.v5(port, "no-reason"), "zoe", "bad");
        assertThat(connack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(connack.getReasonString()).map(Object::toString).contains("Authentication failed");
    }

    @TestFactory
    Stream<DynamicTest> answersAsMosquitto2011() throws IOException {
        return Conformance.tests(port);
    }
}
