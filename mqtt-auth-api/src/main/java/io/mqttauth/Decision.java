package io.mqttauth;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a connect or an action, with everything needed to explain it: who decided, what they checked, the
 * reason and its MQTT codes, the remedy, and the trail of what every provider said. Immutable; holds no secret.
 */
public final class Decision {

    /**
     * What one step of the chain said.
     *
     * @param provider the provider, or an engine step such as {@code ban-list}, {@code anonymous} or {@code superusers}
     * @param verdict {@code SUCCESS}, {@code REFUSE}, {@code ABSTAIN}, {@code ALLOW} or {@code DENY}
     * @param reason the reason given, if any
     * @param detail what it checked; non-printable characters are escaped ({@link SafeText#escape})
     */
    public record Step(String provider, String verdict, @Nullable FailureReason reason, String detail) {
        /** Escapes the detail, so that no provider's detail can break a log line. */
        public Step {
            detail = SafeText.escape(detail);
        }

        /** Formats as {@code provider: VERDICT [REASON] - detail}. */
        @Override
        public String toString() {
            return provider + ": " + verdict + (reason == null ? "" : " " + reason) + " - " + detail;
        }
    }

    private final boolean allowed;
    private final @Nullable FailureReason reason;
    private final ReasonCodes codes;
    private final @Nullable Identity identity;
    private final @Nullable Action action;
    private final @Nullable Action checked;
    private final String provider;
    private final String detail;
    private final List<Step> trail;
    private final Instant time;

    private Decision(boolean allowed, @Nullable FailureReason reason, ReasonCodes codes, @Nullable Identity identity,
            @Nullable Action action, @Nullable Action checked, String provider, String detail, List<Step> trail,
            Instant time) {
        this.allowed = allowed;
        this.reason = reason;
        this.codes = codes;
        this.identity = identity;
        this.action = action;
        this.checked = checked;
        this.provider = provider;
        this.detail = isStepDetail(detail, trail) ? detail : SafeText.escape(detail);
        this.trail = List.copyOf(trail);
        this.time = time;
    }

    /** An allowing decision. Built by the engine; public for tests and broker-side tools. */
    public static Decision allow(@Nullable Identity identity, @Nullable Action action, String provider, String detail,
            List<Step> trail, Instant time) {
        return new Decision(true, null, new ReasonCodes(0, 0), identity, action, null, provider, detail, trail, time);
    }

    /**
     * Whether {@code detail} is the very string a step of the trail holds: a step keeps its detail only when
     * {@link SafeText#escape} found nothing to escape, so the text is known to be printable and is not scanned again.
     */
    private static boolean isStepDetail(String detail, List<Step> trail) {
        for (Step step : trail) {
            if (step.detail() == detail) {
                return true;
            }
        }
        return false;
    }

    /** A refusing decision with the codes in force for the reason. */
    public static Decision deny(FailureReason reason, ReasonCodes codes, @Nullable Identity identity,
            @Nullable Action action, String provider, String detail, List<Step> trail, Instant time) {
        return new Decision(false, Objects.requireNonNull(reason, "reason"), codes, identity, action, null, provider,
                detail, trail, time);
    }

    /**
     * This decision, made for the subscription to the filter of a shared subscription, reported for the shared
     * subscription the client asked for; {@link #explain()} names the filter that was checked.
     */
    Decision askedAs(Action sharedSubscription) {
        return new Decision(allowed, reason, codes, identity, sharedSubscription, action, provider, detail, trail,
                time);
    }

    /**
     * This decision with every occurrence of {@code secret} in its details replaced by {@code shown}: the quoted form
     * ({@link SafeText#quote}) always, the bare text when it is at least 8 characters long (a shorter one would hit
     * ordinary words).
     */
    Decision hiding(String secret, String shown) {
        List<Step> hidden = new ArrayList<>(trail.size());
        for (Step s : trail) {
            hidden.add(new Step(s.provider(), s.verdict(), s.reason(), hide(s.detail(), secret, shown)));
        }
        return new Decision(allowed, reason, codes, identity, action, checked, provider, hide(detail, secret, shown),
                hidden, time);
    }

    private static String hide(String text, String secret, String shown) {
        String hidden = text.replace(SafeText.quote(secret), SafeText.quote(shown));
        if (secret.length() >= 8) {
            hidden = hidden.replace(SafeText.escape(secret), shown);
        }
        return hidden;
    }

    /** Whether the connection or action is allowed. */
    public boolean isAllowed() {
        return allowed;
    }

    /** Why it was refused; empty when allowed. */
    public Optional<FailureReason> reason() {
        return Optional.ofNullable(reason);
    }

    /** The MQTT codes to send: {@code 0/0} when allowed; otherwise the reason's codes after operator overrides. */
    public ReasonCodes codes() {
        return codes;
    }

    /** The code to send to a client of the given version: MQTT 5 reason code, or MQTT 3.1.1 return code. */
    public int codeFor(MqttVersion version) {
        return version.hasReasonCodes() ? codes.mqtt5() : codes.mqtt3();
    }

    /** For a connect: the authenticated identity when allowed. For an action: the identity that asked. */
    public Optional<Identity> identity() {
        return Optional.ofNullable(identity);
    }

    /**
     * The action decided, as the client asked for it (a shared subscription with its {@code $share/NAME/} prefix), or
     * empty for a connect.
     */
    public Optional<Action> action() {
        return Optional.ofNullable(action);
    }

    /** Who decided: a provider name, or an engine step ({@code ban-list}, {@code anonymous}, {@code superusers}, ...). */
    public String provider() {
        return provider;
    }

    /** What the deciding step checked, in operator-safe words. */
    public String detail() {
        return detail;
    }

    /** What would fix a refusal; empty when allowed. */
    public String remedy() {
        return reason == null ? "" : reason.remedy();
    }

    /** What every step of the chain said, in order. */
    public List<Step> trail() {
        return trail;
    }

    /** When the decision was made. */
    public Instant time() {
        return time;
    }

    /**
     * Explains the decision in plain words over several lines: the outcome, who decided and what they checked, the
     * MQTT codes, the remedy and the trail. Never contains a secret.
     */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        sb.append(allowed ? "ALLOW" : "DENY " + reason.code());
        sb.append(action == null ? " connect" : " " + action);
        if (identity != null) {
            sb.append(" as ").append(SafeText.escape(identity.name()));
        }
        sb.append('\n');
        if (checked != null) {
            sb.append("  checked as: ").append(checked).append(", the filter of the shared subscription\n");
        }
        sb.append("  decided by: ").append(provider).append('\n');
        sb.append("  detail:     ").append(detail).append('\n');
        if (reason != null) {
            sb.append("  reason:     ").append(reason.description()).append('\n');
            sb.append("  codes:      ").append(codes).append('\n');
            sb.append("  remedy:     ").append(reason.remedy()).append('\n');
        }
        if (trail.size() > 1) {
            sb.append("  trail:\n");
            for (Step step : trail) {
                sb.append("    ").append(step).append('\n');
            }
        }
        return sb.toString();
    }

    /** One line: outcome, reason, provider and detail. */
    @Override
    public String toString() {
        return (allowed ? "ALLOW" : "DENY " + reason.code()) + (action == null ? " connect" : " " + action)
                + " by " + provider + ": " + detail;
    }
}
