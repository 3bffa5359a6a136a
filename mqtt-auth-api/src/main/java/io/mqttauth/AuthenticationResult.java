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
        return new Abstain(null, detail, false);
    }

    /**
     * The credentials are not this provider's kind (a password that is not a token, a connection without a client
     * certificate); the next authenticator decides. If none does, {@code reason} is reported, unless an authenticator
     * that {@linkplain #unknown recognized the credentials} gave a reason: its reason is more specific.
     */
    static AuthenticationResult notApplicable(FailureReason reason, String detail) {
        return new Abstain(Objects.requireNonNull(reason, "reason"), detail, false);
    }

    /**
     * The credentials are this provider's kind but it does not know the principal (for example an unknown user); the
     * next authenticator decides, and if none does, {@code reason} is reported, before the reason of any provider whose
     * kind the credentials were not.
     */
    static AuthenticationResult unknown(FailureReason reason, String detail) {
        return new Abstain(Objects.requireNonNull(reason, "reason"), detail, true);
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
     * The provider does not decide. When no provider decides, the engine reports the reason of the first abstention
     * that recognized the credentials, else that of the first abstention with a reason.
     *
     * @param reason the reason to report if no later provider decides, or {@code null}
     * @param detail why it abstained
     * @param recognized whether the credentials were this provider's kind and it did not know the principal (an
     *     unknown user), rather than credentials of another kind
     */
    record Abstain(@Nullable FailureReason reason, String detail, boolean recognized) implements AuthenticationResult {
        /**
         * Checks for nulls.
         *
         * @throws IllegalArgumentException if {@code recognized} without a reason
         */
        public Abstain {
            Objects.requireNonNull(detail, "detail");
            if (recognized && reason == null) {
                throw new IllegalArgumentException("an abstention that recognized the credentials needs a reason");
            }
        }
    }
}
