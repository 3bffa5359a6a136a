package io.mqttauth.examples.hivemq.demo;

import static io.mqttauth.examples.hivemq.doctor.Doctor.FAIL;
import static io.mqttauth.examples.hivemq.doctor.Doctor.INFO;
import static io.mqttauth.examples.hivemq.doctor.Doctor.OK;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.examples.hivemq.Mqtt;
import io.mqttauth.examples.hivemq.TestPki;
import io.mqttauth.examples.hivemq.doctor.Doctor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mqtt-auth doctor} against the demo broker with password authentication and an ACL, on a plain port and a
 * TLS port (no client certificates) whose {@code tls.sni-hosts} allows localhost and broker.fleet.example, and whose
 * refused passwords get {@code reason-codes.PASSWORD_MISMATCH = 0x86/4}.
 */
class DoctorDemoBrokerTest {

    @TempDir
    static Path tmp;
    private static DemoBroker.Running demo;
    private static int port;
    private static int tlsPort;
    private static Path caPem;
    private static Path zoePassword;
    private static Path wrongPassword;

    @BeforeAll
    static void start() throws Exception {
        TestPki.Issued ca = TestPki.ca("Fleet CA");
        Instant now = Instant.now();
        TestPki.Issued server = TestPki.server(ca, "broker", List.of("localhost", "broker.fleet.example"),
                now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)));
        Path keystore = TestPki.write(TestPki.keyStore(server, ca), tmp.resolve("server.p12"));
        caPem = TestPki.pem(tmp.resolve("ca.pem"), ca.certificate());
        assertThat(Doctor.cli("passwd", "-c", "-b", tmp.resolve("passwd").toString(), "zoe", "zoe-pw")).isZero();
        zoePassword = Files.writeString(tmp.resolve("zoe-pw"), "zoe-pw");
        wrongPassword = Files.writeString(tmp.resolve("wrong-pw"), "not-zoe-pw");
        Files.writeString(tmp.resolve("acl"), "user zoe\ntopic readwrite lab/zoe/#\n");
        Path conf = Files.writeString(tmp.resolve("mqtt-auth.properties"), """
                authenticators = password-file
                authorizers = acl
                password-file.path = passwd
                acl.path = acl
                tls.sni-hosts = localhost, broker.fleet.example
                reason-codes.PASSWORD_MISMATCH = 0x86/4
                """);
        port = Mqtt.freePort();
        tlsPort = Mqtt.freePort();
        DemoBroker broker = new DemoBroker();
        new CommandLine(broker).parseArgs("--config", conf.toString(), "--port", Integer.toString(port),
                "--tls-port", Integer.toString(tlsPort), "--tls-keystore", keystore.toString());
        demo = broker.start();
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    private static String[] zoe(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--username", "zoe", "--password-file",
                zoePassword.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void theRightPasswordConnectsWithBothVersionsAndTheOwnMessageComesBack() {
        Doctor.Result r = Doctor.run(zoe("--topic", "lab/zoe/doctor", "mqtt://127.0.0.1:" + port));
        assertThat(r.status()).as(r.toString()).isZero();
        r.step(OK, "MQTT 5 CONNECT accepted (CONNACK reason code 0x00, Success)");
        r.step(OK, "MQTT 3.1.1 CONNECT accepted (CONNACK return code 0, Connection Accepted)");
        assertThat(r.out().lines().filter(l -> l.equals(OK + " SUBSCRIBE lab/zoe/doctor at QoS 1: SUBACK 0x01, "
                + "Granted QoS 1"))).hasSize(2);
        r.step(OK, "PUBLISH to lab/zoe/doctor at QoS 1: PUBACK 0x00, Success");
        assertThat(r.out().lines().filter(l -> l.equals(OK + " the client's own message came back on "
                + "lab/zoe/doctor"))).hasSize(2);
        r.step(INFO, "MQTT 5 and 3.1.1 agree: CONNACK 0x00 (Success) and CONNACK 0");
        assertThat(r.out()).doesNotContain("zoe-pw");
    }

    @Test
    void aWrongPasswordIs0x86And4WithWhatThatMeansInPractice() {
        Doctor.Result r = Doctor.run("--username", "zoe", "--password-file", wrongPassword.toString(),
                "mqtt://127.0.0.1:" + port);
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.step(FAIL, "MQTT 5 CONNECT refused: CONNACK reason code 0x86, Bad User Name or Password"))
                .contains("saw:    The server does not accept the User Name or Password specified by the client.")
                .contains("remedy: In practice: the broker read your user name and password and rejected them");
        assertThat(r.step(FAIL, "MQTT 3.1.1 CONNECT refused: CONNACK return code 4, Connection Refused, bad user "
                + "name or password")).contains("the broker read your user name and password and rejected them");
        r.step(INFO, "MQTT 5 and 3.1.1 agree: CONNACK 0x86 (Bad User Name or Password) and CONNACK 4");
        assertThat(r.out()).doesNotContain("not-zoe-pw");
    }

    @Test
    void anAnonymousClientIs0x87And5WithTheReasonString() {
        Doctor.Result r = Doctor.run("mqtt://127.0.0.1:" + port);
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.step(FAIL, "MQTT 5 CONNECT refused: CONNACK reason code 0x87, Not authorized"))
                .contains("Reason string: \"")
                .contains("remedy: In practice: authenticated or not, this client is not allowed");
        r.step(FAIL, "MQTT 3.1.1 CONNECT refused: CONNACK return code 5, Connection Refused, not "
                + "authorized");
    }

    @Test
    void aTopicTheAclDeniesIsRefusedInSubackAndPubackWithTheAclRemedy() {
        Doctor.Result r = Doctor.run(zoe("--topic", "lab/other/x", "mqtt://127.0.0.1:" + port));
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        r.step(OK, "MQTT 5 CONNECT accepted");
        assertThat(r.step(FAIL, "SUBSCRIBE lab/other/x at QoS 1: SUBACK 0x87, Not authorized"))
                .contains("an ACL does not allow reading this filter");
        assertThat(r.step(FAIL, "PUBLISH to lab/other/x at QoS 1: PUBACK 0x87, Not authorized"))
                .contains("an ACL does not allow writing this topic");
        assertThat(r.step(FAIL, "SUBSCRIBE lab/other/x at QoS 1: SUBACK 0x80, Unspecified error / Failure"))
                .contains("an ACL that does not allow reading this filter");
    }

    @Test
    void overTlsByAnAllowedNameEveryCheckPasses() {
        Doctor.Result r = Doctor.run(zoe("--cafile", caPem.toString(), "--topic", "lab/zoe/tls",
                "mqtts://localhost:" + tlsPort));
        assertThat(r.status()).as(r.toString()).isZero();
        r.step(OK, "TLS handshake with SNI localhost: TLSv1.");
        r.step(OK, "the server's chain is trusted by --cafile " + caPem);
        r.step(OK, "the server's certificates are valid now");
        r.step(OK, "the server certificate is for localhost");
        r.step(OK, "the server does not ask for a client certificate");
        r.step(OK, "MQTT 5 CONNECT accepted");
        r.step(OK, "the client's own message came back on lab/zoe/tls");
    }

    @Test
    void byIpAddressTheSniAllowListRefusesAndTheRetryWithTheCertificatesNameGetsIn() {
        Doctor.Result r = Doctor.run(zoe("--cafile", caPem.toString(), "mqtts://127.0.0.1:" + tlsPort));
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.step(FAIL, "the server certificate is for localhost, broker.fleet.example, not for "
                + "127.0.0.1")).contains("not by IP address");
        assertThat(r.step(FAIL, "MQTT 5 CONNECT refused: CONNACK reason code 0x87, Not authorized"))
                .contains("Reason string: \"");
        assertThat(r.step(FAIL, "the broker answers only when the client sends SNI localhost: without SNI it "
                + "answered CONNACK 0x87 (Not authorized), with SNI localhost CONNACK 0x00 (Success)"))
                .contains("remedy: clients that connect by IP address, or libraries that do not set SNI, are "
                        + "refused: connect to mqtts://localhost:" + tlsPort + " (on ESP32 pass the host name, not "
                        + "the IP)");
    }

    @Test
    void aTlsUrlOnThePlainPortAndAPlainUrlOnTheTlsPortAreNamedWithTheSchemeToUse() {
        Doctor.Result tlsOnPlain = Doctor.run(zoe("mqtts://localhost:" + port));
        assertThat(tlsOnPlain.status()).as(tlsOnPlain.toString()).isEqualTo(1);
        assertThat(tlsOnPlain.step(FAIL, "the port speaks plain MQTT, not TLS (a plain CONNECT got CONNACK 0x00 "
                + "(Success))")).contains("remedy: use mqtt://localhost:" + port);

        Doctor.Result plainOnTls = Doctor.run(zoe("mqtt://localhost:" + tlsPort));
        assertThat(plainOnTls.status()).as(plainOnTls.toString()).isEqualTo(1);
        assertThat(plainOnTls.step(FAIL, "the port speaks TLS, and the URL says plain MQTT"))
                .contains("remedy: use mqtts://localhost:" + tlsPort);
    }

    @Test
    void jsonIsOneObjectWithTheDocumentedMembersInOrder() {
        Doctor.Result r = Doctor.run(zoe("--json", "--protocol", "5", "--client-id", "doctor-json",
                "mqtt://127.0.0.1:" + port));
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out().lines()).hasSize(1);
        assertThat(r.out()).startsWith("{\"url\":\"mqtt://127.0.0.1:" + port + "\",\"ok\":true,\"exit\":0,"
                + "\"verdict\":\"a client with these settings can connect\",\"steps\":[{\"check\":\"dns\","
                + "\"status\":\"ok\",\"title\":\"127.0.0.1 is an IP address (no name to resolve)\",\"detail\":\"\","
                + "\"remedy\":\"\"},{\"check\":\"tcp\",\"status\":\"ok\",\"title\":\"TCP connection to 127.0.0.1 "
                + "port " + port + " in ");
        assertThat(r.out()).endsWith("{\"check\":\"connect\",\"status\":\"ok\",\"protocol\":\"5\",\"code\":0,"
                + "\"title\":\"MQTT 5 CONNECT accepted (CONNACK reason code 0x00, Success)\",\"detail\":\"client id "
                + "\\\"doctor-json\\\", user name given, password given (not shown)\",\"remedy\":\"\"}]}\n");
    }
}
