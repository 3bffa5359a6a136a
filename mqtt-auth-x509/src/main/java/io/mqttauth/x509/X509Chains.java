package io.mqttauth.x509;

import io.mqttauth.FailureReason;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A client's certificate chain that reached the broker as text: a gateway behind a TLS-terminating proxy gets it as
 * PEM (nginx's {@code $ssl_client_escaped_cert}, URL-decoded). {@link #parse(String)} reads it with {@link Pem} into a
 * chain, or says why the client must be refused.
 */
public final class X509Chains {

    private X509Chains() {
    }

    /** What a chain given as text turned out to be: a {@link Chain} or a {@link Refused} text. */
    public sealed interface Parsed permits Chain, Refused {
    }

    /**
     * The certificates, leaf first, in the order of the text.
     *
     * @param certificates at least one certificate
     */
    public record Chain(List<X509Certificate> certificates) implements Parsed {
        /** Copies the list; it must not be empty. */
        public Chain {
            certificates = List.copyOf(certificates);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("a chain holds at least one certificate");
            }
        }
    }

    /**
     * Text that is no usable chain.
     *
     * @param reason {@link FailureReason#EMPTY_CERTIFICATE_CHAIN} or {@link FailureReason#CERTIFICATE_UNPARSEABLE}
     * @param detail what is wrong, for operators; quotes no content
     */
    public record Refused(FailureReason reason, String detail) implements Parsed {
        /** Checks for nulls. */
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * Reads a chain given as PEM text, leaf first. Blank text, or PEM blocks none of which is a certificate, is
     * {@link FailureReason#EMPTY_CERTIFICATE_CHAIN}; text without any PEM block, or a certificate block that does not
     * decode or parse, is {@link FailureReason#CERTIFICATE_UNPARSEABLE}. Never throws.
     */
    public static Parsed parse(String pemText) {
        List<X509Certificate> certificates;
        try {
            certificates = Pem.certificates(pemText);
        } catch (PemException e) {
            return new Refused(FailureReason.CERTIFICATE_UNPARSEABLE,
                    "the certificate chain forwarded as text cannot be read: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            return new Refused(FailureReason.EMPTY_CERTIFICATE_CHAIN, pemText.isBlank()
                    ? "the certificate chain forwarded as text is empty"
                    : "the certificate chain forwarded as text holds no certificate");
        }
        return new Chain(certificates);
    }
}
