package io.mqttauth.x509;

import io.mqttauth.FailureReason;
import java.time.Instant;
import java.util.Objects;

/**
 * What validating one presented chain found, independent of the connect request, so that it can be cached: a
 * {@link Valid} chain with its leaf's facts, or an {@link Invalid} one with the reason. Immutable.
 */
sealed interface Validation permits Validation.Valid, Validation.Invalid {

    /** The first instant at which validating the same chain against the same files may give another answer. */
    Instant validUntil();

    /**
     * The chain is valid.
     *
     * @param facts the leaf's facts
     * @param certificate the leaf for operators: subject, issuer, serial and validity
     * @param expiresAt when the chain stops being valid (the earliest notAfter in the path, plus the clock skew)
     * @param detail what was checked, for operators
     * @param validUntil see {@link Validation#validUntil()}
     */
    record Valid(CertificateFacts facts, String certificate, Instant expiresAt, String detail, Instant validUntil)
            implements Validation {
        /** Checks for nulls. */
        public Valid {
            Objects.requireNonNull(facts, "facts");
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(validUntil, "validUntil");
        }
    }

    /**
     * The chain is refused.
     *
     * @param reason why
     * @param detail what was found, naming the certificate, for operators
     * @param validUntil see {@link Validation#validUntil()}
     */
    record Invalid(FailureReason reason, String detail, Instant validUntil) implements Validation {
        /** Checks for nulls. */
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(validUntil, "validUntil");
        }

        /** A refusal whose answer does not change with time. */
        public Invalid(FailureReason reason, String detail) {
            this(reason, detail, Instant.MAX);
        }
    }
}
