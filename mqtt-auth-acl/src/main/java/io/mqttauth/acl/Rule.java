package io.mqttauth.acl;

import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.FailureReason;

/**
 * One compiled rule: a topic filter (placeholders already substituted), what it does to which actions, and its rank.
 * The rule with the lowest {@link #priority} among those that apply decides. The result it returns is built once,
 * here, so that a decision allocates nothing.
 */
final class Rule {

    /** Action bits, one per {@link Action.Type}. */
    static final int PUBLISH = bit(Action.Type.PUBLISH);
    static final int SUBSCRIBE = bit(Action.Type.SUBSCRIBE);
    static final int RECEIVE = bit(Action.Type.RECEIVE);
    static final int ALL = PUBLISH | SUBSCRIBE | RECEIVE;

    /** Retain condition: any publish. */
    static final int RETAIN_ANY = -1;

    final long priority;
    final boolean allow;
    final int actions;
    final int maxQos;
    final int retain;
    final String filter;
    final AuthorizationResult result;

    /**
     * @param priority lower decides first
     * @param allow allow or deny
     * @param actions action bits
     * @param maxQos the highest QoS of a PUBLISH this rule applies to (2: any)
     * @param retain {@link #RETAIN_ANY}, 0 (only non-retained publishes) or 1 (only retained ones)
     * @param filter the topic filter, substituted
     * @param source where the rule comes from and how it reads, for the detail ({@code file:line `text`})
     */
    Rule(long priority, boolean allow, int actions, int maxQos, int retain, String filter, String source) {
        this.priority = priority;
        this.allow = allow;
        this.actions = actions;
        this.maxQos = maxQos;
        this.retain = retain;
        this.filter = filter;
        this.result = allow
                ? AuthorizationResult.allow("allowed by " + source)
                : AuthorizationResult.deny(FailureReason.DENIED_BY_RULE, "denied by " + source);
    }

    /** The same rule deciding for every topic, with its own explanation (an unusable placeholder value). */
    Rule(Rule template, String detail) {
        this.priority = template.priority;
        this.allow = false;
        this.actions = template.actions;
        this.maxQos = template.maxQos;
        this.retain = template.retain;
        this.filter = template.filter;
        this.result = AuthorizationResult.deny(FailureReason.DENIED_BY_RULE, detail);
    }

    static int bit(Action.Type type) {
        return 1 << type.ordinal();
    }

    /** Whether the rule speaks about an action of this kind, QoS and retain flag (topic aside). */
    boolean appliesTo(int actionBit, int qos, boolean retained) {
        if ((actions & actionBit) == 0) {
            return false;
        }
        if (actionBit != PUBLISH) {
            return true;
        }
        return qos <= maxQos && (retain == RETAIN_ANY || (retain == 1) == retained);
    }

    /** Whether this rule ranks before {@code other} (which may be null: nothing found yet). */
    boolean before(Rule other) {
        return other == null || priority < other.priority;
    }

    @Override
    public String toString() {
        return result.detail();
    }
}
