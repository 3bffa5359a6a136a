package io.mqttauth.x509;

import static io.mqttauth.x509.Fixture.authenticate;
import static io.mqttauth.x509.ValidationTest.INTERMEDIATE;
import static io.mqttauth.x509.ValidationTest.ROOT;
import static io.mqttauth.x509.ValidationTest.refusal;
import static io.mqttauth.x509.ValidationTest.success;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identities from the CN, the DN, subject alternative names or the fingerprint: escaped characters, multi-valued RDNs
 * and UTF-8 come out exactly as encoded, several CNs give the last, and every identity carries the certificate facts.
 */
class IdentityTest {

    @TempDir
    Path dir;
    Fixture fixture;

    @BeforeEach
    void trustTheRoot() {
        fixture = new Fixture(dir);
        fixture.write("ca.pem", TestPki.pem(ROOT.certificate()));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Identity identity(String source, X509Certificate leaf) {
        return success(authenticate(fixture.authenticator("trust.path", "ca.pem", "identity", source), leaf,
                INTERMEDIATE.certificate())).identity();
    }

    private static X509Certificate leaf(X500Name subject) {
        return INTERMEDIATE.cert(subject).certificate();
    }

    @Test
    void escapedCharactersComeOutAsEncoded() {
        X509Certificate leaf = leaf(TestPki.rdns(BCStyle.O, "acme, inc.", BCStyle.CN, "a+b=c; \"d\" <e> \\f #1 "));
        assertThat(identity("cn", leaf).name()).isEqualTo("a+b=c; \"d\" <e> \\f #1 ");
        assertThat(identity("dn", leaf).name())
                .isEqualTo("CN=a\\+b\\=c\\; \\\"d\\\" \\<e\\> \\\\f #1\\ ,O=acme\\, inc.");
    }

    @Test
    void aLeadingHashOrSpaceIsEscapedInTheDn() {
        X509Certificate leaf = leaf(TestPki.rdns(BCStyle.CN, new DERUTF8String("#tag"), BCStyle.OU, " padded"));
        assertThat(identity("cn", leaf).name()).isEqualTo("#tag");
        assertThat(identity("dn", leaf).name()).isEqualTo("OU=\\ padded,CN=\\#tag");
    }

    @Test
    void utf8NamesComeOutExactly() {
        String cn = "Jürgen Größe – 東京 🚀";
        X509Certificate leaf = leaf(TestPki.rdns(BCStyle.C, "DE", BCStyle.CN, new DERUTF8String(cn)));
        Identity id = identity("cn", leaf);
        assertThat(id.name()).isEqualTo(cn);
        assertThat(id.attribute(Identity.CERT_DN)).contains("CN=" + cn + ",C=DE");
        assertThat(identity("cn", leaf(TestPki.rdns(BCStyle.CN, new DERBMPString("Ωmega"))))
                .name()).isEqualTo("Ωmega");
        assertThat(identity("cn", leaf(TestPki.rdns(BCStyle.CN, new DERPrintableString("plain")))).name())
                .isEqualTo("plain");
    }

    @Test
    void aMultiValuedRdnGivesItsCnAndJoinsWithPlusInTheDn() {
        X509Certificate leaf = leaf(TestPki.rdns(BCStyle.O, "Plant",
                new ASN1ObjectIdentifier[] {BCStyle.CN, BCStyle.UID}, new String[] {"sensor-7", "u-42"}));
        assertThat(identity("cn", leaf).name()).isEqualTo("sensor-7");
        assertThat(identity("dn", leaf).name()).isIn("CN=sensor-7+UID=u-42,O=Plant", "UID=u-42+CN=sensor-7,O=Plant");
    }

    @Test
    void withSeveralCnsTheLastMostSpecificOneCounts() {
        X509Certificate leaf = leaf(TestPki.rdns(BCStyle.CN, "plant.example", BCStyle.OU, "devices",
                BCStyle.CN, "sensor-7"));
        assertThat(identity("cn", leaf).name()).isEqualTo("sensor-7");
        assertThat(identity("dn", leaf).name()).isEqualTo("CN=sensor-7,OU=devices,CN=plant.example");
    }

    @Test
    void attributeTypesRfc4514DoesNotNameAreDottedOids() {
        X509Certificate leaf = leaf(TestPki.rdns(BCStyle.EmailAddress, "ops@example.com", BCStyle.CN, "x"));
        assertThat(identity("dn", leaf).name()).startsWith("CN=x,1.2.840.113549.1.9.1=#16");
    }

    @Test
    void subjectAlternativeNamesGiveTheFirstOfTheirKind() {
        X509Certificate leaf = INTERMEDIATE.cert("CN=ignored").dns("sensor-7.plant.example").dns("second.example")
                .uri("spiffe://plant.example/sensor/7").email("sensor-7@plant.example").certificate();
        assertThat(identity("san-dns", leaf).name()).isEqualTo("sensor-7.plant.example");
        assertThat(identity("san-uri", leaf).name()).isEqualTo("spiffe://plant.example/sensor/7");
        assertThat(identity("san-email", leaf).name()).isEqualTo("sensor-7@plant.example");
    }

    @Test
    void aSanOnlyCertificateHasNoCnButItsSanIsAnIdentity() {
        X509Certificate sanOnly = INTERMEDIATE.cert(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]))
                .dns("sensor-7.plant.example").certificate();
        Identity id = identity("san-dns", sanOnly);
        assertThat(id.name()).isEqualTo("sensor-7.plant.example");
        assertThat(id.attributes()).doesNotContainKey(Identity.CERT_CN).containsEntry(Identity.CERT_DN, "");

        String detail = refusal(authenticate(fixture.authenticator("trust.path", "ca.pem"), sanOnly,
                INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_NO_CN).detail();
        assertThat(detail).contains("has no common name (CN) in its subject (x509.identity = cn)")
                .contains("serial " + sanOnly.getSerialNumber().toString(16));
    }

    @Test
    void aMissingSubjectAlternativeNameIsNoIdentity() {
        X509Certificate cnOnly = INTERMEDIATE.cert("CN=sensor-7").certificate();
        for (String source : new String[] {"san-dns", "san-uri", "san-email"}) {
            assertThat(refusal(authenticate(fixture.authenticator("trust.path", "ca.pem", "identity", source), cnOnly,
                    INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_NO_IDENTITY).detail())
                    .contains("\"CN=sensor-7\"").contains("(x509.identity = " + source + ")");
        }
    }

    @Test
    void theFingerprintIsTheSha256OfTheDerInLowerCaseHex() throws Exception {
        X509Certificate leaf = INTERMEDIATE.cert("CN=sensor-7").certificate();
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
        assertThat(identity("fingerprint", leaf).name()).isEqualTo(expected).matches("[0-9a-f]{64}");
    }

    @Test
    void everyIdentityCarriesTheCertificateFactsAndExpiresWithTheChain() {
        X509Certificate leaf = INTERMEDIATE.cert("O=Plant,CN=sensor-7").certificate();
        Identity id = identity("cn", leaf);
        assertThat(id.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Identity.CERT_CN, "sensor-7",
                Identity.CERT_DN, "CN=sensor-7,O=Plant",
                Identity.CERT_ISSUER, "CN=Test Intermediate,O=Acme",
                Identity.CERT_SERIAL, leaf.getSerialNumber().toString(16),
                Identity.CERT_FINGERPRINT, CertificateFacts.fingerprint(leaf)));
        assertThat(id.attribute(Identity.CERT_SERIAL).orElseThrow()).matches("[0-9a-f]+");
        assertThat(id.expiresAt()).contains(leaf.getNotAfter().toInstant());
        assertThat(id.clientId()).isEqualTo("client-1");
    }

    @Test
    void theIdentityExpiresWithTheEarliestCertificateOfThePath() {
        TestPki.Issued shortLived = ROOT.cert("CN=Short Intermediate").ca()
                .validity(TestPki.NOW.minusSeconds(3600), TestPki.NOW.plusSeconds(7200)).issue();
        X509Certificate leaf = shortLived.cert("CN=device").certificate();
        Identity id = success(authenticate(fixture.authenticator("trust.path", "ca.pem"), leaf,
                shortLived.certificate())).identity();
        assertThat(id.expiresAt()).contains(TestPki.NOW.plusSeconds(7200));
    }
}
