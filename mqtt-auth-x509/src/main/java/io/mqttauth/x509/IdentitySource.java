package io.mqttauth.x509;

import io.mqttauth.FailureReason;
import java.util.List;
import java.util.Locale;
import jakarta.annotation.Nullable;

/** Which field of the client certificate becomes the identity ({@code x509.identity}). */
enum IdentitySource {
    /** The last (most specific) common name of the subject. */
    CN("cn", "no common name (CN) in its subject", FailureReason.CERTIFICATE_NO_CN),
    /** The subject, RFC 4514. */
    DN("dn", "no subject", FailureReason.CERTIFICATE_NO_IDENTITY),
    /** The first DNS name among the subject alternative names. */
    SAN_DNS("san-dns", "no DNS name among its subject alternative names", FailureReason.CERTIFICATE_NO_IDENTITY),
    /** The first URI among the subject alternative names. */
    SAN_URI("san-uri", "no URI among its subject alternative names", FailureReason.CERTIFICATE_NO_IDENTITY),
    /** The first e-mail address (rfc822Name) among the subject alternative names. */
    SAN_EMAIL("san-email", "no e-mail address (rfc822Name) among its subject alternative names",
            FailureReason.CERTIFICATE_NO_IDENTITY),
    /** The SHA-256 fingerprint of the certificate's DER, lower-case hex. */
    FINGERPRINT("fingerprint", "no fingerprint", FailureReason.CERTIFICATE_NO_IDENTITY);

    private final String key;
    private final String missing;
    private final FailureReason reason;

    IdentitySource(String key, String missing, FailureReason reason) {
        this.key = key;
        this.missing = missing;
        this.reason = reason;
    }

    /** The value as written in the configuration, such as {@code san-dns}. */
    String key() {
        return key;
    }

    /** What the certificate lacks when {@link #value} is empty, as in "it has ...". */
    String missing() {
        return missing;
    }

    /** The refusal reason when the certificate lacks the field. */
    FailureReason reason() {
        return reason;
    }

    /** The field's value (empty values count as missing), or {@code null} if the certificate has none. */
    @Nullable String value(CertificateFacts facts) {
        String value = switch (this) {
            case CN -> facts.cn();
            case DN -> facts.dn();
            case SAN_DNS -> first(facts.dnsNames());
            case SAN_URI -> first(facts.uris());
            case SAN_EMAIL -> first(facts.emails());
            case FINGERPRINT -> facts.fingerprint();
        };
        return value == null || value.isEmpty() ? null : value;
    }

    private static @Nullable String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    /** The source named {@code key} ({@code cn}, {@code san-dns}, ...), or {@code null} if there is none. */
    static @Nullable IdentitySource of(String key) {
        for (IdentitySource s : values()) {
            if (s.key.equals(key.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        return null;
    }
}
