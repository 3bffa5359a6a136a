package io.mqttauth.examples.hivemq.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.mqttauth.examples.hivemq.Mqtt;
import io.mqttauth.examples.hivemq.MqttAuthHiveMq;
import io.mqttauth.examples.hivemq.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The demo broker over mutual TLS with {@code authenticators = x509}: devices connect with their certificate and no
 * password, a mapping file turns the CN into the identity, and the identity drives the ACL
 * ({@code pattern write devices/%u/#}). Certificates that the listener's trust store accepts but the provider refuses
 * (revoked, unmapped, without a CN, or the same CN from a CA the listener trusts and the provider does not) get CONNACK
 * 0x87 (MQTT 3.1.1: 5) with the provider's reason in the broker log. A certificate from a CA the listener does not
 * trust either is not offered by a Java client (refused as no certificate) or fails the TLS handshake before any
 * provider sees it.
 */
class DemoMutualTlsTest {

    private static final String HOST = "broker.fleet.example";

    @TempDir
    static Path tmp;
    private static DemoBroker.Running demo;
    private static int tlsPort;
    private static TestPki.Issued ca;
    private static TestPki.Issued sensor7;
    private static TestPki.Issued sensor9Revoked;
    private static TestPki.Issued printer;
    private static TestPki.Issued noCn;
    private static TestPki.Issued rogue;
    private static TestPki.Issued rogueCa;
    private static TestPki.Issued stranger;
    private static TestPki.Issued strangerCa;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        ca = TestPki.ca("Fleet CA");
        TestPki.Issued server = TestPki.leaf(ca, "broker", HOST);
        sensor7 = TestPki.leaf(ca, "sensor-7.fleet.example", null);
        sensor9Revoked = TestPki.leaf(ca, "sensor-9.fleet.example", null);
        printer = TestPki.leaf(ca, "printer.office.example", null);
        noCn = TestPki.leaf(ca, new X500Name("O=Example Devices,OU=sensors"), null);
        rogueCa = TestPki.ca("Fleet CA");
        rogue = TestPki.leaf(rogueCa, "sensor-7.fleet.example", null);
        strangerCa = TestPki.ca("Stranger CA");
        stranger = TestPki.leaf(strangerCa, "sensor-7.fleet.example", null);

        Path keystore = TestPki.write(TestPki.keyStore(server, ca), tmp.resolve("server.p12"));
        // The listener trusts more than the provider: the rogue CA's certificates pass the handshake.
        KeyStore listenerTrust = TestPki.trustStore(ca.certificate());
        listenerTrust.setCertificateEntry("rogue", rogueCa.certificate());
        Path truststore = TestPki.write(listenerTrust, tmp.resolve("trust.p12"));
        TestPki.pem(tmp.resolve("ca.pem"), ca.certificate());
        TestPki.pem(tmp.resolve("ca.crl"), TestPki.crl(ca, sensor9Revoked.certificate()));
        Files.writeString(tmp.resolve("cn-map"), """
                # sensor-N.fleet.example is device sensor-N
                ^(sensor-\\d+)\\.fleet\\.example$   $1
                """);
        Files.writeString(tmp.resolve("acl"), "pattern write devices/%u/#\npattern read commands/%u/#\n");
        Path conf = Files.writeString(tmp.resolve("mqtt-auth.properties"), """
                authenticators = x509
                authorizers = acl
                x509.trust.path = ca.pem
                x509.crl.path = ca.crl
                x509.cn-map.path = cn-map
                acl.path = acl
                client-reason-strings = none
                """);
        tlsPort = Mqtt.freePort();
        DemoBroker broker = new DemoBroker();
        new CommandLine(broker).parseArgs("--config", conf.toString(), "--port", Integer.toString(Mqtt.freePort()),
                "--tls-port", Integer.toString(tlsPort), "--tls-keystore", keystore.toString(),
                "--tls-truststore", truststore.toString(), "--tls-client-auth", "OPTIONAL");
        demo = broker.start();
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @BeforeEach
    void captureTheBrokerLog() {
        Logger logger = (Logger) LoggerFactory.getLogger(MqttAuthHiveMq.class);
        logger.setLevel(Level.INFO);
        log.start();
        logger.addAppender(log);
    }

    private List<String> refusals() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("mqtt-auth refused the connect")).toList();
    }

    private static MqttClientSslConfig ssl(TestPki.Issued device, TestPki.Issued issuer) throws Exception {
        return MqttClientSslConfig.builder()
                .keyManagerFactory(TestPki.keyManagers(TestPki.keyStore(device, issuer)))
                .trustManagerFactory(TestPki.trustManagers(TestPki.trustStore(ca.certificate())))
                .build();
    }

    private static InetSocketAddress address() throws Exception {
        return new InetSocketAddress(InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1}), tlsPort);
    }

    @Test
    void aMappedDeviceConnectsWithoutAPasswordAndPublishesOnlyItsOwnTopics() throws Exception {
        Mqtt5BlockingClient device = Mqtt.v5(address(), "any-client-id", ssl(sensor7, ca));
        assertThat(Mqtt.connect5(device, null, null)).isZero();

        assertThat(Mqtt.publish5(device, "devices/sensor-7/temp")).isIn(0x00, 0x10);
        assertThat(Mqtt.publish5(device, "devices/sensor-8/temp")).isEqualTo(0x87);
        assertThat(Mqtt.subscribe5(device, "commands/sensor-7/#")).isLessThan(0x80);
        device.disconnect();
    }

    @Test
    void certificatesTheListenerAcceptsButTheProviderRefusesGet0x87WithTheReasonInTheLog() throws Exception {
        for (TestPki.Issued refused : List.of(sensor9Revoked, printer, noCn)) {
            Mqtt5BlockingClient device = Mqtt.v5(address(), "refused", ssl(refused, ca));
            assertThat(Mqtt.connect5(device, null, null)).as(refused.certificate().getSubjectX500Principal()
                    .getName()).isEqualTo(0x87);
        }
        assertThat(refusals()).hasSize(3);
        assertThat(refusals().get(0)).contains("CERTIFICATE_REVOKED");
        assertThat(refusals().get(1)).contains("CERTIFICATE_NO_MAPPING").contains("printer.office.example");
        assertThat(refusals().get(2)).contains("CERTIFICATE_NO_CN");
    }

    @Test
    void mqtt311ClientsGetReturnCode5() throws Exception {
        Mqtt3BlockingClient device = Mqtt3Client.builder().identifier("refused-3").serverAddress(address())
                .sslConfig(ssl(printer, ca)).buildBlocking();
        assertThat(Mqtt.connect3(device, null, null)).isEqualTo(5);
        assertThat(refusals()).singleElement().asString().contains("CERTIFICATE_NO_MAPPING");
    }

    @Test
    void aSameCnCertificateFromACaTheListenerTrustsButTheProviderDoesNotIsRefusedAsUntrusted() throws Exception {
        Mqtt5BlockingClient device = Mqtt.v5(address(), "rogue", ssl(rogue, rogueCa));
        assertThat(Mqtt.connect5(device, null, null)).isEqualTo(0x87);
        assertThat(refusals()).singleElement().asString().contains("CERTIFICATE_UNTRUSTED").contains("Fleet CA");
    }

    @Test
    void aJavaClientWhoseCaTheListenerDoesNotNameSendsNoCertificateAndIsRefusedAsSuch() throws Exception {
        // TLS 1.3: the server names the CAs it accepts, and the JDK's key manager offers no certificate from another.
        Mqtt5BlockingClient device = Mqtt.v5(address(), "stranger", ssl(stranger, strangerCa));
        assertThat(Mqtt.connect5(device, null, null)).isEqualTo(0x87);
        assertThat(refusals()).singleElement().asString().contains("NO_CLIENT_CERTIFICATE").contains("peer=none");
    }

    @Test
    void aCertificateTheListenerDoesNotTrustFailsTheHandshakeBeforeAnyProviderSeesIt() throws Exception {
        // A client that sends its certificate whatever the server names (as OpenSSL-based clients do).
        X509ExtendedKeyManager keys = (X509ExtendedKeyManager) TestPki.keyManagers(
                TestPki.keyStore(stranger, strangerCa)).getKeyManagers()[0];
        KeyManagerFactory always = new KeyManagerFactory(new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return new KeyManager[] {new AlwaysOffering(keys)};
            }
        }, null, "always") { };
        MqttClientSslConfig ssl = MqttClientSslConfig.builder().keyManagerFactory(always)
                .trustManagerFactory(TestPki.trustManagers(TestPki.trustStore(ca.certificate()))).build();
        Mqtt5BlockingClient device = Mqtt.v5(address(), "stranger-forced", ssl);

        assertThatThrownBy(device::connect).isInstanceOf(RuntimeException.class);
        assertThat(device.getState().isConnected()).isFalse();
        assertThat(refusals()).isEmpty();
    }

    /** Offers its one certificate whatever CAs the server names. */
    private static final class AlwaysOffering extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        AlwaysOffering(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "key";
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "key";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"key"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }
}
