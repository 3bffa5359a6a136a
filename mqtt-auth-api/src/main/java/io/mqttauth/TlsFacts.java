package io.mqttauth;

import jakarta.annotation.Nullable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the TLS layer established for a connection, as the broker saw it, or as a TLS-terminating proxy in front of it
 * reported it ({@link #forwarded}).
 *
 * @param peerCertificates the client's certificate chain, leaf first; empty when the client presented none, the broker
 *     did not ask for one, or a proxy forwarded it as text
 * @param sniHostName the server name the client asked for (SNI), or {@code null}
 * @param protocol the negotiated protocol such as {@code TLSv1.3}, or {@code null} if unknown
 * @param cipherSuite the negotiated cipher suite, or {@code null} if unknown
 * @param peerCertificatesPem the client's chain as PEM text, already URL-decoded, when a proxy forwarded it as text;
 *     empty otherwise. Not checked here: a certificate provider parses it and refuses text that is not a certificate
 */
public record TlsFacts(
        List<X509Certificate> peerCertificates,
        @Nullable String sniHostName,
        @Nullable String protocol,
        @Nullable String cipherSuite,
        Optional<String> peerCertificatesPem) {

    /** {@code %XX}, XX two hex digits. */
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");
    /** A PEM encapsulation boundary whose label may have had its spaces form-encoded as {@code +}. */
    private static final Pattern BOUNDARY = Pattern.compile("-----(?:BEGIN|END)[A-Z0-9 +]*-----");

    /**
     * Copies the chain; a {@code null} chain means none was presented; a {@code null} or blank forwarded text means
     * none was forwarded.
     */
    public TlsFacts {
        peerCertificates = peerCertificates == null ? List.of() : List.copyOf(peerCertificates);
        peerCertificatesPem = peerCertificatesPem == null ? Optional.empty()
                : peerCertificatesPem.filter(text -> !text.isBlank());
    }

    /** TLS facts of a broker's own TLS layer: the parsed chain, without forwarded text. */
    public TlsFacts(List<X509Certificate> peerCertificates, @Nullable String sniHostName, @Nullable String protocol,
            @Nullable String cipherSuite) {
        this(peerCertificates, sniHostName, protocol, cipherSuite, Optional.empty());
    }

    /** TLS facts of a connection without a client certificate. */
    public static TlsFacts withoutClientCertificate(
            @Nullable String sniHostName, @Nullable String protocol, @Nullable String cipherSuite) {
        return new TlsFacts(List.of(), sniHostName, protocol, cipherSuite);
    }

    /**
     * TLS facts a TLS-terminating proxy forwarded, with the client's chain as text: PEM, or URL-encoded PEM such as
     * nginx's {@code $ssl_client_escaped_cert} ({@code -----BEGIN%20CERTIFICATE-----%0AMII...%2B...}).
     *
     * <p>Every {@code %XX} escape is decoded (PEM itself never contains {@code %}, so plain PEM passes unchanged); a
     * {@code +} stays a {@code +}, as base64 uses it and proxies such as AWS ALB leave it unescaped. Only inside the
     * {@code -----BEGIN ...-----} and {@code -----END ...-----} lines is a {@code +} read as a space, for text
     * form-encoded as by {@link java.net.URLEncoder}. Nothing is checked: text that is not a certificate is kept for
     * the certificate provider to refuse.
     *
     * @param certificateText the chain as PEM or URL-encoded PEM; {@code null} or blank (nginx's value when the client
     *     sent no certificate) for none
     * @param sniHostName the server name the client asked the proxy for, or {@code null}
     * @param protocol the protocol the proxy negotiated, or {@code null}
     * @param cipherSuite the cipher suite the proxy negotiated, or {@code null}
     */
    public static TlsFacts forwarded(@Nullable String certificateText, @Nullable String sniHostName,
            @Nullable String protocol, @Nullable String cipherSuite) {
        String pem = certificateText == null ? null : formSpacesInBoundaries(percentDecoded(certificateText));
        return new TlsFacts(List.of(), sniHostName, protocol, cipherSuite, Optional.ofNullable(pem));
    }

    /**
     * Whether the client presented a certificate: a parsed chain, or forwarded text (even text that will turn out not
     * to be a certificate). With forwarded text, {@link #peerCertificates()} is empty.
     */
    public boolean hasPeerCertificate() {
        return !peerCertificates.isEmpty() || peerCertificatesPem.isPresent();
    }

    /** Shows the leaf's subject and, for forwarded text, only its length. */
    @Override
    public String toString() {
        String peer = peerCertificates.isEmpty() ? ""
                : peerCertificates.get(0).getSubjectX500Principal().getName() + " (+" + (peerCertificates.size() - 1)
                        + ")";
        if (peerCertificatesPem.isPresent()) {
            peer += (peer.isEmpty() ? "" : ", ") + "forwarded PEM, " + peerCertificatesPem.get().length()
                    + " characters";
        }
        return SafeText.escape("TlsFacts[peer=" + (peer.isEmpty() ? "none" : peer) + ", sni=" + sniHostName
                + ", protocol=" + protocol + ", cipherSuite=" + cipherSuite + "]");
    }

    /** {@code text} with every {@code %XX} escape replaced by its byte, the bytes read as UTF-8. */
    private static String percentDecoded(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        Matcher m = PERCENT_ESCAPE.matcher(text);
        int done = 0;
        while (m.find()) {
            bytes.writeBytes(text.substring(done, m.start()).getBytes(StandardCharsets.UTF_8));
            bytes.write(Integer.parseInt(text, m.start() + 1, m.end(), 16));
            done = m.end();
        }
        bytes.writeBytes(text.substring(done).getBytes(StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** {@code pem} with a {@code +} in an encapsulation boundary read as a space. */
    private static String formSpacesInBoundaries(String pem) {
        if (pem.indexOf('+') < 0) {
            return pem;
        }
        return BOUNDARY.matcher(pem).replaceAll(b -> Matcher.quoteReplacement(b.group().replace('+', ' ')));
    }
}
