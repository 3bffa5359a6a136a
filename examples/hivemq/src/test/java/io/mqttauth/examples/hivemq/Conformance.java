package io.mqttauth.examples.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The answers a real Mosquitto 2.0.11 gave ({@code conformance/mosquitto-2.0.11/}: {@code answers.tsv} with CONNACK
 * and PUBACK codes, {@code read-answers.tsv} with whether a message published by another client was delivered), asked
 * again of a broker over the wire, one connection per line. The broker must use the recorded {@code passwd} and
 * {@code acl} with anonymous clients allowed, as the recording did.
 */
public final class Conformance {

    private static final String DATA = "/conformance/mosquitto-2.0.11/";
    private static final String PUBBER = "pubber";
    private static final String PUBBER_PASSWORD = "pubber-pw";

    private Conformance() {
    }

    /** One line of a TSV: version, user, password, client id, action, topic, and the broker's answer. */
    public record Case(int version, String user, String password, String clientId, String action, String topic,
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

    /** Copies the recorded {@code passwd} and {@code acl} into a folder, replacing files of those names. */
    public static void copyFiles(Path folder) throws IOException {
        for (String name : List.of("passwd", "acl")) {
            try (InputStream in = Conformance.class.getResourceAsStream(DATA + name)) {
                Files.copy(in, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** One dynamic test per line of {@code answers.tsv} and {@code read-answers.tsv}, asked of the broker at port. */
    public static Stream<DynamicTest> tests(int port) throws IOException {
        return Stream.concat(cases("answers.tsv"), cases("read-answers.tsv")).map(c -> DynamicTest.dynamicTest(
                c.toString(), () -> assertThat(ask(port, c)).isEqualTo(c.answer())));
    }

    private static Stream<Case> cases(String name) throws IOException {
        try (InputStream in = Conformance.class.getResourceAsStream(DATA + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).map(Case::parse).toList().stream();
        }
    }

    /** Asks the broker what the line asks, over one connection, and words the answer as the TSV does. */
    public static String ask(int port, Case c) throws InterruptedException {
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
                case "read" -> read(port, client, c);
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
    private static String read(int port, Mqtt5BlockingClient client, Case c) throws InterruptedException {
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
