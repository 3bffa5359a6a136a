package io.mqttauth;

import java.util.Objects;

/**
 * What one {@link Authorizer} says about an action: {@link Allow}, {@link Deny} or {@link Abstain}. The detail names
 * the rule that decided (file and line) where there is one.
 */
public sealed interface AuthorizationResult {

    /** What the provider checked and found, in operator-safe words. */
    String detail();

    /** The action is allowed. */
    static AuthorizationResult allow(String detail) {
        return new Allow(detail);
    }

    /** The action is denied. */
    static AuthorizationResult deny(FailureReason reason, String detail) {
        return new Deny(reason, detail);
    }

    /** The provider has no rule for the action; the next authorizer decides. */
    static AuthorizationResult abstain(String detail) {
        return new Abstain(detail);
    }

    /**
     * Allowed.
     *
     * @param detail the rule that allowed it
     */
    record Allow(String detail) implements AuthorizationResult {
        /** Checks for nulls. */
        public Allow {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * Denied.
     *
     * @param reason why
     * @param detail the rule that denied it, or what was looked at
     */
    record Deny(FailureReason reason, String detail) implements AuthorizationResult {
        /** Checks for nulls. */
        public Deny {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * No opinion.
     *
     * @param detail what was looked at
     */
    record Abstain(String detail) implements AuthorizationResult {
        /** Checks for nulls. */
        public Abstain {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
