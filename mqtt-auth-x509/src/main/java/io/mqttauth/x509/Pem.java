package io.mqttauth.x509;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jakarta.annotation.Nullable;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Reads X.509 certificates and CRLs from PEM text, or from DER when the content holds no PEM block at all. The one
 * reader of the {@code x509} provider (chains, trust anchors, CRLs, forwarded chains) and of the CLI's
 * {@code --cert}.
 *
 * <ul>
 *   <li>Blocks are read with Bouncy Castle's {@link PEMParser}; certificates are {@code CERTIFICATE},
 *       {@code X509 CERTIFICATE} and {@code TRUSTED CERTIFICATE} blocks (OpenSSL's trust settings are dropped), CRLs
 *       {@code X509 CRL} blocks. Other blocks (a private key in a combined file) and text around blocks (OpenSSL's
 *       {@code Bag Attributes}, {@code openssl x509 -text} output) are skipped.
 *   <li>Entries keep their order in the content, so a chain stays leaf first.
 *   <li>Blank content holds nothing: an empty list.
 * </ul>
 *
 * <p>Thread-safe; stateless.
 */
public final class Pem {

    private static final JcaX509CertificateConverter CERTIFICATE_CONVERTER = new JcaX509CertificateConverter();
    private static final JcaX509CRLConverter CRL_CONVERTER = new JcaX509CRLConverter();
    private static final Kind<X509Certificate> CERTIFICATES = new Kind<>("certificate",
            Set.of("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"), Pem::certificate);
    private static final Kind<X509CRL> CRLS = new Kind<>("CRL", Set.of("X509 CRL"), Pem::crl);

    private Pem() {
    }

    /**
     * The certificates in {@code content}, in order: every certificate block of PEM text, or the one DER certificate
     * when the content holds no PEM block. Empty when the content is blank or its PEM blocks are all of other kinds.
     *
     * @throws PemException if a certificate block does not decode or parse (naming which), or non-blank content holds
     *     no PEM block and is not a DER certificate
     */
    public static List<X509Certificate> certificates(byte[] content) throws PemException {
        return read(new String(content, StandardCharsets.ISO_8859_1), content, CERTIFICATES);
    }

    /**
     * The certificates of PEM text, as {@link #certificates(byte[])} reads them; text without a PEM block is not read
     * as DER.
     *
     * @throws PemException if a certificate block does not decode or parse, or non-blank text holds no PEM block
     */
    public static List<X509Certificate> certificates(String text) throws PemException {
        return read(text, null, CERTIFICATES);
    }

    /**
     * The CRLs in {@code content}, in order: every {@code X509 CRL} block of PEM text, or the one DER CRL when the
     * content holds no PEM block. Empty when the content is blank or its PEM blocks are all of other kinds.
     *
     * @throws PemException if a CRL block does not decode or parse (naming which), or non-blank content holds no PEM
     *     block and is not a DER CRL
     */
    public static List<X509CRL> crls(byte[] content) throws PemException {
        return read(new String(content, StandardCharsets.ISO_8859_1), content, CRLS);
    }

    /** Decodes one DER entry. */
    @FunctionalInterface
    private interface Decoder<T> {
        T decode(String type, byte[] der) throws IOException, CertificateException, CRLException;
    }

    /**
     * What to read.
     *
     * @param name the entry's name in messages
     * @param types the PEM block types that hold such an entry
     * @param decoder decodes an entry's DER (the block type is null for plain DER)
     */
    private record Kind<T>(String name, Set<String> types, Decoder<T> decoder) {
    }

    private static <T> List<T> read(String text, @Nullable byte[] der, Kind<T> kind) throws PemException {
        List<T> found = new ArrayList<>();
        int blocks = 0;
        try (Blocks reader = new Blocks(text)) {
            while (true) {
                PemObject block;
                try {
                    block = reader.readPemObject();
                } catch (IOException | RuntimeException e) {
                    // The reader has moved past the broken block; one of another kind is skipped like any other.
                    blocks++;
                    if (kind.types().contains(reader.lastType)) {
                        int n = found.size() + 1;
                        throw new PemException(n, kind.name() + " " + n + " cannot be decoded (" + e.getMessage()
                                + ")");
                    }
                    continue;
                }
                if (block == null) {
                    break;
                }
                blocks++;
                if (!kind.types().contains(block.getType())) {
                    continue;
                }
                int n = found.size() + 1;
                try {
                    found.add(kind.decoder().decode(block.getType(), block.getContent()));
                } catch (IOException | CertificateException | CRLException | RuntimeException e) {
                    throw new PemException(n, kind.name() + " " + n + " cannot be parsed (" + e.getMessage() + ")");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("closing a string reader cannot fail", e);
        }
        if (blocks > 0 || text.isBlank()) {
            return List.copyOf(found);
        }
        if (der == null) {
            throw new PemException(0, "the text holds no PEM block (no -----BEGIN line)");
        }
        try {
            return List.of(kind.decoder().decode(null, der));
        } catch (IOException | CertificateException | CRLException | RuntimeException e) {
            throw new PemException(0, "neither PEM (no -----BEGIN line) nor a DER " + kind.name());
        }
    }

    private static X509Certificate certificate(@Nullable String type, byte[] der)
            throws IOException, CertificateException {
        X509CertificateHolder holder = "TRUSTED CERTIFICATE".equals(type)
                ? new X509TrustedCertificateBlock(der).getCertificateHolder()
                : new X509CertificateHolder(der);
        return CERTIFICATE_CONVERTER.getCertificate(holder);
    }

    private static X509CRL crl(@Nullable String type, byte[] der) throws IOException, CRLException {
        return CRL_CONVERTER.getCRL(new X509CRLHolder(der));
    }

    /** Bouncy Castle's PEM parser, noting the type of the block it is reading so that a broken block can be named. */
    private static final class Blocks extends PEMParser {
        private @Nullable String lastType;

        Blocks(String text) {
            super(new StringReader(text));
        }

        @Override
        public String readLine() throws IOException {
            String line = super.readLine();
            if (line != null) {
                String t = line.trim();
                if (t.startsWith("-----BEGIN ") && t.endsWith("-----") && t.length() > 16) {
                    lastType = t.substring(11, t.length() - 5);
                }
            }
            return line;
        }
    }
}
