package io.mqttauth.x509;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A PKI made at test time with Bouncy Castle (EC P-256 keys, nothing committed): CAs, intermediates, client
 * certificates with any names, validity, key usages and subject alternative names, CRLs, and PEM text.
 */
final class TestPki {

    /** The tests' "now". */
    static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    private static final AtomicLong SERIAL = new AtomicLong(0x1000);

    private TestPki() {
    }

    /** A key pair with its certificate. */
    record Issued(KeyPair keys, X509Certificate certificate) {
        /** A CA certificate signed by this one. */
        Issued intermediate(String dn) {
            return cert(dn).ca().issue();
        }

        /** Starts a certificate issued by this one: a client certificate unless told otherwise. */
        CertBuilder cert(String dn) {
            return new CertBuilder(this, name(dn));
        }

        /** Starts a certificate with a subject built from RDNs, issued by this one. */
        CertBuilder cert(X500Name subject) {
            return new CertBuilder(this, subject);
        }

        /** A CRL of this CA listing {@code revoked}, this update an hour ago, next update in a day. */
        X509CRL crl(X509Certificate... revoked) {
            return crl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)), revoked);
        }

        /** A CRL of this CA with the given update times listing {@code revoked}. */
        X509CRL crl(Instant thisUpdate, Instant nextUpdate, X509Certificate... revoked) {
            try {
                X509v2CRLBuilder b = new X509v2CRLBuilder(
                        X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                        Date.from(thisUpdate));
                b.setNextUpdate(Date.from(nextUpdate));
                for (X509Certificate c : revoked) {
                    b.addCRLEntry(c.getSerialNumber(), Date.from(NOW.minus(Duration.ofHours(2))),
                            CRLReason.keyCompromise);
                }
                return new JcaX509CRLConverter().getCRL(b.build(signer(keys)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A self-signed root CA. */
    static Issued ca(String dn) {
        return selfSigned(dn, true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    }

    /** A self-signed client certificate, as pinned devices have. */
    static Issued selfSignedClient(String dn) {
        return selfSigned(dn, false, KeyUsage.digitalSignature);
    }

    private static Issued selfSigned(String dn, boolean ca, int keyUsage) {
        KeyPair keys = keys();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name(dn), serial(),
                    Date.from(NOW.minus(Duration.ofDays(365))), Date.from(NOW.plus(Duration.ofDays(3650))), name(dn),
                    keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            return new Issued(keys, convert(b, keys));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A certificate under construction. */
    static final class CertBuilder {
        private final Issued issuer;
        private final X500Name subject;
        private Instant notBefore = NOW.minus(Duration.ofDays(1));
        private Instant notAfter = NOW.plus(Duration.ofDays(365));
        private boolean ca;
        private Integer keyUsage = KeyUsage.digitalSignature;
        private KeyPurposeId[] extendedKeyUsage;
        private final List<GeneralName> alternativeNames = new ArrayList<>();
        private Issued signer;
        private Integer pathLength;
        private KeyPair keys;
        private final List<Object[]> extensions = new ArrayList<>();

        private CertBuilder(Issued issuer, X500Name subject) {
            this.issuer = issuer;
            this.subject = subject;
            this.signer = issuer;
        }

        CertBuilder validity(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        CertBuilder ca() {
            this.ca = true;
            this.keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign;
            return this;
        }

        /** A CA certificate whose basic constraints allow {@code length} CAs below it. */
        CertBuilder pathLength(int length) {
            ca();
            this.pathLength = length;
            return this;
        }

        /** Certifies {@code keys} instead of a fresh EC key pair. */
        CertBuilder keys(KeyPair keys) {
            this.keys = keys;
            return this;
        }

        /** Adds an extension. */
        CertBuilder extension(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            extensions.add(new Object[] {oid, critical, value});
            return this;
        }

        /** Key usage bits ({@link KeyUsage} constants), or {@code null} for no key usage extension. */
        CertBuilder keyUsage(Integer bits) {
            this.keyUsage = bits;
            return this;
        }

        CertBuilder extendedKeyUsage(KeyPurposeId... purposes) {
            this.extendedKeyUsage = purposes;
            return this;
        }

        CertBuilder dns(String name) {
            alternativeNames.add(new GeneralName(GeneralName.dNSName, name));
            return this;
        }

        CertBuilder uri(String uri) {
            alternativeNames.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
            return this;
        }

        CertBuilder email(String email) {
            alternativeNames.add(new GeneralName(GeneralName.rfc822Name, email));
            return this;
        }

        /** Signs with another key than the issuer's (a forgery naming the issuer). */
        CertBuilder signedBy(Issued other) {
            this.signer = other;
            return this;
        }

        Issued issue() {
            KeyPair keys = this.keys != null ? this.keys : TestPki.keys();
            try {
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                        X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), serial(),
                        Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
                b.addExtension(Extension.basicConstraints, true,
                        pathLength != null ? new BasicConstraints(pathLength) : new BasicConstraints(ca));
                for (Object[] e : extensions) {
                    b.addExtension((org.bouncycastle.asn1.ASN1ObjectIdentifier) e[0], (Boolean) e[1],
                            (ASN1Encodable) e[2]);
                }
                if (keyUsage != null) {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                }
                if (extendedKeyUsage != null) {
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(extendedKeyUsage));
                }
                if (!alternativeNames.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, subject.getRDNs().length == 0,
                            new GeneralNames(alternativeNames.toArray(new GeneralName[0])));
                }
                return new Issued(keys, convert(b, signer.keys()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        X509Certificate certificate() {
            return issue().certificate();
        }
    }

    /** A name from RFC 4514-style text in BC's order (most general first), such as {@code O=Plant,CN=sensor-7}. */
    static X500Name name(String dn) {
        return new X500Name(BCStyle.INSTANCE, dn);
    }

    /** A name built RDN by RDN, most general first; each element is one RDN of {@code type=value} pairs. */
    static X500Name rdns(Object... typesAndValues) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        for (int i = 0; i < typesAndValues.length; i += 2) {
            if (typesAndValues[i] instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier[] types) {
                b.addMultiValuedRDN(types, (String[]) typesAndValues[i + 1]);
            } else if (typesAndValues[i + 1] instanceof ASN1Encodable value) {
                b.addRDN((org.bouncycastle.asn1.ASN1ObjectIdentifier) typesAndValues[i], value);
            } else {
                b.addRDN((org.bouncycastle.asn1.ASN1ObjectIdentifier) typesAndValues[i],
                        (String) typesAndValues[i + 1]);
            }
        }
        return b.build();
    }

    /** PEM text of certificates and CRLs, in order. */
    static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContentSigner signer(KeyPair keys) {
        try {
            return new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate convert(X509v3CertificateBuilder b, KeyPair signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(signer)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
