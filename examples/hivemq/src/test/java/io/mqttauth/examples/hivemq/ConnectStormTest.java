package io.mqttauth.examples.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttauth.MqttAuth;
import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An established client keeps publishing to itself while 200 clients connect with wrong passwords, each costing a
 * PBKDF2 verification of 50,000 iterations. Every answer must be right: all 200 refused with 0x87 and every probe
 * message delivered. The probe's round-trip times, before and during the storm, are a measurement, not an assertion:
 * they are written to {@code target/connect-storm.txt} for {@code docs/benchmarks.md}.
 */
class ConnectStormTest {

    private static final int STORM = 200;
    private static final int ITERATIONS = 50_000;
    private static final String TOPIC = "probe/echo";

    @TempDir
    Path tmp;

    @Test
    void aConnectStormWithWrongPasswordsIsRefusedWhileAnEstablishedClientKeepsItsMessages() throws Exception {
        String hash = PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, "right".getBytes(StandardCharsets.UTF_8),
                ITERATIONS);
        Path passwd = Files.writeString(tmp.resolve("passwd"), "device:" + hash + "\nprobe:" + hash + "\n");
        Path acl = Files.writeString(tmp.resolve("acl"), "pattern readwrite #\n");
        int port = Mqtt.freePort();
        try (MqttAuth auth = MqttAuth.builder()
                .authenticatorProvider("password-file", Map.of("path", passwd.toString()))
                .authorizerProvider("acl", Map.of("path", acl.toString()))
                .build();
             EmbeddedBroker broker = EmbeddedBroker.builder(new MqttAuthHiveMq(auth, HiveMqOptions.defaults()))
                     .tcp("tcp", "127.0.0.1", port).start()) {
            Mqtt5BlockingClient probe = Mqtt.v5(port, "probe");
            assertThat(Mqtt.connect5(probe, "probe", "right")).isZero();
            try (Mqtt5BlockingClient.Mqtt5Publishes received = Mqtt.publishes(probe)) {
                assertThat(Mqtt.subscribe5(probe, TOPIC)).isLessThan(0x80);
                List<Long> idle = roundTrips(probe, received, 100, null);

                List<CompletableFuture<Integer>> storm = new ArrayList<>();
                long start = System.nanoTime();
                for (int i = 0; i < STORM; i++) {
                    storm.add(wrongPassword(port, "storm-" + i));
                }
                CompletableFuture<Void> all = CompletableFuture.allOf(storm.toArray(new CompletableFuture[0]));
                List<Long> during = roundTrips(probe, received, Integer.MAX_VALUE, all);
                all.get(120, TimeUnit.SECONDS);
                long stormMillis = (System.nanoTime() - start) / 1_000_000;

                assertThat(storm).allSatisfy(f -> assertThat(f.join()).isEqualTo(0x87));
                assertThat(during).isNotEmpty();
                report(idle, during, stormMillis);
            }
            probe.disconnect();
        }
    }

    private static CompletableFuture<Integer> wrongPassword(int port, String clientId) {
        Mqtt5AsyncClient c = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port)
                .buildAsync();
        return c.connectWith().simpleAuth().username("device").password("wrong".getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send()
                .handle((connack, e) -> {
                    if (e instanceof Mqtt5ConnAckException refused) {
                        return refused.getMqttMessage().getReasonCode().getCode();
                    }
                    if (connack != null) {
                        c.disconnect();
                        return connack.getReasonCode().getCode();
                    }
                    return -1;
                });
    }

    /**
     * Publishes QoS 0 messages to the probe's own subscription one after another and returns each round trip in
     * microseconds: {@code count} of them, or as many as fit until {@code until} completes.
     */
    private static List<Long> roundTrips(Mqtt5BlockingClient probe, Mqtt5BlockingClient.Mqtt5Publishes received,
            int count, CompletableFuture<?> until) throws InterruptedException {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < count && (until == null || !until.isDone()); i++) {
            long sent = System.nanoTime();
            probe.publishWith().topic(TOPIC).qos(MqttQos.AT_MOST_ONCE)
                    .payload(ByteBuffer.allocate(Long.BYTES).putLong(0, sent)).send();
            while (true) {
                Optional<Mqtt5Publish> p = received.receive(30, TimeUnit.SECONDS);
                assertThat(p).as("probe message %d delivered within 30 s", i).isPresent();
                if (p.get().getPayloadAsBytes().length == Long.BYTES
                        && ByteBuffer.wrap(p.get().getPayloadAsBytes()).getLong() == sent) {
                    break;
                }
            }
            micros.add((System.nanoTime() - sent) / 1_000);
            Thread.sleep(10);
        }
        return micros;
    }

    private static void report(List<Long> idle, List<Long> during, long stormMillis) throws IOException {
        String text = String.format(Locale.ROOT,
                "connect storm: %d wrong-password connects (PBKDF2-SHA512, %d iterations) answered in %d ms%n"
                        + "probe round trip idle:   n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n"
                        + "probe round trip storm:  n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
                STORM, ITERATIONS, stormMillis,
                idle.size(), pct(idle, 50), pct(idle, 99), pct(idle, 100),
                during.size(), pct(during, 50), pct(during, 99), pct(during, 100));
        System.out.print(text);
        Files.writeString(Path.of("target", "connect-storm.txt"), text, StandardCharsets.UTF_8);
    }

    private static double pct(List<Long> micros, int p) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1000.0;
    }
}
