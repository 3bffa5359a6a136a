package io.mqttauth.jwt;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.FailureReason;
import io.mqttauth.Topics;
import jakarta.annotation.Nullable;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The topic rules of a token's {@code acl} claim, in EMQX's two formats, parsed at CONNECT and carried by the identity
 * in the attribute {@link #ATTRIBUTE}.
 *
 * <ul>
 *   <li>The rule list, {@code [{"permission": "allow", "action": "publish", "topic": "t/${clientid}", "qos": [0, 1],
 *       "retain": true}, ...]} ({@code topics} with an array instead of {@code topic}; {@code qos} and
 *       {@code retain} optional): the first rule that applies decides; when none does, the jwt authorizer abstains
 *       and the next authorizer in the chain decides.
 *   <li>The older allow-lists, {@code {"pub": [...], "sub": [...], "all": [...]}}: what they list is allowed, anything
 *       else is denied ({@link FailureReason#NO_MATCHING_RULE}).
 * </ul>
 *
 * <p>In both, a topic may hold {@code ${username}} (the identity's name, the token's verified identity claim) and
 * {@code ${clientid}}, or be {@code eq FILTER}: that filter literally, without placeholders or wildcard matching. A
 * placeholder value that is empty or holds {@code /}, {@code +}, {@code #} or U+0000 would widen or shift the topic:
 * such a rule denies every topic (rule list), or allows nothing (allow-lists).
 *
 * <p>A malformed claim (an unknown field, permission or action, a rule without a topic, a QoS outside 0 to 2, an
 * invalid topic filter) refuses the CONNECT with {@link FailureReason#TOKEN_CLAIM_MISMATCH}, naming the problem, as
 * EMQX does, so that a client never runs with rules half-read. Immutable and thread-safe.
 */
final class TokenRules {

    /** The identity attribute holding the rules, in the form {@link #encode()} writes. */
    static final String ATTRIBUTE = "jwt_acl";

    private static final Set<String> RULE_FIELDS = Set.of("permission", "action", "topic", "topics", "qos", "retain");
    private static final Set<String> LISTS = Set.of("pub", "sub", "all");

    private final String claim;
    private final boolean lists;
    private final List<TokenRule> rules;
    private final AuthorizationResult noMatch;

    private TokenRules(String claim, boolean lists, List<TokenRule> rules) {
        this.claim = claim;
        this.lists = lists;
        this.rules = List.copyOf(rules);
        this.noMatch = lists
                ? AuthorizationResult.deny(FailureReason.NO_MATCHING_RULE, "the token's " + claim + " claim (pub, sub "
                        + "and all lists) does not list this topic for this action, and that format denies what it "
                        + "does not list")
                : AuthorizationResult.abstain("no rule of the token's " + claim + " claim applies");
    }

    /** How many rules there are. */
    int size() {
        return rules.size();
    }

    /** The decision for an action: the first rule that applies, else allow-lists deny and a rule list abstains. */
    AuthorizationResult decide(Action action) {
        for (TokenRule rule : rules) {
            if (rule.appliesTo(action)) {
                return rule.result();
            }
        }
        return noMatch;
    }

    /**
     * Parses the claim's value for a client.
     *
     * @param claim the claim's name, for messages
     * @param value the claim's JSON value
     * @param username the value of {@code ${username}}: the identity's name
     * @param clientId the value of {@code ${clientid}}
     * @throws Refusal {@link FailureReason#TOKEN_CLAIM_MISMATCH} naming the problem, if the claim is malformed
     */
    static TokenRules fromClaim(String claim, Object value, String username, String clientId) throws Refusal {
        Substitution values = new Substitution(username, clientId);
        if (value instanceof List<?> list) {
            List<TokenRule> rules = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String source = "rule " + (i + 1);
                if (!(list.get(i) instanceof Map<?, ?> rule)) {
                    throw malformed(claim, source + " is not a JSON object");
                }
                parseRule(claim, source, rule, values, rules);
            }
            return new TokenRules(claim, false, rules);
        }
        if (value instanceof Map<?, ?> map) {
            List<TokenRule> rules = new ArrayList<>();
            for (String name : List.of("pub", "sub", "all")) {
                Object topics = map.get(name);
                if (topics == null) {
                    continue;
                }
                if (!(topics instanceof List<?> entries)) {
                    throw malformed(claim, "\"" + name + "\" is not an array of topics");
                }
                int actions = name.equals("pub") ? TokenRule.PUBLISH : name.equals("sub") ? TokenRule.READ
                        : TokenRule.ALL;
                for (int i = 0; i < entries.size(); i++) {
                    String source = name + " " + (i + 1);
                    if (!(entries.get(i) instanceof String topic)) {
                        throw malformed(claim, source + " is not a string");
                    }
                    TokenRule rule = rule(claim, source, true, actions, topic, TokenRule.ANY_QOS, null, values);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
            for (Object key : map.keySet()) {
                if (!LISTS.contains(key)) {
                    throw malformed(claim, "unknown field " + Text.quote(String.valueOf(key))
                            + " (the allow-list format has pub, sub and all)");
                }
            }
            return new TokenRules(claim, true, rules);
        }
        throw malformed(claim, "it is neither an array of rules nor an object of pub, sub and all lists");
    }

    private static void parseRule(String claim, String source, Map<?, ?> rule, Substitution values,
            List<TokenRule> rules) throws Refusal {
        for (Object key : rule.keySet()) {
            if (!RULE_FIELDS.contains(key)) {
                throw malformed(claim, source + " has an unknown field " + Text.quote(String.valueOf(key))
                        + " (a rule has permission, action, topic or topics, qos and retain)");
            }
        }
        boolean allow = switch (text(rule.get("permission"))) {
            case "allow" -> true;
            case "deny" -> false;
            default -> throw malformed(claim, source + ": permission must be allow or deny");
        };
        int actions = switch (text(rule.get("action"))) {
            case "publish" -> TokenRule.PUBLISH;
            case "subscribe" -> TokenRule.READ;
            case "all" -> TokenRule.ALL;
            default -> throw malformed(claim, source + ": action must be publish, subscribe or all");
        };
        int qos = TokenRule.ANY_QOS;
        if (rule.get("qos") != null) {
            if (!(rule.get("qos") instanceof List<?> levels) || levels.isEmpty()) {
                throw malformed(claim, source + ": qos must be an array of QoS levels, such as [0, 1]");
            }
            qos = 0;
            for (Object level : levels) {
                if (!(level instanceof Long l) || l < 0 || l > 2) {
                    throw malformed(claim, source + ": qos must hold only 0, 1 and 2");
                }
                qos |= 1 << l.intValue();
            }
        }
        Boolean retain = null;
        if (rule.get("retain") != null) {
            if (!(rule.get("retain") instanceof Boolean b)) {
                throw malformed(claim, source + ": retain must be true or false");
            }
            retain = b;
        }
        List<String> topics = topics(claim, source, rule);
        for (String topic : topics) {
            // Never null in a rule list: an unusable placeholder value makes the rule deny every topic.
            rules.add(rule(claim, source, allow, actions, topic, qos, retain, values));
        }
    }

    private static List<String> topics(String claim, String source, Map<?, ?> rule) throws Refusal {
        Object topic = rule.get("topic");
        Object topics = rule.get("topics");
        if (topic != null && topics != null) {
            throw malformed(claim, source + " has both topic and topics (write one)");
        }
        if (topic != null) {
            if (!(topic instanceof String t)) {
                throw malformed(claim, source + " has a topic that is not a string");
            }
            return List.of(t);
        }
        if (!(topics instanceof List<?> list) || list.isEmpty()) {
            throw malformed(claim, source + " has no topic (write \"topic\": \"...\" or \"topics\": [...])");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object t : list) {
            if (!(t instanceof String s)) {
                throw malformed(claim, source + " has a topic that is not a string");
            }
            out.add(s);
        }
        return out;
    }

    /**
     * One compiled rule; for an allow-list entry ({@code source} not starting with "rule") whose placeholder value is
     * unusable, null: the entry allows nothing.
     */
    private static @Nullable TokenRule rule(String claim, String source, boolean allow, int actions, String topic,
            int qos, @Nullable Boolean retain, Substitution values) throws Refusal {
        if (topic.startsWith("eq ")) {
            String literal = topic.substring(3);
            if (!Topics.isValidFilter(literal)) {
                throw malformed(claim, source + " has " + Text.quote(topic) + ", and " + Text.quote(literal)
                        + " is not a valid topic filter");
            }
            return new TokenRule(allow, actions, TokenRule.Match.EQ, literal, qos, retain, source, claim, null);
        }
        String problem = Placeholders.check(topic);
        if (problem != null) {
            throw malformed(claim, source + " has " + problem + " in " + Text.quote(topic));
        }
        if (!Topics.isValidFilter(Placeholders.expand(topic, "x", "x"))) {
            throw malformed(claim, source + " has " + Text.quote(topic) + ", which is not a valid topic filter");
        }
        String why = values.unusable(topic);
        String substituted = why == null ? Placeholders.expand(topic, values.username, values.clientId) : null;
        if (substituted != null && !Topics.isValidFilter(substituted)) {
            why = "its topic with the placeholders replaced is not a valid topic filter";
        }
        if (why == null) {
            return new TokenRule(allow, actions, TokenRule.Match.FILTER, substituted, qos, retain, source, claim,
                    null);
        }
        return source.startsWith("rule")
                ? new TokenRule(allow, actions, TokenRule.Match.ANY, topic, qos, retain, source, claim, why)
                : null;
    }

    /** The values of the placeholders, and whether each can be put into a topic. */
    private record Substitution(String username, String clientId) {

        /** Why a topic's placeholders cannot be filled safely, or null. */
        @Nullable String unusable(String topic) {
            if (Placeholders.usesUsername(topic) && !safe(username)) {
                return "its topic uses ${username}, and the identity's name is empty or contains '/', '+', '#' or "
                        + "U+0000";
            }
            if (Placeholders.usesClientId(topic) && !safe(clientId)) {
                return "its topic uses ${clientid}, and the client id is empty or contains '/', '+', '#' or U+0000";
            }
            return null;
        }

        private static boolean safe(String value) {
            if (value.isEmpty()) {
                return false;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '/' || c == '+' || c == '#' || c == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static String text(@Nullable Object value) {
        return value instanceof String s ? s : "";
    }

    private static Refusal malformed(String claim, String problem) {
        return new Refusal(FailureReason.TOKEN_CLAIM_MISMATCH, "claim " + Text.quote(claim) + " is malformed: "
                + problem);
    }

    /**
     * The rules as the identity carries them: a JSON object with the format and each compiled rule (topics already
     * substituted, {@code eq} and unusable placeholders resolved), which {@link #decode} reads back exactly.
     */
    String encode() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("claim", claim);
        json.put("format", lists ? "lists" : "rules");
        List<Object> list = new ArrayList<>(rules.size());
        rules.forEach(r -> list.add(r.toJson()));
        json.put("rules", list);
        return JSONObjectUtils.toJSONString(json);
    }

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException if the text is not in that form
     */
    static TokenRules decode(String text) {
        try {
            Map<String, Object> json = JSONObjectUtils.parse(text);
            String claim = JSONObjectUtils.getString(json, "claim");
            boolean lists = "lists".equals(JSONObjectUtils.getString(json, "format"));
            List<TokenRule> rules = new ArrayList<>();
            for (Map<String, Object> r : JSONObjectUtils.getJSONObjectArray(json, "rules")) {
                int qos = TokenRule.ANY_QOS;
                if (r.get("qos") != null) {
                    qos = 0;
                    for (Object level : JSONObjectUtils.getJSONArray(r, "qos")) {
                        qos |= 1 << ((Number) level).intValue();
                    }
                }
                String action = JSONObjectUtils.getString(r, "action");
                rules.add(new TokenRule("allow".equals(JSONObjectUtils.getString(r, "permission")),
                        action.equals("publish") ? TokenRule.PUBLISH : action.equals("subscribe") ? TokenRule.READ
                                : TokenRule.ALL,
                        TokenRule.Match.valueOf(JSONObjectUtils.getString(r, "match").toUpperCase(Locale.ROOT)),
                        JSONObjectUtils.getString(r, "topic"), qos, (Boolean) r.get("retain"),
                        JSONObjectUtils.getString(r, "source"), claim, JSONObjectUtils.getString(r, "why")));
            }
            return new TokenRules(claim, lists, rules);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("not the jwt provider's rule attribute (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }
}
