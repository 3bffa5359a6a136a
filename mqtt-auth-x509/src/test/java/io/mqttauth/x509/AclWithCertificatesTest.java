package io.mqttauth.x509;

import static io.mqttauth.x509.ValidationTest.INTERMEDIATE;
import static io.mqttauth.x509.ValidationTest.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import io.mqttauth.TlsFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The x509 and acl providers together through {@link MqttAuth}: in extended ACL rules {@code %u} is the mapped
 * identity and {@code ${cert_cn}} the certificate's CN.
 */
class AclWithCertificatesTest {

    @TempDir
    Path dir;
    MqttAuth auth;

    @BeforeEach
    void engine() throws IOException {
        auth = engine("cn");
    }

    private MqttAuth engine(String identity) throws IOException {
        Files.writeString(dir.resolve("ca.pem"), TestPki.pem(ROOT.certificate()));
        Files.writeString(dir.resolve("cn-map"), "^sensor-(\\d+)$ device-$1\n^(.+)$ $1\n");
        Files.writeString(dir.resolve("acl"), """
                everyone
                  allow publish devices/${cert_cn}/#
                  allow all     users/%u/#
                """);
        Files.writeString(dir.resolve("mqtt-auth.properties"), """
                authenticators = x509
                authorizers = acl
                x509.trust.path = ca.pem
                x509.cn-map.path = cn-map
                x509.identity = %s
                x509.reload = off
                acl.path = acl
                acl.reload = off
                """.formatted(identity));
        return MqttAuth.builder().configuration(dir.resolve("mqtt-auth.properties"))
                .clock(Clock.fixed(TestPki.NOW, ZoneOffset.UTC)).build();
    }

    @AfterEach
    void close() {
        auth.close();
    }

    private Identity connect(X509Certificate leaf) {
        Decision d = auth.authenticate(ConnectRequest.builder("client-1")
                .tls(new TlsFacts(List.of(leaf, INTERMEDIATE.certificate()), null, "TLSv1.3", null)).build());
        assertThat(d.isAllowed()).as(d.explain()).isTrue();
        return d.identity().orElseThrow();
    }

    private boolean mayPublish(Identity identity, String topic) {
        return auth.authorize(identity, Action.publish(topic, 0, false)).isAllowed();
    }

    @Test
    void percentUIsTheMappedIdentityAndCertCnTheCertificatesCn() {
        Identity device = connect(INTERMEDIATE.cert("O=Plant,CN=sensor-7").certificate());
        assertThat(device.name()).isEqualTo("device-7");
        assertThat(device.provider()).isEqualTo("x509");
        assertThat(mayPublish(device, "devices/sensor-7/temp")).isTrue();
        assertThat(mayPublish(device, "users/device-7/inbox")).isTrue();
        assertThat(mayPublish(device, "devices/device-7/temp")).isFalse();
        assertThat(mayPublish(device, "users/sensor-7/inbox")).isFalse();
        assertThat(mayPublish(device, "devices/sensor-8/temp")).isFalse();
    }

    @Test
    void aCertCnRuleDoesNotApplyToACertificateWithoutCn() throws IOException {
        auth.close();
        auth = engine("san-dns");
        Identity gateway = connect(INTERMEDIATE.cert(new X500Name(new RDN[0])).dns("gw.plant.example").certificate());
        assertThat(gateway.name()).isEqualTo("gw.plant.example");
        assertThat(gateway.attributes()).doesNotContainKey(Identity.CERT_CN);
        assertThat(mayPublish(gateway, "users/gw.plant.example/status")).isTrue();
        assertThat(mayPublish(gateway, "devices/gw.plant.example/status")).isFalse();
    }

    @Test
    void aCnThatWouldSpanTopicLevelsIsNeverSplicedIn() {
        Identity slashy = connect(INTERMEDIATE.cert("CN=a/b").certificate());
        assertThat(slashy.attribute(Identity.CERT_CN)).contains("a/b");
        assertThat(mayPublish(slashy, "devices/a/b/x")).isFalse();
    }
}
