package io.mqttauth.examples.hivemq.doctor;

import static io.mqttauth.examples.hivemq.doctor.Doctor.FAIL;
import static io.mqttauth.examples.hivemq.doctor.Doctor.INFO;
import static io.mqttauth.examples.hivemq.doctor.Doctor.OK;
import static io.mqttauth.examples.hivemq.doctor.Doctor.WARN;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mqttauth.examples.hivemq.Mqtt;
import io.mqttauth.examples.hivemq.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mqtt-auth doctor} against servers that are not (or not only) MQTT brokers, started by the test: nothing on
 * the port, an HTTP server, a server that closes without CONNACK, one that speaks only MQTT 3.1.1, TLS servers with an
 * expired, not yet valid, untrusted or other-host certificate, and a TLS "router" that answers only clients sending
 * the right SNI. Each verdict and remedy is asserted.
 */
class DoctorServersTest {

    @TempDir
    static Path tmp;
    private static TestPki.Issued ca;
    private static Path caPem;

    @BeforeAll
    static void pki() throws Exception {
        ca = TestPki.ca("Doctor Test CA");
        caPem = TestPki.pem(tmp.resolve("ca.pem"), ca.certificate());
    }

    private static String url(String scheme, String host, int port) {
        return scheme + "://" + host + ":" + port;
    }

    @Test
    void aPortWithNothingListeningIsConnectionRefusedWithThePortRemedy() throws Exception {
        int port = Mqtt.freePort();
        Doctor.Result r = Doctor.run(url("mqtt", "127.0.0.1", port));
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.step(FAIL, "connection refused by 127.0.0.1 port " + port + ": nothing listens there"))
                .contains("remedy: check the port (MQTT: 1883, MQTT over TLS: 8883), that the broker runs");
        r.step(OK, "127.0.0.1 is an IP address");
        assertThat(r.out()).doesNotContain("CONNECT");
    }

    @Test
    void aNameThatDoesNotResolveIsReportedBeforeAnyConnection() {
        Doctor.Result r = Doctor.run("mqtt://no-such-broker.invalid:1883");
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.step(FAIL, "the name no-such-broker.invalid does not resolve"))
                .contains("remedy: check the host name in the URL for typos");
        assertThat(r.out()).doesNotContain("TCP");
    }

    @Test
    void anHttpServerOnThePortIsNamedAsHttpForMqttAndForMqtts() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        try {
            int port = http.getAddress().getPort();
            Doctor.Result plain = Doctor.run("--timeout", "2s", url("mqtt", "127.0.0.1", port));
            assertThat(plain.status()).as(plain.toString()).isEqualTo(1);
            assertThat(plain.step(FAIL, "the port answers HTTP (HTTP/1.1 200 OK), not MQTT"))
                    .contains("remedy: wrong port: this is a web server");

            Doctor.Result tls = Doctor.run("--timeout", "2s", url("mqtts", "127.0.0.1", port));
            assertThat(tls.status()).as(tls.toString()).isEqualTo(1);
            assertThat(tls.step(FAIL, "the port answers plain HTTP (HTTP/1.1 200 OK), not MQTT over TLS"))
                    .contains("MQTT over TLS is usually on 8883");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aServerThatClosesWithoutConnackIsNamedWithTheLikelyCauses() throws Exception {
        try (FakeServer server = FakeServer.plain(socket -> FakeServer.readPacket(socket.getInputStream()))) {
            Doctor.Result r = Doctor.run(url("mqtt", "127.0.0.1", server.port()));
            assertThat(r.status()).as(r.toString()).isEqualTo(1);
            assertThat(r.step(FAIL, "the server closed the connection without a CONNACK to the MQTT 5 CONNECT"))
                    .contains("the broker may not speak MQTT 5").contains("or this is not an MQTT port");
            r.step(FAIL, "the server closed the connection without a CONNACK to the MQTT 3.1.1 CONNECT");
            r.step(INFO, "MQTT 5 and 3.1.1 agree: the connection closed without a CONNACK");
        }
    }

    @Test
    void aBrokerThatClosesMqtt5ButAccepts311IsToldToUse311() throws Exception {
        try (FakeServer server = FakeServer.plain(socket -> {
            byte[] connect = FakeServer.readPacket(socket.getInputStream());
            if (connect[6] == 4) {
                socket.getOutputStream().write(new byte[] {0x20, 2, 0, 0});
                socket.getInputStream().readAllBytes();
            }
        })) {
            Doctor.Result r = Doctor.run("--json", url("mqtt", "127.0.0.1", server.port()));
            assertThat(r.status()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("{\"check\":\"connect\",\"status\":\"fail\",\"protocol\":\"5\",\"title\":"
                    + "\"the server closed the connection without a CONNACK to the MQTT 5 CONNECT\"");
            assertThat(r.out()).contains("{\"check\":\"connect\",\"status\":\"ok\",\"protocol\":\"3.1.1\","
                    + "\"code\":0,");
            assertThat(r.out()).contains("{\"check\":\"versions\",\"status\":\"warn\",\"title\":\"MQTT 5 and 3.1.1 "
                    + "differ: MQTT 5 got the connection closed without a CONNACK, MQTT 3.1.1 got CONNACK 0 "
                    + "(Connection Accepted)\",\"detail\":\"\",\"remedy\":\"the broker accepts MQTT 3.1.1 but not "
                    + "MQTT 5: use MQTT 3.1.1 (--protocol 3), or ask the operator to enable MQTT 5\"}");

            Doctor.Result only3 = Doctor.run("--protocol", "3", url("mqtt", "127.0.0.1", server.port()));
            assertThat(only3.status()).as(only3.toString()).isZero();
        }
    }

    @Test
    void anExpiredServerCertificateIsNamedWithItsDates() throws Exception {
        Instant now = Instant.now();
        TestPki.Issued leaf = TestPki.server(ca, "broker", List.of("localhost"), now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)));
        try (FakeServer server = FakeServer.tls(leaf, ca, null, FakeServer::accept)) {
            Doctor.Result r = Doctor.run("--cafile", caPem.toString(), "--protocol", "5",
                    url("mqtts", "localhost", server.port()));
            assertThat(r.status()).as(r.toString()).isEqualTo(1);
            assertThat(r.step(FAIL, "the server certificate \"CN=broker\" expired on "
                    + leaf.certificate().getNotAfter().toInstant() + " (valid "
                    + leaf.certificate().getNotBefore().toInstant() + " to "
                    + leaf.certificate().getNotAfter().toInstant() + "; it is now "))
                    .contains("remedy: the broker's operator must renew the certificate");
            r.step(OK, "the server's chain is trusted by --cafile");
            r.step(OK, "the server certificate is for localhost");
            r.step(OK, "MQTT 5 CONNECT accepted");
        }
    }

    @Test
    void aNotYetValidServerCertificateIsNamedWithItsDatesAndTheClockRemedy() throws Exception {
        Instant now = Instant.now();
        TestPki.Issued leaf = TestPki.server(ca, "broker", List.of("localhost"), now.plus(Duration.ofDays(2)),
                now.plus(Duration.ofDays(30)));
        try (FakeServer server = FakeServer.tls(leaf, ca, null, FakeServer::accept)) {
            Doctor.Result r = Doctor.run("--cafile", caPem.toString(), "--protocol", "5",
                    url("mqtts", "localhost", server.port()));
            assertThat(r.status()).as(r.toString()).isEqualTo(1);
            assertThat(r.step(FAIL, "the server certificate \"CN=broker\" is not valid before "
                    + leaf.certificate().getNotBefore().toInstant()))
                    .contains("remedy: check the device's clock");
        }
    }

    @Test
    void aCertificateForAnotherHostNamesTheNamesItIsFor() throws Exception {
        Instant now = Instant.now();
        TestPki.Issued leaf = TestPki.server(ca, "broker", List.of("broker.example", "*.devices.example"),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
        try (FakeServer server = FakeServer.tls(leaf, ca, null, FakeServer::accept)) {
            Doctor.Result r = Doctor.run("--cafile", caPem.toString(), "--protocol", "5",
                    url("mqtts", "localhost", server.port()));
            assertThat(r.status()).as(r.toString()).isEqualTo(1);
            assertThat(r.step(FAIL, "the server certificate is for broker.example, *.devices.example, not for "
                    + "localhost")).contains("remedy: connect by one of the names the certificate is for, or ask "
                    + "the broker's operator for a certificate that names localhost");
            r.step(OK, "the server's certificates are valid now");
        }
    }

    @Test
    void aChainFromAnUntrustedCaNamesTheIssuerAndWhereItWasLookedFor() throws Exception {
        Instant now = Instant.now();
        TestPki.Issued other = TestPki.ca("Some Other CA");
        Path otherPem = TestPki.pem(tmp.resolve("other.pem"), other.certificate());
        TestPki.Issued leaf = TestPki.server(ca, "broker", List.of("localhost"), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1)));
        try (FakeServer server = FakeServer.tls(leaf, ca, null, FakeServer::accept)) {
            Doctor.Result custom = Doctor.run("--cafile", otherPem.toString(), "--protocol", "5",
                    url("mqtts", "localhost", server.port()));
            assertThat(custom.status()).as(custom.toString()).isEqualTo(1);
            assertThat(custom.step(FAIL, "the chain (2 certificates) ends at the self-signed \"CN=Doctor Test CA\" "
                    + "which is not in --cafile " + otherPem))
                    .contains("remedy: give the CA that issued the broker's certificate as --cafile");

            Doctor.Result jdk = Doctor.run("--protocol", "5", url("mqtts", "localhost", server.port()));
            assertThat(jdk.status()).as(jdk.toString()).isEqualTo(1);
            assertThat(jdk.step(FAIL, "the chain (2 certificates) ends at the self-signed \"CN=Doctor Test CA\" "
                    + "which is not in the JDK's trust store"))
                    .contains("remedy: the broker uses a private CA: get its certificate from the broker's "
                            + "operator and pass it as --cafile");
        }
    }

    /** A TLS "router" for broker.example: a wrong SNI fails the handshake, no SNI gets no CONNACK. */
    private static FakeServer sniRouter(TestPki.Issued leaf) throws Exception {
        return FakeServer.tls(leaf, ca, "broker.example", socket -> {
            if ("broker.example".equals(FakeServer.sni(socket))) {
                FakeServer.accept(socket);
            } else {
                FakeServer.readPacket(socket.getInputStream());
            }
        });
    }

    @Test
    void byIpAddressTheSniRetryWithTheCertificatesNameShowsTheBrokerNeedsSni() throws Exception {
        Instant now = Instant.now();
        TestPki.Issued leaf = TestPki.server(ca, "broker", List.of("broker.example"), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1)));
        try (FakeServer server = sniRouter(leaf)) {
            Doctor.Result r = Doctor.run("--cafile", caPem.toString(), url("mqtts", "127.0.0.1", server.port()));
            assertThat(r.status()).as(r.toString()).isEqualTo(1);
            r.step(OK, "TLS handshake without SNI");
            r.step(FAIL, "the server closed the connection without a CONNACK to the MQTT 5 CONNECT");
            assertThat(r.step(FAIL, "the broker answers only when the client sends SNI broker.example: without SNI "
                    + "it answered the connection closed without a CONNACK, with SNI broker.example CONNACK 0x00 "
                    + "(Success)")).contains("remedy: clients that connect by IP address, or libraries that do not "
                    + "set SNI, are refused: connect to mqtts://broker.example:" + server.port() + " (on ESP32 pass "
                    + "the host name, not the IP)");
        }
    }

    @Test
    void aWrongSniIsAnAlertInWordsAndTheRetryFindsTheNameThatWorks() throws Exception {
        Instant now = Instant.now();
        TestPki.Issued leaf = TestPki.server(ca, "broker", List.of("broker.example"), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1)));
        try (FakeServer server = sniRouter(leaf)) {
            Doctor.Result r = Doctor.run("--cafile", caPem.toString(), "--protocol", "5",
                    url("mqtts", "localhost", server.port()));
            assertThat(r.status()).as(r.toString()).isEqualTo(1);
            assertThat(r.step(FAIL, "the TLS handshake with SNI localhost failed: the server does not know the "
                    + "server name (SNI) the client sent (unrecognized_name)"))
                    .contains("remedy: connect with the host name the broker serves");
            assertThat(r.step(FAIL, "the broker answers only when the client sends SNI broker.example: with SNI "
                    + "localhost it answered the handshake failed (alert unrecognized_name), with SNI broker.example "
                    + "CONNACK 0x00 (Success)")).contains("saw:    without SNI: the connection closed without a "
                    + "CONNACK; with SNI broker.example: CONNACK 0x00 (Success)");
        }
    }

    @Test
    void whenSniIsNotTheCauseTheRetrySaysSo() throws Exception {
        Instant now = Instant.now();
        TestPki.Issued leaf = TestPki.server(ca, "broker", List.of("localhost"), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1)));
        try (FakeServer server = FakeServer.tls(leaf, ca, null, socket -> {
            FakeServer.readPacket(socket.getInputStream());
            socket.getOutputStream().write(new byte[] {0x20, 3, 0, (byte) 0x87, 0});
        })) {
            Doctor.Result r = Doctor.run("--cafile", caPem.toString(), "--protocol", "5",
                    url("mqtts", "localhost", server.port()));
            assertThat(r.status()).as(r.toString()).isEqualTo(1);
            r.step(OK, "the server certificate is for localhost");
            r.step(FAIL, "MQTT 5 CONNECT refused: CONNACK reason code 0x87, Not authorized");
            assertThat(r.step(INFO, "SNI is not the cause: the retries without SNI did not get in either"))
                    .contains("first with SNI localhost: CONNACK 0x87 (Not authorized); then without SNI: CONNACK "
                            + "0x87 (Not authorized)");
        }
    }

    @Test
    void usageMistakesExitWithTwoAndSayWhatToWrite() throws Exception {
        Path pw = Files.writeString(tmp.resolve("pw"), "secret");
        assertThat(Doctor.run("ws://127.0.0.1:8080")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("does not speak MQTT over WebSockets");
        });
        assertThat(Doctor.run("--protocol", "7", "mqtt://127.0.0.1:1883")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("write 3 (MQTT 3.1.1), 5 or both");
        });
        assertThat(Doctor.run("--cert", pw.toString(), "mqtts://127.0.0.1:8883")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("--cert and --key go together");
        });
        assertThat(Doctor.run("--cafile", caPem.toString(), "mqtt://127.0.0.1:1883")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("use an mqtts:// URL");
        });
        assertThat(Doctor.run("--password-file", tmp.resolve("missing").toString(), "mqtt://127.0.0.1:1883"))
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(2);
                    assertThat(r.err()).contains("cannot read the password file");
                });
        assertThat(Doctor.run("--timeout", "soon", "mqtt://127.0.0.1:1883")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("write a duration such as 500ms, 10s or 1m");
        });
        assertThat(Doctor.run("mqtt://user:secret@127.0.0.1:1883")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("user name and password go in --username and --password-file")
                    .doesNotContain("secret@");
        });
    }

    @Test
    void aPasswordFileEndingInALineBreakIsPointedOutAndNeverPrinted() throws Exception {
        Path pw = Files.writeString(tmp.resolve("pw-newline"), "hunter2-very-secret\n");
        try (FakeServer server = FakeServer.plain(FakeServer::accept)) {
            Doctor.Result r = Doctor.run("--username", "zoe", "--password-file", pw.toString(),
                    url("mqtt", "127.0.0.1", server.port()));
            assertThat(r.status()).as(r.toString()).isZero();
            assertThat(r.step(WARN, "the password file ends with a line break, which is sent as part of the "
                    + "password")).contains("printf");
            assertThat(r.out() + r.err()).doesNotContain("hunter2");
        }
    }
}
