package io.mqttauth.cli.passwd;

import io.mqttauth.cli.Cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written by {@code mqtt-auth passwd} ({@code $7$} with our default and with Mosquitto's iteration count, and
 * {@code $6$}) is accepted by a real Mosquitto 2.0 broker, checked with a real MQTT client over loopback. Fails when
 * the environment variable CI is set and Mosquitto cannot run (.ci/run installs it); skips elsewhere.
 */
class MosquittoInteropIT {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/mosquitto"),
            Path.of("/usr/bin/mosquitto"), Path.of("/usr/local/sbin/mosquitto"), Path.of("/usr/local/bin/mosquitto"));

    @TempDir
    Path dir;

    private Process broker;

    @AfterEach
    void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(10, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    private static void unavailable(String why) {
        if (System.getenv("CI") != null) {
            Assertions.fail("Mosquitto is required in CI (.ci/run installs Debian's mosquitto): " + why);
        }
        Assumptions.abort("Mosquitto cannot run here: " + why);
    }

    private void passwd(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "passwd";
        System.arraycopy(args, 0, all, 1, args.length);
        Cli.Result r = Cli.run(dir, all);
        assertThat(r.status()).as(r.toString()).isZero();
    }

    private int startMosquitto() throws IOException, InterruptedException {
        Path binary = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (binary == null) {
            unavailable("no mosquitto binary in " + CANDIDATES);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("mosquitto.log");
        // "user root" keeps a root-started broker from dropping to user mosquitto, which could not read the
        // temporary folder; a broker started by any other user ignores it.
        Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous false\npassword_file " + dir.resolve("pw") + "\npersistence false\n"
                + "user root\nlog_dest stdout\nlog_type all\n");
        broker = new ProcessBuilder(binary.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                unavailable("mosquitto exited with status " + broker.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return port;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        unavailable("mosquitto did not listen on port " + port + " within 15 s: " + Files.readString(log));
        return -1;
    }

    private static Mqtt5ConnAckReasonCode connect5(int port, String user, String password) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("interop-" + user.hashCode())
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        try {
            Mqtt5ConnAckReasonCode code = client.connectWith().simpleAuth().username(user)
                    .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send().getReasonCode();
            client.disconnect();
            return code;
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    @Test
    void mosquittoAcceptsFilesWrittenByMqttAuthPasswd() throws Exception {
        passwd("-c", "-b", "pw", "seven-default", "default count");
        passwd("-b", "-I", "101", "pw", "seven-101", "mosquitto count");
        passwd("-b", "-H", "sha512", "pw", "six", "salted sha512");
        passwd("-b", "-I", "101", "pw", "jürgen", "pässwörd: € x");
        Files.setPosixFilePermissions(dir.resolve("pw"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        int port = startMosquitto();

        assertThat(connect5(port, "seven-default", "default count")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(connect5(port, "seven-101", "mosquitto count")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(connect5(port, "six", "salted sha512")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(connect5(port, "jürgen", "pässwörd: € x")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(connect5(port, "seven-101", "wrong")).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(connect5(port, "six", "wrong")).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);

        Mqtt3BlockingClient v3 = Mqtt3Client.builder().identifier("interop-v3").serverHost("127.0.0.1")
                .serverPort(port).buildBlocking();
        assertThatThrownBy(() -> v3.connectWith().simpleAuth().username("six").password("wrong".getBytes())
                .applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e -> assertThat(
                        e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
    }
}
