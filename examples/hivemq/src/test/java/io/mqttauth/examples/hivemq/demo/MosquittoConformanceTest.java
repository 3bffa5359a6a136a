package io.mqttauth.examples.hivemq.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.mqttauth.examples.hivemq.Mqtt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    private static final String DATA = "/conformance/mosquitto-2.0.11/";
    private static final String PUBBER = "pubber";
    private static final String PUBBER_PASSWORD = "pubber-pw";

    @TempDir
    static Path tmp;
    private static DemoBroker.Running demo;
    private static int port;

    /** One line of a TSV: version, user, password, client id, action, topic, and the broker's answer. */
    record Case(int version, String user, String password, String clientId, String action, String topic,
            String answer) {

        static Case parse(String line) {
            String[] f = line.split("\t", -1);
            return new Case(Integer.parseInt(f[0]), none(f[1]), none(f[2]), f[3], f[4], f[5], f[7]);
        }

        private static String none(String s) {
            return s.equals("-") ? null : s;
        }

        @Override
        public String toString() {
            return "MQTT " + (version == 5 ? "5" : "3.1.1") + " " + (user == null ? "anonymous" : user) + "/"
                    + password + " " + clientId + " " + action + " " + topic + " => " + answer;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        port = Mqtt.freePort();
        for (String name : List.of("passwd", "acl")) {
            try (InputStream in = MosquittoConformanceTest.class.getResourceAsStream(DATA + name)) {
                Files.copy(in, tmp.resolve(name));
            }
        }
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
    Stream<DynamicTest> answersTsv() throws IOException {
        return cases("answers.tsv").map(c -> DynamicTest.dynamicTest(c.toString(),
                () -> assertThat(ask(c)).isEqualTo(c.answer())));
    }

    @TestFactory
    Stream<DynamicTest> readAnswersTsv() throws IOException {
        return cases("read-answers.tsv").map(c -> DynamicTest.dynamicTest(c.toString(),
                () -> assertThat(ask(c)).isEqualTo(c.answer())));
    }

    private static Stream<Case> cases(String name) throws IOException {
        try (InputStream in = MosquittoConformanceTest.class.getResourceAsStream(DATA + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).map(Case::parse).toList().stream();
        }
    }

    /** Asks the broker what the line asks, over one connection, and words the answer as the TSV does. */
    private static String ask(Case c) throws InterruptedException {
        if (c.version() == 3) {
            Mqtt3BlockingClient client = Mqtt.v3(port, c.clientId());
            if (!c.action().equals("connect")) {
                throw new IllegalStateException("the data has only MQTT 3.1.1 connects");
            }
            int code = Mqtt.connect3(client, c.user(), c.password());
            if (client.getState().isConnected()) {
                client.disconnect();
            }
            return "CONNACK3 " + Mqtt3ConnAckReturnCode.fromCode(code);
        }
        Mqtt5BlockingClient client = Mqtt.v5(port, c.clientId());
        Mqtt5ConnAck connack = Mqtt.connack(client, c.user(), c.password());
        try {
            return switch (c.action()) {
                case "connect" -> "CONNACK " + connack.getReasonCode();
                case "pub" -> "PUBACK " + Mqtt.publish5(client, c.topic(), false).getReasonCode();
                case "read" -> read(client, c);
                default -> throw new IllegalArgumentException("unknown action " + c.action());
            };
        } finally {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
    }

    /**
     * The client subscribes to the topic itself, then {@code pubber} publishes one message there and a second one on
     * {@code clients/<client id>/sync}, which the ACL's {@code pattern readwrite clients/%c/#} lets the client read.
     * Both come from one publisher to one subscriber, so whichever arrives first tells whether the first was
     * delivered.
     */
    private static String read(Mqtt5BlockingClient client, Case c) throws InterruptedException {
        String sync = "clients/" + c.clientId() + "/sync";
        try (var received = Mqtt.publishes(client)) {
            assertThat(Mqtt.subscribe5(client, c.topic())).isLessThan(0x80);
            assertThat(Mqtt.subscribe5(client, sync)).isLessThan(0x80);
            Mqtt5BlockingClient pubber = Mqtt.v5(port, PUBBER);
            assertThat(Mqtt.connect5(pubber, PUBBER, PUBBER_PASSWORD)).isZero();
            pubber.publishWith().topic(c.topic()).qos(MqttQos.AT_LEAST_ONCE).send();
            pubber.publishWith().topic(sync).qos(MqttQos.AT_LEAST_ONCE).send();
            pubber.disconnect();
            Optional<String> first = Mqtt.next(received);
            assertThat(first).as("a message within 10 s").isPresent();
            return first.get().equals(c.topic()) ? "DELIVERED" : "NOT_DELIVERED";
        }
    }
}
