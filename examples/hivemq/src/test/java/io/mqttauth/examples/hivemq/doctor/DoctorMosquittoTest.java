package io.mqttauth.examples.hivemq.doctor;

import static io.mqttauth.examples.hivemq.doctor.Doctor.FAIL;
import static io.mqttauth.examples.hivemq.doctor.Doctor.OK;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.examples.hivemq.Mqtt;
import io.mqttauth.examples.hivemq.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mqtt-auth doctor} against Debian's Mosquitto 2 with a plain and a TLS listener, a password file written by
 * {@code mqtt-auth passwd} and an ACL. Mosquitto answers a wrong password with 0x87 (MQTT 5) and 5 (3.1.1), and
 * acknowledges but drops an MQTT 3.1.1 publish its ACL denies. Fails when the environment variable CI is set and
 * Mosquitto cannot run (.ci/run installs it); skips elsewhere (as MosquittoInteropIT in mqtt-auth-cli).
 */
class DoctorMosquittoTest {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/mosquitto"),
            Path.of("/usr/bin/mosquitto"), Path.of("/usr/local/sbin/mosquitto"), Path.of("/usr/local/bin/mosquitto"));

    @TempDir
    static Path dir;
    private static Process broker;
    private static int port;
    private static int tlsPort;
    private static Path caPem;
    private static Path zoePassword;

    private static void unavailable(String why) {
        if (System.getenv("CI") != null) {
            Assertions.fail("Mosquitto is required in CI (.ci/run installs Debian's mosquitto): " + why);
        }
        Assumptions.abort("Mosquitto cannot run here: " + why);
    }

    @BeforeAll
    static void startMosquitto() throws Exception {
        Path binary = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (binary == null) {
            unavailable("no mosquitto binary in " + CANDIDATES);
        }
        TestPki.Issued ca = TestPki.ca("Mosquitto Test CA");
        Instant now = Instant.now();
        TestPki.Issued server = TestPki.server(ca, "mosquitto", List.of("localhost"), now.minus(Duration.ofMinutes(5)),
                now.plus(Duration.ofDays(1)));
        caPem = TestPki.pem(dir.resolve("ca.pem"), ca.certificate());
        TestPki.pem(dir.resolve("server.pem"), server.certificate());
        TestPki.pem(dir.resolve("server.key"), server.keys().getPrivate());
        assertThat(Doctor.cli("passwd", "-c", "-b", dir.resolve("passwd").toString(), "zoe", "zoe-pw")).isZero();
        zoePassword = Files.writeString(dir.resolve("zoe-pw"), "zoe-pw");
        Files.writeString(dir.resolve("acl"), "user zoe\ntopic readwrite lab/zoe/#\n");
        port = Mqtt.freePort();
        tlsPort = Mqtt.freePort();
        Path log = dir.resolve("mosquitto.log");
        // "user root" keeps a root-started broker from dropping to user mosquitto, which could not read the
        // temporary folder; a broker started by any other user ignores it.
        Files.writeString(dir.resolve("mosquitto.conf"), "per_listener_settings false\nallow_anonymous false\n"
                + "password_file " + dir.resolve("passwd") + "\nacl_file " + dir.resolve("acl") + "\n"
                + "persistence false\nuser root\nlog_dest stdout\nlog_type all\n"
                + "listener " + port + " 127.0.0.1\n"
                + "listener " + tlsPort + " 127.0.0.1\ncertfile " + dir.resolve("server.pem") + "\nkeyfile "
                + dir.resolve("server.key") + "\n");
        broker = new ProcessBuilder(binary.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                unavailable("mosquitto exited with status " + broker.exitValue() + ": " + Files.readString(log));
            }
            try (Socket a = new Socket(InetAddress.getLoopbackAddress(), port);
                 Socket b = new Socket(InetAddress.getLoopbackAddress(), tlsPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        unavailable("mosquitto did not listen on ports " + port + " and " + tlsPort + " within 15 s: "
                + Files.readString(log));
    }

    @AfterAll
    static void stopMosquitto() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(10, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    @Test
    void theRightPasswordConnectsPublishesAndGetsItsMessageBack() {
        Doctor.Result r = Doctor.run("--username", "zoe", "--password-file", zoePassword.toString(), "--topic",
                "lab/zoe/doctor", "mqtt://127.0.0.1:" + port);
        assertThat(r.status()).as(r.toString()).isZero();
        r.step(OK, "MQTT 5 CONNECT accepted");
        r.step(OK, "MQTT 3.1.1 CONNECT accepted");
        assertThat(r.out().lines().filter(l -> l.equals(OK + " the client's own message came back on "
                + "lab/zoe/doctor"))).hasSize(2);
    }

    @Test
    void aWrongPasswordIs0x87And5AndThePracticeNamesMosquittosHabit() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong"), "wrong");
        Doctor.Result r = Doctor.run("--username", "zoe", "--password-file", wrong.toString(),
                "mqtt://127.0.0.1:" + port);
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.step(FAIL, "MQTT 5 CONNECT refused: CONNACK reason code 0x87, Not authorized"))
                .contains("Mosquitto 2 also answers a wrong user name or password with this code");
        r.step(FAIL, "MQTT 3.1.1 CONNECT refused: CONNACK return code 5");
    }

    @Test
    void aDeniedTopicIsPuback0x87ForMqtt5AndASilentDropForMqtt311() {
        Doctor.Result r = Doctor.run("--timeout", "3s", "--username", "zoe", "--password-file",
                zoePassword.toString(), "--topic", "lab/other/x", "mqtt://127.0.0.1:" + port);
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        r.step(FAIL, "PUBLISH to lab/other/x at QoS 1: PUBACK 0x87, Not authorized");
        assertThat(r.step(FAIL, "the client's own message did not come back within 3000 ms"))
                .contains("MQTT 3.1.1 brokers acknowledge a publish they refuse and drop it (Mosquitto does)");
    }

    @Test
    void overTlsByNameWithTheCaFileEveryCheckPasses() {
        Doctor.Result r = Doctor.run("--username", "zoe", "--password-file", zoePassword.toString(), "--cafile",
                caPem.toString(), "mqtts://localhost:" + tlsPort);
        assertThat(r.status()).as(r.toString()).isZero();
        r.step(OK, "the server's chain is trusted by --cafile");
        r.step(OK, "the server certificate is for localhost");
        r.step(OK, "MQTT 5 CONNECT accepted");
    }

    @Test
    void aPlainUrlOnTheTlsListenerIsToldToUseMqtts() {
        Doctor.Result r = Doctor.run("mqtt://localhost:" + tlsPort);
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.step(FAIL, "the port speaks TLS, and the URL says plain MQTT"))
                .contains("remedy: use mqtts://localhost:" + tlsPort);
    }
}
