package io.mqttauth.x509;

import static io.mqttauth.x509.Fixture.authenticate;
import static io.mqttauth.x509.ValidationTest.INTERMEDIATE;
import static io.mqttauth.x509.ValidationTest.ROOT;
import static io.mqttauth.x509.ValidationTest.namesTheCertificate;
import static io.mqttauth.x509.ValidationTest.refusal;
import static io.mqttauth.x509.ValidationTest.success;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.spi.Provider;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths the main validation tests do not walk: longer chains, the clock skew at its exact limit and on a path with no
 * common validity, every PKIX refusal the provider words itself (path length, name constraints, the Java security
 * policy, an unknown critical extension), how long a cached success lasts under several CRLs, CRLs of an issuer that
 * may not sign them, and names read from certificates of a CA never seen before.
 */
class ValidationEdgesTest {

    private static final Instant NOW = TestPki.NOW;

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

    private io.mqttauth.Authenticator uncached(String... keys) {
        String[] all = new String[keys.length + 4];
        all[0] = "trust.path";
        all[1] = "ca.pem";
        all[2] = "cache.size";
        all[3] = "0";
        System.arraycopy(keys, 0, all, 4, keys.length);
        return fixture.authenticator(all);
    }

    @Test
    void aSuccessNamesEveryIntermediateOfThePathFromTheLeafUp() {
        TestPki.Issued second = INTERMEDIATE.intermediate("O=Acme,CN=Second Intermediate");
        X509Certificate leaf = second.cert("CN=sensor-31").certificate();
        var s = success(authenticate(uncached(), leaf, INTERMEDIATE.certificate(), second.certificate()));
        assertThat(s.detail()).contains("chains to trust anchor \"CN=Test Root,O=Acme\" via \"CN=Second "
                + "Intermediate,O=Acme\", \"CN=Test Intermediate,O=Acme\"; revocation");
    }

    @Test
    void aCertificateThatExpiredExactlyTheClockSkewAgoIsAcceptedAndOneSecondEarlierIsNot() {
        var x509 = uncached("clock-skew", "1h");
        X509Certificate edge = INTERMEDIATE.cert("CN=sensor-32").validity(NOW.minus(Duration.ofDays(10)),
                NOW.minus(Duration.ofHours(1))).certificate();
        var s = success(authenticate(x509, edge, INTERMEDIATE.certificate()));
        assertThat(s.identity().expiresAt()).contains(NOW);
        X509Certificate past = INTERMEDIATE.cert("CN=sensor-33").validity(NOW.minus(Duration.ofDays(10)),
                NOW.minus(Duration.ofHours(1)).minusSeconds(1)).certificate();
        refusal(authenticate(x509, past, INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_EXPIRED);
    }

    @Test
    void aPathWithNoInstantAtWhichAllAreValidIsExpiredDespiteTheClockSkew() {
        TestPki.Issued old = ROOT.cert("O=Acme,CN=Old Intermediate").ca().validity(NOW.minus(Duration.ofDays(10)),
                NOW.minus(Duration.ofDays(5))).issue();
        X509Certificate leaf = old.cert("CN=sensor-34").certificate();
        var r = refusal(authenticate(uncached("clock-skew", "1d"), leaf, old.certificate()),
                FailureReason.CERTIFICATE_EXPIRED);
        assertThat(r.detail()).startsWith("the intermediate certificate \"CN=Old Intermediate,O=Acme\"");
    }

    @Test
    void anExpiredClientCertificateUnderAnIntermediateIsNamedAsTheClientCertificate() {
        X509Certificate leaf = INTERMEDIATE.cert("CN=sensor-35").validity(NOW.minus(Duration.ofDays(10)),
                NOW.minus(Duration.ofDays(1))).certificate();
        var r = refusal(authenticate(uncached(), leaf, INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_EXPIRED);
        assertThat(r.detail()).startsWith("the client certificate \"CN=sensor-35\"");
        namesTheCertificate(r.detail(), leaf);
    }

    @Test
    void aCaBelowACaWhosePathLengthIsZeroIsRefused() {
        TestPki.Issued last = ROOT.cert("O=Acme,CN=Last CA").pathLength(0).issue();
        TestPki.Issued below = last.intermediate("O=Acme,CN=Below Last CA");
        X509Certificate leaf = below.cert("CN=sensor-36").certificate();
        var r = refusal(authenticate(uncached(), leaf, below.certificate(), last.certificate()),
                FailureReason.CERTIFICATE_UNTRUSTED);
        assertThat(r.detail()).startsWith("the intermediate certificate \"CN=Below Last CA,O=Acme\"")
                .endsWith("exceeds the path length constraint of a CA above it (basic constraints)");
    }

    @Test
    void aNameOutsideTheNameConstraintsOfACaAboveIsRefused() {
        NameConstraints onlyAcme = new NameConstraints(new GeneralSubtree[] {
            new GeneralSubtree(new GeneralName(TestPki.name("O=Acme")))}, null);
        TestPki.Issued constrained = ROOT.cert("O=Acme,CN=Constrained CA").ca()
                .extension(Extension.nameConstraints, true, onlyAcme).issue();
        success(authenticate(uncached(), constrained.cert("O=Acme,CN=sensor-37").certificate(),
                constrained.certificate()));
        X509Certificate outside = constrained.cert("O=Elsewhere,CN=sensor-38").certificate();
        var r = refusal(authenticate(uncached(), outside, constrained.certificate()),
                FailureReason.CERTIFICATE_UNTRUSTED);
        assertThat(r.detail()).startsWith("the client certificate \"CN=sensor-38,O=Elsewhere\"")
                .endsWith("violates the name constraints of a CA above it");
    }

    @Test
    void aKeyTheJavaSecurityPolicyForbidsIsRefusedNamingThePolicy() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(512);
        KeyPair weak = rsa.generateKeyPair();
        X509Certificate leaf = INTERMEDIATE.cert("CN=sensor-39").keys(weak).certificate();
        var r = refusal(authenticate(uncached(), leaf, INTERMEDIATE.certificate()),
                FailureReason.CERTIFICATE_UNTRUSTED);
        assertThat(r.detail()).startsWith("the client certificate \"CN=sensor-39\"")
                .contains("uses an algorithm or key size that the Java security policy "
                        + "(jdk.certpath.disabledAlgorithms) does not allow: ");
    }

    @Test
    void anUnknownCriticalExtensionFailsValidationWithTheJdksWords() {
        X509Certificate leaf = INTERMEDIATE.cert("CN=sensor-40")
                .extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), true, DERNull.INSTANCE).certificate();
        var r = refusal(authenticate(uncached(), leaf, INTERMEDIATE.certificate()),
                FailureReason.CERTIFICATE_UNTRUSTED);
        assertThat(r.detail()).startsWith("the client certificate \"CN=sensor-40\"").contains(" fails validation: ")
                .containsIgnoringCase("critical extension");
    }

    @Test
    void aCachedSuccessEndsWhenTheFirstCrlOfItsPathPassesItsNextUpdate() {
        fixture.write("root.crl", TestPki.pem(ROOT.crl(NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofMinutes(10)))));
        fixture.write("intermediate.crl", TestPki.pem(INTERMEDIATE.crl(NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofMinutes(1)))));
        var x509 = fixture.authenticator("trust.path", "ca.pem", "crl.path", "root.crl,intermediate.crl");
        X509Certificate leaf = INTERMEDIATE.cert("CN=sensor-41").certificate();
        success(authenticate(x509, leaf, INTERMEDIATE.certificate()));
        assertThat(authenticate(x509, leaf, INTERMEDIATE.certificate()).detail()).endsWith("(cached validation)");
        fixture.clock.advance(Duration.ofMinutes(2));
        var r = refusal(authenticate(x509, leaf, INTERMEDIATE.certificate()),
                FailureReason.CERTIFICATE_REVOCATION_UNKNOWN);
        assertThat(r.detail()).contains("intermediate.crl").doesNotEndWith("(cached validation)");
    }

    @Test
    void aCachedSuccessLastsWhileAnyCrlOfTheIssuerIsFresh() {
        fixture.write("soon.crl", TestPki.pem(INTERMEDIATE.crl(NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofMinutes(1)))));
        fixture.write("later.crl", TestPki.pem(INTERMEDIATE.crl(NOW.minus(Duration.ofMinutes(30)),
                NOW.plus(Duration.ofMinutes(10)))));
        var x509 = fixture.authenticator("trust.path", "ca.pem", "crl.path", "soon.crl,later.crl");
        X509Certificate leaf = INTERMEDIATE.cert("CN=sensor-42").certificate();
        success(authenticate(x509, leaf, INTERMEDIATE.certificate()));
        fixture.clock.advance(Duration.ofMinutes(2));
        assertThat(success(authenticate(x509, leaf, INTERMEDIATE.certificate())).detail())
                .endsWith("(cached validation)");
        fixture.clock.advance(Duration.ofMinutes(9));
        refusal(authenticate(x509, leaf, INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_REVOCATION_UNKNOWN);
    }

    @Test
    void aCrlOfAnIssuerWhoseKeyUsageDoesNotAllowSigningCrlsDoesNotCount() {
        TestPki.Issued noCrlSign = ROOT.cert("O=Acme,CN=No CRL Sign CA").ca().keyUsage(KeyUsage.keyCertSign).issue();
        X509Certificate leaf = noCrlSign.cert("CN=sensor-43").certificate();
        fixture.write("ca.crl", TestPki.pem(noCrlSign.crl(leaf)));
        var s = success(authenticate(uncached("crl.path", "ca.crl"), leaf, noCrlSign.certificate()));
        assertThat(s.detail()).contains("not checked for certificates of \"CN=Test Root,O=Acme\", "
                + "\"CN=No CRL Sign CA,O=Acme\" (no CRL)");
    }

    @Test
    void theIssuerOfACertificateFromACaNeverSeenBeforeIsRead() {
        String cn = "Fresh CA " + UUID.randomUUID();
        TestPki.Issued fresh = ROOT.intermediate("O=Acme,CN=" + cn);
        X509Certificate leaf = fresh.cert("CN=sensor-44").certificate();
        Identity identity = success(authenticate(uncached(), leaf, fresh.certificate())).identity();
        assertThat(identity.attribute(Identity.CERT_ISSUER)).contains("CN=" + cn + ",O=Acme");
    }

    @Test
    void aCommonNameEncodedAsUniversalStringIsReadAsUtf32() {
        byte[] utf32 = "sensor-\u00e9\uD83D\uDE00".getBytes(Charset.forName("UTF-32BE"));
        X509Certificate leaf = INTERMEDIATE.cert(TestPki.rdns(BCStyle.O, "Plant", BCStyle.CN,
                new DERUniversalString(utf32))).certificate();
        Provider provider = fixture.provider("trust.path", "ca.pem");
        var s = success(authenticate(provider.authenticator().orElseThrow(), leaf, INTERMEDIATE.certificate()));
        assertThat(s.identity().name()).isEqualTo("sensor-\u00e9\uD83D\uDE00");
    }
}
