package io.mqttauth.examples.hivemq.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.mqttauth.examples.hivemq.Mqtt;
import io.mqttauth.examples.hivemq.MqttAuthHiveMq;
import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Rounds of 2,000 clients connect to the demo broker over TCP with the HiveMQ MQTT client, at most 64 at a time, half
 * with MQTT 5 and half with MQTT 3.1.1; every fifth sends a wrong password. Every CONNACK must be right: success for
 * each right password, and for each wrong one the codes the demo sends for {@code PASSWORD_MISMATCH} (MQTT 5 0x87,
 * MQTT 3.1.1 return code 5, as Mosquitto 2.0). The password file's hashes are PBKDF2 with a single iteration, so that
 * the rate shows the authentication layer rather than the key derivation.
 *
 * <p>Embedded HiveMQ CE without any extension (which lets every client in) runs beside the demo broker in the same
 * JVM; both get 1,000 connects to warm up, then take turns, round by round, so that both see the same machine as far as
 * possible. The rates are measurements, not assertions: they are printed and written to
 * {@code target/demo-connect-load.txt}. System properties {@code mqttauth.connects} (per round),
 * {@code mqttauth.connects.rounds}, {@code mqttauth.connects.in-flight}, {@code mqttauth.connects.iterations},
 * {@code mqttauth.connects.users} and {@code mqttauth.connects.warm-up} change the run, for example to measure the
 * default work factor.
 */
class DemoConnectLoadTest {

    private static final int CONNECTS = Integer.getInteger("mqttauth.connects", 2_000);
    private static final int IN_FLIGHT = Integer.getInteger("mqttauth.connects.in-flight", 64);
    private static final int ITERATIONS = Integer.getInteger("mqttauth.connects.iterations", 1);
    private static final int USERS = Integer.getInteger("mqttauth.connects.users", 100);
    private static final int WARM_UP = Integer.getInteger("mqttauth.connects.warm-up", 1_000);
    private static final int ROUNDS = Integer.getInteger("mqttauth.connects.rounds", 3);
    private static final AtomicInteger CLIENT_NUMBER = new AtomicInteger();

    @TempDir
    Path tmp;

    /** What one connect sent and got back. */
    record Outcome(int index, boolean v5, boolean rightPassword, int code) {
    }

    @Test
    void everyConnackIsRightWhenRoundsOf2000ClientsConnectAndAFifthSendWrongPasswords() throws Exception {
        StringBuilder passwd = new StringBuilder();
        for (int u = 0; u < USERS; u++) {
            passwd.append("user-").append(u).append(':').append(PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2,
                    ("pw-" + u).getBytes(StandardCharsets.UTF_8), ITERATIONS)).append('\n');
        }
        Files.writeString(tmp.resolve("passwd"), passwd);
        Files.writeString(tmp.resolve("acl"), "pattern readwrite devices/%u/#\n");
        Path conf = Files.writeString(tmp.resolve("mqtt-auth.properties"), String.join("\n",
                "authenticators = password-file",
                "authorizers = acl",
                "anonymous = deny",
                "password-file.path = passwd",
                "acl.path = acl",
                "client-reason-strings = generic",
                ""));
        int port = Mqtt.freePort();
        int plainPort = Mqtt.freePort();
        DemoBroker broker = new DemoBroker();
        new CommandLine(broker).parseArgs("--config", conf.toString(), "--port", Integer.toString(port));
        List<Outcome> outcomes = new ArrayList<>();
        List<Double> withAuth = new ArrayList<>();
        List<Double> withoutAuth = new ArrayList<>();
        // Thousands of refusals, each logged with its explanation at INFO, would flood the build's output.
        Logger refusals = (Logger) LoggerFactory.getLogger(MqttAuthHiveMq.class);
        Level level = refusals.getLevel();
        refusals.setLevel(Level.WARN);
        DemoBroker.Running demo = broker.start();
        EmbeddedHiveMQ plain = null;
        try {
            plain = plainHiveMq(plainPort);
            connectAll(plainPort, WARM_UP);
            connectAll(port, WARM_UP);
            // Alternating rounds, so that both brokers see the same machine (JIT, other load) as far as possible.
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                List<Outcome> plainOutcomes = connectAll(plainPort, CONNECTS);
                withoutAuth.add(CONNECTS / ((System.nanoTime() - start) / 1e9));
                assertThat(plainOutcomes).as("without authentication every client is let in")
                        .allSatisfy(o -> assertThat(o.code()).isZero());
                start = System.nanoTime();
                outcomes.addAll(connectAll(port, CONNECTS));
                withAuth.add(CONNECTS / ((System.nanoTime() - start) / 1e9));
            }
        } finally {
            if (plain != null) {
                plain.stop().get(60, TimeUnit.SECONDS);
                plain.close();
            }
            demo.close();
            refusals.setLevel(level);
        }

        List<Outcome> wrong = outcomes.stream().filter(o -> o.code() != expected(o)).toList();
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach(o -> counts.merge((o.v5() ? "MQTT 5 " : "MQTT 3.1.1 ")
                + (o.rightPassword() ? "right password" : "wrong password") + " -> " + o.code(), 1, Integer::sum));
        String report = String.format(Locale.ROOT, "demo connect load: %d rounds of %d connects (%d in flight, "
                + "PBKDF2-SHA512 %d iterations, %d users), %d wrong CONNACKs%n  %s%n"
                + "  demo broker with mqtt-auth: median %.0f connects/s %s%n"
                + "  embedded HiveMQ CE without extension (no authentication): median %.0f connects/s %s%n",
                ROUNDS, CONNECTS, IN_FLIGHT, ITERATIONS, USERS, wrong.size(), counts, median(withAuth),
                rounded(withAuth), median(withoutAuth), rounded(withoutAuth));
        System.out.print(report);
        Files.writeString(Path.of("target", "demo-connect-load.txt"), report, StandardCharsets.UTF_8);

        assertThat(outcomes).hasSize(ROUNDS * CONNECTS);
        assertThat(outcomes.stream().filter(o -> !o.rightPassword())).hasSize(ROUNDS * CONNECTS / 5);
        assertThat(wrong).as("connects with a wrong CONNACK").isEmpty();
    }

    /** Success for a right password; {@code PASSWORD_MISMATCH}'s codes for a wrong one. */
    private static int expected(Outcome o) {
        return o.rightPassword() ? 0 : o.v5() ? 0x87 : 5;
    }

    /** Embedded HiveMQ CE with no extension, which lets every client in, on {@code port}. */
    private EmbeddedHiveMQ plainHiveMq(int port) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("plain-hivemq"));
        Path confFolder = Files.createDirectories(folder.resolve("conf"));
        Files.writeString(confFolder.resolve("config.xml"), "<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n"
                + "    <tcp-listener><port>" + port + "</port><bind-address>127.0.0.1</bind-address></tcp-listener>\n"
                + "  </listeners>\n  <persistence><mode>in-memory</mode></persistence>\n"
                + "  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n</hivemq>\n");
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(confFolder)
                .withDataFolder(Files.createDirectories(folder.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(folder.resolve("extensions")))
                .withoutLoggingBootstrap()
                .build();
        hivemq.start().get(60, TimeUnit.SECONDS);
        return hivemq;
    }

    private static double median(List<Double> rates) {
        List<Double> sorted = rates.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static List<Long> rounded(List<Double> rates) {
        return rates.stream().map(Math::round).toList();
    }

    /**
     * Connects {@code count} clients, at most {@link #IN_FLIGHT} at a time, each disconnecting once accepted; returns
     * every outcome in order. Client {@code i} uses MQTT 5 when {@code i} is even, and a wrong password when {@code i}
     * is a multiple of 5.
     */
    private static List<Outcome> connectAll(int port, int count) throws InterruptedException {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        Map<Integer, Outcome> outcomes = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            slots.acquire();
            int index = i;
            boolean v5 = i % 2 == 0;
            boolean right = i % 5 != 0;
            String user = "user-" + (i % USERS);
            byte[] password = ((right ? "pw-" : "wrong-") + (i % USERS)).getBytes(StandardCharsets.UTF_8);
            String clientId = "load-" + CLIENT_NUMBER.incrementAndGet();
            CompletableFuture<Integer> code = v5 ? connect5(port, clientId, user, password)
                    : connect3(port, clientId, user, password);
            all.add(code.thenAccept(c -> outcomes.put(index, new Outcome(index, v5, right, c)))
                    .whenComplete((r, e) -> slots.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture<?>[]::new)).join();
        return new ArrayList<>(new TreeMap<>(outcomes).values());
    }

    private static Throwable unwrapped(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** The CONNACK reason code; a client let in disconnects before the future completes. -1 if none came. */
    private static CompletableFuture<Integer> connect5(int port, String clientId, String user, byte[] password) {
        Mqtt5AsyncClient c = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port)
                .buildAsync();
        return c.connectWith().simpleAuth().username(user).password(password).applySimpleAuth().send()
                .handle((connack, e) -> {
                    if (unwrapped(e) instanceof Mqtt5ConnAckException refused) {
                        return CompletableFuture.completedFuture(refused.getMqttMessage().getReasonCode().getCode());
                    }
                    if (connack == null) {
                        return CompletableFuture.completedFuture(-1);
                    }
                    int code = connack.getReasonCode().getCode();
                    return c.disconnect().handle((v, x) -> code);
                })
                .thenCompose(f -> f);
    }

    /** The CONNACK return code; a client let in disconnects before the future completes. -1 if none came. */
    private static CompletableFuture<Integer> connect3(int port, String clientId, String user, byte[] password) {
        Mqtt3AsyncClient c = Mqtt3Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port)
                .buildAsync();
        return c.connectWith().simpleAuth().username(user).password(password).applySimpleAuth().send()
                .handle((connack, e) -> {
                    if (unwrapped(e) instanceof Mqtt3ConnAckException refused) {
                        return CompletableFuture.completedFuture(refused.getMqttMessage().getReturnCode().getCode());
                    }
                    if (connack == null) {
                        return CompletableFuture.completedFuture(-1);
                    }
                    int code = connack.getReturnCode().getCode();
                    return c.disconnect().handle((v, x) -> code);
                })
                .thenCompose(f -> f);
    }
}
