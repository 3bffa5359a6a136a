package io.mqttauth;

import jakarta.annotation.Nullable;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the TLS layer established for a connection, as the broker saw it.
 *
 * @param peerCertificates the client's certificate chain, leaf first; empty when the client presented none or the
 *     broker did not ask for one
 * @param sniHostName the server name the client asked for (SNI), or {@code null}
 * @param protocol the negotiated protocol such as {@code TLSv1.3}, or {@code null} if unknown
 * @param cipherSuite the negotiated cipher suite, or {@code null} if unknown
 */
public record TlsFacts(
        List<X509Certificate> peerCertificates,
        @Nullable String sniHostName,
        @Nullable String protocol,
        @Nullable String cipherSuite) {

    /** Copies the chain; a {@code null} chain means none was presented. */
    public TlsFacts {
        peerCertificates = peerCertificates == null ? List.of() : List.copyOf(peerCertificates);
    }

    /** TLS facts of a connection without a client certificate. */
    public static TlsFacts withoutClientCertificate(
            @Nullable String sniHostName, @Nullable String protocol, @Nullable String cipherSuite) {
        return new TlsFacts(List.of(), sniHostName, protocol, cipherSuite);
    }

    /** Whether the client presented at least one certificate. */
    public boolean hasPeerCertificate() {
        return !peerCertificates.isEmpty();
    }

    @Override
    public String toString() {
        String leaf = peerCertificates.isEmpty()
                ? "none"
                : peerCertificates.get(0).getSubjectX500Principal().getName() + " (+" + (peerCertificates.size() - 1) + ")";
        return "TlsFacts[peer=" + leaf + ", sni=" + sniHostName + ", protocol=" + protocol
                + ", cipherSuite=" + cipherSuite + "]";
    }
}
