package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --cert} and {@code explain --cert} with the x509 provider: decision, reason and identity as
 * docs/cli.md says, on certificates made at test time.
 */
class CertificateIT {

    private static final Instant NOW = Instant.now();
    private static final AtomicLong SERIAL = new AtomicLong(0x2000);

    @TempDir
    Path dir;

    private record Issued(KeyPair keys, X509Certificate certificate) {
    }

    private Issued root;
    private Issued intermediate;

    @BeforeEach
    void pki() throws Exception {
        root = issue(null, "CN=CLI Root", true, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
        intermediate = issue(root, "CN=CLI Intermediate", true, NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)));
        Files.writeString(dir.resolve("ca.pem"), pem(root.certificate()));
        Files.writeString(dir.resolve("mqtt-auth.properties"), """
                authenticators = x509
                authorizers = acl
                anonymous = deny
                x509.trust.path = ca.pem
                x509.crl.path = intermediate.crl
                acl.path = acl
                """);
        Files.writeString(dir.resolve("acl"), "everyone\n  allow publish devices/${cert_cn}/#\n");
        writeCrl(NOW.plus(Duration.ofDays(1)));
    }

    @Test
    void aTrustedChainIsAllowedAsItsCn() throws Exception {
        Path chain = chain("sensor-7", intermediate, NOW.plus(Duration.ofDays(10)));
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "--cert",
                chain.toString(), "connect");
        assertThat(r.status()).as(r.toString()).isEqualTo(0);
        assertThat(Cli.text(r.json(), "decision")).isEqualTo("ALLOW");
        assertThat(Cli.text(r.json(), "identity")).isEqualTo("sensor-7");
        assertThat(Cli.text(r.json(), "provider")).isEqualTo("x509");
        assertThat(Cli.text(r.json(), "detail")).contains("chains to trust anchor \"CN=CLI Root\" via "
                + "\"CN=CLI Intermediate\"");

        Cli.Result action = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "--cert",
                chain.toString(), "publish", "devices/sensor-7/temp");
        assertThat(Cli.text(action.json(), "decision")).as(action.toString()).isEqualTo("ALLOW");
        assertThat(Cli.text(action.json(), "identity")).isEqualTo("sensor-7");
    }

    @Test
    void aChainFromAnotherCaIsUntrustedWithoutIdentity() throws Exception {
        Issued rogue = issue(null, "CN=Rogue Root", true, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(9)));
        Path chain = chain("sensor-7", rogue, NOW.plus(Duration.ofDays(10)));
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "--cert",
                chain.toString(), "connect");
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(Cli.text(r.json(), "reason")).isEqualTo("CERTIFICATE_UNTRUSTED");
        assertThat(r.json().has("identity")).as("identity").isFalse();
        assertThat(Cli.text(r.json(), "detail")).contains("the self-signed \"CN=Rogue Root\"");
    }

    @Test
    void aRevokedCertificateIsRevokedAndExplainSaysByWhichCrl() throws Exception {
        Issued leaf = issue(intermediate, "CN=sensor-8", false, NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(10)));
        Path chain = write(leaf, intermediate);
        writeCrl(NOW.plus(Duration.ofDays(1)), leaf.certificate());
        Cli.Result r = Cli.run(dir, "explain", "--config", "mqtt-auth.properties", "--cert", chain.toString(),
                "connect");
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.firstLine()).isEqualTo("DENY CERTIFICATE_REVOKED");
        assertThat(r.out()).contains("certificate CN=sensor-8").contains("was revoked at")
                .contains("according to the CRL of \"CN=CLI Intermediate\" in intermediate.crl");
    }

    @Test
    void anExpiredCertificateSaysWhen() throws Exception {
        Instant notAfter = NOW.minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Path chain = chain("old", intermediate, notAfter);
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--cert", chain.toString(),
                "connect");
        assertThat(r.firstLine()).as(r.toString()).isEqualTo("DENY CERTIFICATE_EXPIRED");
        assertThat(r.out()).contains("expired at " + notAfter);
    }

    @Test
    void validateReportsACrlPastItsNextUpdate() throws Exception {
        writeCrl(NOW.minus(Duration.ofMinutes(5)));
        Cli.Result r = Cli.run(dir, "validate", "--config", "mqtt-auth.properties");
        assertThat(r.status()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("intermediate.crl: x509.crl.path: the CRL of \"CN=CLI Intermediate\" has passed "
                + "its next update");
    }

    private Path chain(String cn, Issued issuer, Instant notAfter) throws Exception {
        return write(issue(issuer, "CN=" + cn, false, NOW.minus(Duration.ofDays(1)), notAfter), issuer);
    }

    private Path write(Issued leaf, Issued issuer) throws IOException {
        Path file = dir.resolve("chain-" + leaf.certificate().getSerialNumber() + ".pem");
        Files.writeString(file, pem(leaf.certificate(), issuer.certificate()));
        return file;
    }

    private void writeCrl(Instant nextUpdate, X509Certificate... revoked) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(new X500Name("CN=CLI Intermediate"),
                Date.from(NOW.minus(Duration.ofHours(1))));
        b.setNextUpdate(Date.from(nextUpdate));
        for (X509Certificate c : revoked) {
            b.addCRLEntry(c.getSerialNumber(), Date.from(NOW.minus(Duration.ofMinutes(30))), CRLReason.keyCompromise);
        }
        X509CRL crl = new JcaX509CRLConverter().getCRL(b.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(intermediate.keys().getPrivate())));
        Files.writeString(dir.resolve("intermediate.crl"), pem(crl));
    }

    private static Issued issue(Issued issuer, String dn, boolean ca, Instant from, Instant to) throws Exception {
        KeyPair keys = keys();
        X500Name subject = new X500Name(dn);
        X500Name issuerName = issuer == null ? subject
                : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), subject,
                keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        KeyPair signer = issuer == null ? keys : issuer.keys();
        return new Issued(keys, new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()))));
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String pem(Object... objects) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
        return out.toString();
    }
}
