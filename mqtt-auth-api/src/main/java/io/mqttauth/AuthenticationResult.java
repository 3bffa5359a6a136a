package io.mqttauth;

import jakarta.annotation.Nullable;
import java.util.Objects;

/**
 * What one {@link Authenticator} says about a connect request: {@link Success}, {@link Refusal} or {@link Abstain}.
 * Details are written for operators and must never contain a secret.
 */
public sealed interface AuthenticationResult {

    /** What the provider checked and found, in operator-safe words. */
    String detail();

    /** The client is who it claims to be. */
    static AuthenticationResult success(Identity identity, String detail) {
        return new Success(identity, detail);
    }

    /** The client is refused; the chain ends here. */
    static AuthenticationResult refuse(FailureReason reason, String detail) {
        return new Refusal(reason, detail);
    }

    /** The credentials are not this provider's kind; the next authenticator decides. */
    static AuthenticationResult notApplicable(String detail) {
        return new Abstain(null, detail);
    }

    /**
     * The credentials are this provider's kind but it does not know the principal (for example an unknown user); the
     * next authenticator decides, and if none does, {@code reason} is reported.
     */
    static AuthenticationResult unknown(FailureReason reason, String detail) {
        return new Abstain(Objects.requireNonNull(reason, "reason"), detail);
    }

    /**
     * The client is authenticated.
     *
     * @param identity who the client is
     * @param detail what was checked
     */
    record Success(Identity identity, String detail) implements AuthenticationResult {
        /** Checks for nulls. */
        public Success {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * The client is refused.
     *
     * @param reason why
     * @param detail what was checked, operator-safe
     */
    record Refusal(FailureReason reason, String detail) implements AuthenticationResult {
        /** Checks for nulls. */
        public Refusal {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * The provider does not decide.
     *
     * @param reason the reason to report if no later provider decides ({@code null} when the credentials were simply
     *     not this provider's kind)
     * @param detail why it abstained
     */
    record Abstain(@Nullable FailureReason reason, String detail) implements AuthenticationResult {
        /** Checks for nulls. */
        public Abstain {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
