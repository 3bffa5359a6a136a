package io.mqttauth.examples.hivemq.demo;

import static io.mqttauth.examples.hivemq.doctor.Doctor.FAIL;
import static io.mqttauth.examples.hivemq.doctor.Doctor.OK;
import static io.mqttauth.examples.hivemq.doctor.Doctor.WARN;
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
 * {@code mqtt-auth doctor} against the demo broker over mutual TLS with client certificates REQUIRED and
 * {@code authenticators = x509}: the server's request for a certificate and the CAs it names, a device certificate
 * that chains to one of them, none, one from another CA, and a key that does not belong to the certificate.
 */
class DoctorDemoCertificateTest {

    @TempDir
    static Path tmp;
    private static DemoBroker.Running demo;
    private static int tlsPort;
    private static Path caPem;
    private static Path sensorChain;
    private static Path sensorKey;
    private static Path strangerChain;
    private static Path strangerKey;

    @BeforeAll
    static void start() throws Exception {
        TestPki.Issued ca = TestPki.ca("Fleet Devices CA");
        Instant now = Instant.now();
        TestPki.Issued server = TestPki.server(ca, "broker", List.of("localhost"), now.minus(Duration.ofMinutes(5)),
                now.plus(Duration.ofDays(1)));
        TestPki.Issued sensor = TestPki.leaf(ca, "sensor-7", null);
        TestPki.Issued strangerCa = TestPki.ca("Stranger CA");
        TestPki.Issued stranger = TestPki.leaf(strangerCa, "sensor-7", null);
        Path keystore = TestPki.write(TestPki.keyStore(server, ca), tmp.resolve("server.p12"));
        Path truststore = TestPki.write(TestPki.trustStore(ca.certificate()), tmp.resolve("trust.p12"));
        caPem = TestPki.pem(tmp.resolve("ca.pem"), ca.certificate());
        sensorChain = TestPki.pem(tmp.resolve("sensor-chain.pem"), sensor.certificate(), ca.certificate());
        sensorKey = TestPki.pem(tmp.resolve("sensor-key.pem"), sensor.keys().getPrivate());
        strangerChain = TestPki.pem(tmp.resolve("stranger-chain.pem"), stranger.certificate(),
                strangerCa.certificate());
        strangerKey = TestPki.pem(tmp.resolve("stranger-key.pem"), stranger.keys().getPrivate());
        Files.writeString(tmp.resolve("acl"), "pattern readwrite devices/%u/#\n");
        Path conf = Files.writeString(tmp.resolve("mqtt-auth.properties"), """
                authenticators = x509
                authorizers = acl
                x509.trust.path = ca.pem
                acl.path = acl
                """);
        tlsPort = Mqtt.freePort();
        DemoBroker broker = new DemoBroker();
        new CommandLine(broker).parseArgs("--config", conf.toString(), "--port", Integer.toString(Mqtt.freePort()),
                "--tls-port", Integer.toString(tlsPort), "--tls-keystore", keystore.toString(),
                "--tls-truststore", truststore.toString(), "--tls-client-auth", "REQUIRED");
        demo = broker.start();
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    private static String url() {
        return "mqtts://localhost:" + tlsPort;
    }

    @Test
    void aDeviceCertificateFromTheNamedCaConnectsAndUsesItsTopics() {
        Doctor.Result r = Doctor.run("--cafile", caPem.toString(), "--cert", sensorChain.toString(), "--key",
                sensorKey.toString(), "--topic", "devices/sensor-7/temp", url());
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.step(OK, "the server asks for a client certificate and names 1 acceptable CA: "
                + "\"CN=Fleet Devices CA\"; --cert chains to \"CN=Fleet Devices CA\""))
                .contains("\"CN=sensor-7\" issued by \"CN=Fleet Devices CA\"");
        r.step(OK, "MQTT 5 CONNECT accepted");
        r.step(OK, "MQTT 3.1.1 CONNECT accepted");
        r.step(OK, "the client's own message came back on devices/sensor-7/temp");
    }

    @Test
    void withoutACertificateTheServersRequestAndItsRefusalAreNamedWithTheRemedy() {
        Doctor.Result r = Doctor.run("--cafile", caPem.toString(), "--protocol", "5", url());
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.step(WARN, "the server asks for a client certificate and names 1 acceptable CA: "
                + "\"CN=Fleet Devices CA\"")).contains("none was given (--cert, --key)");
        // TLS 1.3: the server refuses after the client's side of the handshake; the client reads the alert, or,
        // when the server closed first, finds the connection closed or reset.
        assertThat(r.out()).containsPattern("(?m)^" + FAIL + " the (TLS handshake with SNI localhost failed|server "
                + "ended the TLS connection after the handshake|server (closed|reset) the connection without a "
                + "CONNACK to the MQTT 5 CONNECT).*");
        assertThat(r.out()).containsPattern("remedy: the server (requires a client certificate: give --cert and "
                + "--key|asked for a client certificate and none was sent: it requires one; give --cert and --key)");
    }

    @Test
    void aCertificateFromAnotherCaIsPointedOutAgainstTheNamedCas() {
        Doctor.Result r = Doctor.run("--cafile", caPem.toString(), "--protocol", "5", "--cert",
                strangerChain.toString(), "--key", strangerKey.toString(), url());
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.step(WARN, "the server asks for a client certificate, but --cert chains to none of the CAs it "
                + "names")).contains("\"CN=sensor-7\" issued by \"CN=Stranger CA\"; the server names 1 acceptable "
                + "CA: \"CN=Fleet Devices CA\"");
        // TLS 1.3: the server refuses the certificate after the client's side of the handshake; the client reads
        // the alert, or, when the server closed first, a broken connection after the certificate request.
        assertThat(r.out()).containsPattern("(?m)^" + FAIL + " the (TLS handshake with SNI localhost failed|server "
                + "ended the TLS connection after the handshake): the server (does not trust the CA|rejected the "
                + "client certificate|could not accept the client certificate|closed the connection after asking "
                + "for a client certificate: it refused the one sent)|^" + FAIL + " the server (closed|reset) the "
                + "connection without a CONNACK to the MQTT 5 CONNECT");
        assertThat(r.out()).contains("use a client certificate issued by a CA the broker trusts");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsNamed() {
        Doctor.Result r = Doctor.run("--cafile", caPem.toString(), "--protocol", "5", "--cert",
                sensorChain.toString(), "--key", strangerKey.toString(), url());
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.step(FAIL, "--key is not the private key of --cert"))
                .contains("remedy: give the private key that belongs to --cert");
    }
}
