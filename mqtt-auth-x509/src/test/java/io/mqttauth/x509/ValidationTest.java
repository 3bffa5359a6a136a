package io.mqttauth.x509;

import static io.mqttauth.x509.Fixture.authenticate;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.TlsFacts;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PKIX validation through the provider: chains through an intermediate, every refusal with its own reason and a
 * detail naming subject, issuer, serial and validity, and the same CN from another CA.
 */
class ValidationTest {

    static final TestPki.Issued ROOT = TestPki.ca("O=Acme,CN=Test Root");
    static final TestPki.Issued INTERMEDIATE = ROOT.intermediate("O=Acme,CN=Test Intermediate");
    static final TestPki.Issued LEAF = INTERMEDIATE.cert("O=Plant,CN=sensor-7").issue();

    @TempDir
    Path dir;
    Fixture fixture;
    Authenticator x509;

    @BeforeEach
    void trustTheRoot() {
        fixture = new Fixture(dir);
        fixture.write("ca.pem", TestPki.pem(ROOT.certificate()));
        x509 = fixture.authenticator("trust.path", "ca.pem", "cache.size", "0");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    static AuthenticationResult.Refusal refusal(AuthenticationResult result, FailureReason reason) {
        assertThat(result).isInstanceOf(AuthenticationResult.Refusal.class);
        AuthenticationResult.Refusal r = (AuthenticationResult.Refusal) result;
        assertThat(r.reason()).as(r.detail()).isEqualTo(reason);
        return r;
    }

    static AuthenticationResult.Success success(AuthenticationResult result) {
        assertThat(result).as(result.detail()).isInstanceOf(AuthenticationResult.Success.class);
        return (AuthenticationResult.Success) result;
    }

    /** The detail names the certificate: subject, issuer, serial in hex, and validity. */
    static void namesTheCertificate(String detail, X509Certificate c) {
        assertThat(detail).contains(c.getSerialNumber().toString(16)).contains(c.getNotBefore().toInstant().toString())
                .contains(c.getNotAfter().toInstant().toString())
                .contains(Names.subjectOf(c)).contains("issuer \"" + Names.issuerOf(c) + "\"");
    }

    @Test
    void aChainThroughAnIntermediateIsAccepted() {
        AuthenticationResult.Success s = success(authenticate(x509, LEAF.certificate(), INTERMEDIATE.certificate()));
        assertThat(s.identity().name()).isEqualTo("sensor-7");
        assertThat(s.detail()).contains("identity \"sensor-7\" from cn")
                .contains("chains to trust anchor \"CN=Test Root,O=Acme\" via \"CN=Test Intermediate,O=Acme\"")
                .contains("revocation: not checked (no CRLs configured)");
        namesTheCertificate(s.detail(), LEAF.certificate());
    }

    @Test
    void theChainMayComeOutOfOrderAndWithACopyOfTheRoot() {
        success(authenticate(x509, LEAF.certificate(), ROOT.certificate(), INTERMEDIATE.certificate()));
    }

    @Test
    void aMissingIntermediateIsUntrustedAndSaysWhichIssuerIsMissing() {
        AuthenticationResult.Refusal r = refusal(authenticate(x509, LEAF.certificate()),
                FailureReason.CERTIFICATE_UNTRUSTED);
        assertThat(r.detail())
                .startsWith("intermediate missing or CA not trusted: the chain ends at \"CN=sensor-7,O=Plant\"")
                .contains("whose issuer \"CN=Test Intermediate,O=Acme\" is not a trust anchor and was not presented")
                .contains("add it to the client's chain").contains("x509.trust.path");
        namesTheCertificate(r.detail(), LEAF.certificate());
    }

    @Test
    void theSameCnFromAnotherCaIsUntrusted() {
        TestPki.Issued rogue = TestPki.ca("O=Evil,CN=Rogue Root");
        X509Certificate sameCn = rogue.cert("O=Plant,CN=sensor-7").certificate();
        AuthenticationResult.Refusal r = refusal(authenticate(x509, sameCn, rogue.certificate()),
                FailureReason.CERTIFICATE_UNTRUSTED);
        assertThat(r.detail()).startsWith("the chain of \"CN=sensor-7,O=Plant\" ends at the self-signed "
                + "\"CN=Rogue Root,O=Evil\"").contains("not a trust anchor");
        namesTheCertificate(r.detail(), rogue.certificate());

        assertThat(refusal(authenticate(x509, sameCn), FailureReason.CERTIFICATE_UNTRUSTED).detail())
                .contains("whose issuer \"CN=Rogue Root,O=Evil\" is not a trust anchor");
    }

    @Test
    void aPinnedSelfSignedClientCertificateMayBeAnAnchor() {
        TestPki.Issued pinned = TestPki.selfSignedClient("CN=pinned-device");
        fixture.write("pinned.pem", TestPki.pem(pinned.certificate()));
        Authenticator pinning = fixture.authenticator("trust.path", "pinned.pem", "cache.size", "0");
        assertThat(success(authenticate(pinning, pinned.certificate())).identity().name()).isEqualTo("pinned-device");
        refusal(authenticate(pinning, TestPki.selfSignedClient("CN=pinned-device").certificate()),
                FailureReason.CERTIFICATE_UNTRUSTED);
    }

    @Test
    void aCaWithTheSameNameAsAnAnchorButAnotherKeyIsUntrusted() {
        TestPki.Issued impostor = TestPki.ca("O=Acme,CN=Test Root");
        TestPki.Issued fakeIntermediate = impostor.intermediate("O=Acme,CN=Test Intermediate");
        X509Certificate sameCn = fakeIntermediate.cert("O=Plant,CN=sensor-7").certificate();
        AuthenticationResult.Refusal r = refusal(authenticate(x509, sameCn, fakeIntermediate.certificate(),
                impostor.certificate()), FailureReason.CERTIFICATE_UNTRUSTED);
        assertThat(r.detail())
                .startsWith("the signature of the intermediate certificate \"CN=Test Intermediate,O=Acme\"")
                .contains("does not verify with the key of the trust anchor \"CN=Test Root,O=Acme\": a different CA "
                        + "with the same name issued it");
        namesTheCertificate(r.detail(), fakeIntermediate.certificate());
    }

    @Test
    void aForgedSignatureUnderTheRealIntermediateIsUntrusted() {
        TestPki.Issued forger = TestPki.ca("CN=Forger");
        X509Certificate forged = INTERMEDIATE.cert("O=Plant,CN=sensor-7").signedBy(forger).certificate();
        assertThat(refusal(authenticate(x509, forged, INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_UNTRUSTED)
                .detail()).contains("does not verify with the key of the presented certificate "
                        + "\"CN=Test Intermediate,O=Acme\"");
    }

    @Test
    void anExpiredCertificateSaysWhenItExpired() {
        X509Certificate expired = INTERMEDIATE.cert("CN=old").validity(TestPki.NOW.minus(Duration.ofDays(30)),
                TestPki.NOW.minus(Duration.ofDays(1))).certificate();
        AuthenticationResult.Refusal r = refusal(authenticate(x509, expired, INTERMEDIATE.certificate()),
                FailureReason.CERTIFICATE_EXPIRED);
        assertThat(r.detail()).startsWith("the client certificate \"CN=old\"")
                .contains("expired at 2026-11-21T00:00:00Z (now 2026-11-22T00:00:00Z, x509.clock-skew 0s)");
        namesTheCertificate(r.detail(), expired);
    }

    @Test
    void anExpiredIntermediateExpiresTheChain() {
        TestPki.Issued old = ROOT.cert("CN=Old Intermediate").ca()
                .validity(TestPki.NOW.minus(Duration.ofDays(300)), TestPki.NOW.minus(Duration.ofHours(1))).issue();
        X509Certificate leaf = old.cert("CN=device").certificate();
        assertThat(refusal(authenticate(x509, leaf, old.certificate()), FailureReason.CERTIFICATE_EXPIRED).detail())
                .startsWith("the intermediate certificate \"CN=Old Intermediate\"").contains("expired at");
    }

    @Test
    void aCertificateNotValidYetSaysFromWhen() {
        X509Certificate future = INTERMEDIATE.cert("CN=future").validity(TestPki.NOW.plus(Duration.ofHours(2)),
                TestPki.NOW.plus(Duration.ofDays(30))).certificate();
        AuthenticationResult.Refusal r = refusal(authenticate(x509, future, INTERMEDIATE.certificate()),
                FailureReason.CERTIFICATE_NOT_YET_VALID);
        assertThat(r.detail()).contains("is not valid before 2026-11-22T02:00:00Z");
        namesTheCertificate(r.detail(), future);
    }

    @Test
    void theClockSkewAcceptsCertificatesJustOutsideTheirValidity() {
        x509 = fixture.authenticator("trust.path", "ca.pem", "clock-skew", "1m", "cache.size", "0");
        Instant notAfter = TestPki.NOW.minus(Duration.ofSeconds(30));
        X509Certificate justExpired = INTERMEDIATE.cert("CN=just-expired")
                .validity(TestPki.NOW.minus(Duration.ofDays(1)), notAfter).certificate();
        X509Certificate almostValid = INTERMEDIATE.cert("CN=almost-valid")
                .validity(TestPki.NOW.plus(Duration.ofSeconds(30)), TestPki.NOW.plus(Duration.ofDays(1))).certificate();
        assertThat(success(authenticate(x509, justExpired, INTERMEDIATE.certificate())).identity().expiresAt())
                .contains(notAfter.plus(Duration.ofMinutes(1)));
        success(authenticate(x509, almostValid, INTERMEDIATE.certificate()));

        X509Certificate longExpired = INTERMEDIATE.cert("CN=long-expired")
                .validity(TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.minus(Duration.ofMinutes(2)))
                .certificate();
        assertThat(refusal(authenticate(x509, longExpired, INTERMEDIATE.certificate()),
                FailureReason.CERTIFICATE_EXPIRED).detail()).contains("x509.clock-skew 60s");
    }

    @Test
    void aKeyUsageWithoutDigitalSignatureIsRefused() {
        X509Certificate encipherOnly = INTERMEDIATE.cert("CN=kx").keyUsage(KeyUsage.keyEncipherment).certificate();
        AuthenticationResult.Refusal r = refusal(authenticate(x509, encipherOnly, INTERMEDIATE.certificate()),
                FailureReason.CERTIFICATE_KEY_USAGE);
        assertThat(r.detail()).contains("has key usage [keyEncipherment] without digitalSignature");
        namesTheCertificate(r.detail(), encipherOnly);
    }

    @Test
    void anExtendedKeyUsageWithoutClientAuthIsRefused() {
        X509Certificate server = INTERMEDIATE.cert("CN=server").extendedKeyUsage(KeyPurposeId.id_kp_serverAuth)
                .certificate();
        assertThat(refusal(authenticate(x509, server, INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_KEY_USAGE)
                .detail()).contains("has extended key usage [serverAuth] without clientAuth");
    }

    @Test
    void clientAuthAnyExtendedKeyUsageOrNoneAtAllIsAccepted() {
        for (TestPki.CertBuilder b : new TestPki.CertBuilder[] {
            INTERMEDIATE.cert("CN=a").extendedKeyUsage(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth),
            INTERMEDIATE.cert("CN=b").extendedKeyUsage(KeyPurposeId.anyExtendedKeyUsage),
            INTERMEDIATE.cert("CN=c").keyUsage(null),
            INTERMEDIATE.cert("CN=d").keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment)}) {
            success(authenticate(x509, b.certificate(), INTERMEDIATE.certificate()));
        }
    }

    @Test
    void anIntermediateThatMayNotSignCertificatesIsBadKeyUsage() {
        TestPki.Issued noCertSign = ROOT.cert("CN=No Cert Sign").ca().keyUsage(KeyUsage.cRLSign).issue();
        X509Certificate leaf = noCertSign.cert("CN=device").certificate();
        assertThat(refusal(authenticate(x509, leaf, noCertSign.certificate()), FailureReason.CERTIFICATE_KEY_USAGE)
                .detail()).startsWith("the intermediate certificate \"CN=No Cert Sign\"")
                .contains("does not allow signing certificates (keyCertSign)");
    }

    @Test
    void aClientCertificateThatIssuesAnotherIsNotACa() {
        TestPki.Issued notCa = ROOT.cert("CN=Just A Device").keyUsage(null).issue();
        X509Certificate leaf = notCa.cert("CN=device").certificate();
        assertThat(refusal(authenticate(x509, leaf, notCa.certificate()), FailureReason.CERTIFICATE_UNTRUSTED)
                .detail()).contains("\"CN=Just A Device\"")
                .contains("issued \"CN=device\" but is not a CA certificate (basic constraints)");
    }

    @Test
    void noTlsOrNoClientCertificateAbstainsSoAnotherAuthenticatorMayDecide() {
        AuthenticationResult plain = x509.authenticate(ConnectRequest.builder("c").username("u").password("p").build());
        assertThat(plain).isEqualTo(AuthenticationResult.notApplicable(FailureReason.NO_CLIENT_CERTIFICATE,
                "the connection is not TLS, so there is no client certificate"));
        AuthenticationResult noCert = x509.authenticate(ConnectRequest.builder("c")
                .tls(TlsFacts.withoutClientCertificate("broker.example", "TLSv1.3", null)).build());
        assertThat(noCert).isEqualTo(AuthenticationResult.notApplicable(FailureReason.NO_CLIENT_CERTIFICATE,
                "the TLS connection has no client certificate"));
    }

    @Test
    void aCommonNameThatIsNotAStringIsUnparseable() {
        X509Certificate numberCn = INTERMEDIATE.cert(TestPki.rdns(BCStyle.CN, new ASN1Integer(7))).certificate();
        AuthenticationResult.Refusal r = refusal(authenticate(x509, numberCn, INTERMEDIATE.certificate()),
                FailureReason.CERTIFICATE_UNPARSEABLE);
        assertThat(r.detail()).contains("cannot be read: its subject's common name cannot be read");
    }

    @Test
    void mangledCertificatesAreRefusedNeverThrown() throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        byte[] good = LEAF.certificate().getEncoded();
        Random random = new Random(7);
        int parsed = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] bad = good.clone();
            for (int k = 0; k <= random.nextInt(3); k++) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            X509Certificate mangled;
            try {
                mangled = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(bad));
            } catch (CertificateException | RuntimeException notACertificate) {
                continue;
            }
            parsed++;
            AuthenticationResult result = authenticate(x509, mangled, INTERMEDIATE.certificate());
            assertThat(result).isNotNull().isNotInstanceOf(AuthenticationResult.Abstain.class);
            if (result instanceof AuthenticationResult.Success) {
                assertThat(mangled.getTBSCertificate()).as("only a certificate whose signed part is unchanged")
                        .isEqualTo(LEAF.certificate().getTBSCertificate());
            }
        }
        assertThat(parsed).isGreaterThan(100);
    }
}
