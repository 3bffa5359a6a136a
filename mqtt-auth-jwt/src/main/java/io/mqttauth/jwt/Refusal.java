package io.mqttauth.jwt;

import io.mqttauth.FailureReason;

/**
 * Ends the checks of one token with a refusal; caught in {@link JwtProvider#authenticate} and returned as a
 * result, never thrown out of a decision. It carries no stack trace (it is control flow, not an error) and its detail
 * never holds a secret.
 */
final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureReason reason;

    Refusal(FailureReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    FailureReason reason() {
        return reason;
    }

    String detail() {
        return getMessage();
    }
}
