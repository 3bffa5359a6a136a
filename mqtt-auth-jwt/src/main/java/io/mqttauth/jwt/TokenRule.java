package io.mqttauth.jwt;

import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.FailureReason;
import io.mqttauth.Topics;
import jakarta.annotation.Nullable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule of a token's {@code acl} claim, placeholders already substituted: allow or deny, the actions, the topic and
 * how it matches, and the QoS and retain conditions. Its result is built once, so a decision allocates nothing.
 *
 * <p>A {@code subscribe} rule covers SUBSCRIBE and RECEIVE (a delivery), as EMQX's {@code subscribe} rules cover what
 * a client may read. Topics match as in {@link io.mqttauth.Permission}: a PUBLISH or RECEIVE when the rule's filter
 * matches the topic; a SUBSCRIBE when an allowing filter covers every topic the requested filter can match
 * ({@link Topics#covers}) or a denying filter overlaps it ({@link Topics#intersects}). An {@code eq} rule matches only
 * the identical topic or filter. The QoS condition applies to every action; the retain condition to PUBLISH only.
 */
final class TokenRule {

    /** How the rule's topic is compared. */
    enum Match {
        /** MQTT wildcard matching. */
        FILTER,
        /** Only the identical topic or filter ({@code eq} in the claim). */
        EQ,
        /** Every topic: a rule whose placeholder value could not be put into a topic safely; it always denies. */
        ANY
    }

    static final int PUBLISH = 1;
    static final int READ = 2;
    static final int ALL = PUBLISH | READ;
    static final int ANY_QOS = 0b111;

    private final boolean written;
    private final boolean allow;
    private final int actions;
    private final Match match;
    private final String topic;
    private final int qos;
    private final @Nullable Boolean retain;
    private final String source;
    private final @Nullable String why;
    private final AuthorizationResult result;

    /**
     * @param allow allow or deny as written (a {@link Match#ANY} rule denies whatever it says)
     * @param actions {@link #PUBLISH}, {@link #READ} or {@link #ALL}
     * @param match how the topic is compared
     * @param topic the substituted topic filter; for {@link Match#ANY}, the topic as written in the claim
     * @param qos a bit per QoS level the rule applies to ({@link #ANY_QOS} for any)
     * @param retain the retain flag of the PUBLISH the rule applies to, or null for any
     * @param source where the rule stands in the claim, such as {@code rule 2} or {@code pub 1}
     * @param claim the claim's name, for the result's detail
     * @param why for a {@link Match#ANY} rule, why its topic could not be used; otherwise null
     */
    TokenRule(boolean allow, int actions, Match match, String topic, int qos, @Nullable Boolean retain, String source,
            String claim, @Nullable String why) {
        this.written = allow;
        this.allow = allow && match != Match.ANY;
        this.actions = actions;
        this.match = match;
        this.topic = topic;
        this.qos = qos;
        this.retain = retain;
        this.source = source;
        this.why = why;
        String where = "the token's " + claim + " claim, " + source + " (" + describe() + ")";
        this.result = this.allow ? AuthorizationResult.allow("allowed by " + where)
                : AuthorizationResult.deny(FailureReason.DENIED_BY_RULE, "denied by " + where
                        + (why == null ? "" : ": " + why + ", so the rule denies every topic"));
    }

    /** Whether the rule speaks about the action. */
    boolean appliesTo(Action action) {
        int bit = action.type() == Action.Type.PUBLISH ? PUBLISH : READ;
        if ((actions & bit) == 0 || (qos & (1 << action.qos())) == 0) {
            return false;
        }
        if (retain != null && action.type() == Action.Type.PUBLISH && retain != action.retain()) {
            return false;
        }
        return switch (match) {
            case ANY -> true;
            case EQ -> topic.equals(action.topic());
            case FILTER -> action.type() != Action.Type.SUBSCRIBE ? Topics.matches(topic, action.topic())
                    : allow ? Topics.covers(topic, action.topic()) : Topics.intersects(topic, action.topic());
        };
    }

    /** The decision of this rule. */
    AuthorizationResult result() {
        return result;
    }

    /** Reads like the claim: {@code allow publish "devices/d1/#" qos [0, 1] retain true}. */
    String describe() {
        StringBuilder sb = new StringBuilder(written ? "allow " : "deny ");
        sb.append(actions == PUBLISH ? "publish" : actions == READ ? "subscribe" : "all").append(' ');
        sb.append(match == Match.EQ ? "eq " : "").append(Text.quote(topic));
        if (qos != ANY_QOS) {
            sb.append(" qos ").append(qosList());
        }
        if (retain != null) {
            sb.append(" retain ").append(retain);
        }
        return sb.toString();
    }

    private List<Integer> qosList() {
        List<Integer> levels = new ArrayList<>(3);
        for (int q = 0; q <= 2; q++) {
            if ((qos & (1 << q)) != 0) {
                levels.add(q);
            }
        }
        return levels;
    }

    /** The rule as one object of the identity attribute {@link TokenRules#ATTRIBUTE}. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", source);
        json.put("permission", written ? "allow" : "deny");
        json.put("action", actions == PUBLISH ? "publish" : actions == READ ? "subscribe" : "all");
        json.put("match", match.name().toLowerCase(java.util.Locale.ROOT));
        json.put("topic", topic);
        if (qos != ANY_QOS) {
            json.put("qos", qosList());
        }
        if (retain != null) {
            json.put("retain", retain);
        }
        if (why != null) {
            json.put("why", why);
        }
        return json;
    }
}
