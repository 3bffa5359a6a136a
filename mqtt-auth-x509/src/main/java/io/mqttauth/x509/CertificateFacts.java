package io.mqttauth.x509;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import jakarta.annotation.Nullable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * What identities are made of, read from a client certificate with Bouncy Castle. Immutable.
 *
 * @param cn the last (most specific) common name of the subject, or {@code null} if it has none
 * @param dn the subject, RFC 4514
 * @param issuer the issuer, RFC 4514
 * @param serial the serial number in lower-case hex
 * @param fingerprint the SHA-256 of the certificate's DER, lower-case hex
 * @param dnsNames the subject alternative names of type dNSName, in certificate order
 * @param uris the subject alternative names of type uniformResourceIdentifier, in certificate order
 * @param emails the subject alternative names of type rfc822Name, in certificate order
 */
record CertificateFacts(@Nullable String cn, String dn, String issuer, String serial, String fingerprint,
        List<String> dnsNames, List<String> uris, List<String> emails) {

    /**
     * Issuer names in RFC 4514, by their DER: a fleet's certificates have few issuers, whose names need not be parsed
     * and rendered again for every device.
     */
    private static final Cache<ByteBuffer, String> ISSUERS = Caffeine.newBuilder()
            .maximumSize(1024)
            .executor(Runnable::run)
            .build();

    /** A SHA-256 never used itself: each digest is made by a clone, which skips the provider look-up. */
    private static final MessageDigest SHA256 = sha256Prototype();

    /** Copies the lists. */
    CertificateFacts {
        dnsNames = List.copyOf(dnsNames);
        uris = List.copyOf(uris);
        emails = List.copyOf(emails);
    }

    /**
     * Reads the facts of {@code certificate}.
     *
     * @throws IllegalArgumentException if its subject, issuer, encoding or subject alternative names cannot be read;
     *     the message says which
     */
    static CertificateFacts of(X509Certificate certificate) {
        var subject = parse("subject", () -> Names.parse(certificate.getSubjectX500Principal()));
        X500Principal issuerName = certificate.getIssuerX500Principal();
        String issuer = ISSUERS.get(ByteBuffer.wrap(issuerName.getEncoded()),
                der -> parse("issuer", () -> Names.rfc4514(Names.parse(issuerName))));
        String cn = parse("subject's common name", () -> Names.lastCommonName(subject));
        List<String> dns = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        byte[] san = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (san != null) {
            GeneralNames names = parse("subject alternative names",
                    () -> GeneralNames.getInstance(ASN1OctetString.getInstance(san).getOctets()));
            for (GeneralName name : names.getNames()) {
                switch (name.getTagNo()) {
                    case GeneralName.dNSName -> dns.add(parse("a DNS name", () -> Names.text(name.getName())));
                    case GeneralName.uniformResourceIdentifier ->
                            uris.add(parse("a URI", () -> Names.text(name.getName())));
                    case GeneralName.rfc822Name ->
                            emails.add(parse("an e-mail name", () -> Names.text(name.getName())));
                    default -> {
                        // other kinds (IP addresses, directory names, ...) are no identity source
                    }
                }
            }
        }
        return new CertificateFacts(cn, Names.rfc4514(subject), issuer,
                certificate.getSerialNumber().toString(16), fingerprint(certificate), dns, uris, emails);
    }

    /** The SHA-256 of the certificate's DER, lower-case hex. */
    static String fingerprint(X509Certificate certificate) {
        return HexFormat.of().formatHex(sha256(der(certificate)));
    }

    /** The DER of a certificate. @throws IllegalArgumentException if it cannot be encoded */
    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return ((MessageDigest) SHA256.clone()).digest(bytes);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the SHA-256 implementation cannot be cloned", e);
        }
    }

    private static MessageDigest sha256Prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private interface Reading<T> {
        T read();
    }

    private static <T> T parse(String what, Reading<T> reading) {
        try {
            return reading.read();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("its " + what + " cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
