package io.mqttauth.examples.hivemq;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test-time PKI made with Bouncy Castle: a CA, and leaf certificates it signs, in PKCS12 stores. */
public final class TestPki {

    public static final char[] PASSWORD = "changeit".toCharArray();
    private static final AtomicLong SERIAL = new AtomicLong(1);

    /** A key pair and its certificate. */
    public record Issued(KeyPair keys, X509Certificate certificate) {
    }

    private TestPki() {
    }

    public static Issued ca(String cn) throws GeneralSecurityException, CertIOException, OperatorCreationException {
        KeyPair keys = rsa();
        X500Name name = new X500Name("CN=" + cn);
        JcaX509v3CertificateBuilder b = builder(name, name, keys);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(keys, sign(b, keys.getPrivate()));
    }

    /** A leaf signed by {@code ca}; {@code dnsName} (if not null) goes into the subject alternative names. */
    public static Issued leaf(Issued ca, String cn, String dnsName)
            throws GeneralSecurityException, CertIOException, OperatorCreationException {
        return leaf(ca, new X500Name("CN=" + cn), dnsName);
    }

    /** A leaf with any subject (one without a CN, say), signed by {@code ca}. */
    public static Issued leaf(Issued ca, X500Name subject, String dnsName)
            throws GeneralSecurityException, CertIOException, OperatorCreationException {
        KeyPair keys = rsa();
        JcaX509v3CertificateBuilder b = builder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), subject, keys);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (dnsName != null) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        }
        return new Issued(keys, sign(b, ca.keys().getPrivate()));
    }

    /**
     * A server leaf signed by {@code ca} for the DNS names {@code dnsNames}, valid from {@code notBefore} to
     * {@code notAfter} (an expired or not yet valid certificate, when the dates say so).
     */
    public static Issued server(Issued ca, String cn, List<String> dnsNames, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException, CertIOException, OperatorCreationException {
        KeyPair keys = rsa();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(notBefore), Date.from(notAfter),
                new X500Name("CN=" + cn), keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
        return new Issued(keys, sign(b, ca.keys().getPrivate()));
    }

    /** A CRL of {@code ca} that revokes {@code revoked}, valid for a day. */
    public static X509CRL crl(Issued ca, X509Certificate... revoked)
            throws GeneralSecurityException, OperatorCreationException {
        Instant now = Instant.now();
        X509v2CRLBuilder b = new X509v2CRLBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                Date.from(now.minus(Duration.ofMinutes(5))));
        b.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
        for (X509Certificate c : revoked) {
            b.addCRLEntry(c.getSerialNumber(), Date.from(now.minus(Duration.ofMinutes(1))), CRLReason.keyCompromise);
        }
        return new JcaX509CRLConverter().getCRL(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.keys().getPrivate())));
    }

    /** Writes certificates and CRLs as PEM. */
    public static Path pem(Path file, Object... objects) throws java.io.IOException {
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
        return file;
    }

    public static KeyStore keyStore(Issued leaf, Issued ca) throws GeneralSecurityException, java.io.IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("key", leaf.keys().getPrivate(), PASSWORD,
                new X509Certificate[] {leaf.certificate(), ca.certificate()});
        return ks;
    }

    public static KeyStore trustStore(X509Certificate ca) throws GeneralSecurityException, java.io.IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        return ks;
    }

    public static Path write(KeyStore ks, Path file) throws GeneralSecurityException, java.io.IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        }
        return file;
    }

    public static KeyManagerFactory keyManagers(KeyStore ks) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        return kmf;
    }

    public static TrustManagerFactory trustManagers(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.getAndIncrement()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey signer)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
    }
}
