package io.mqttauth.acl;

import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.Topics;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.WatchedFile;
import java.util.List;
import java.util.Optional;

/**
 * The {@code acl} provider and its authorizer. A check reads the current snapshot (one volatile read), finds the
 * client's cached rules, and walks their tries once; it takes no lock and, once the client's rules are cached,
 * allocates nothing.
 *
 * <p>A shared subscription reaches it as the engine checks it: {@link io.mqttauth.MqttAuth} removes the
 * {@code $share/NAME/} prefix and refuses a malformed one, so a SUBSCRIBE filter is checked as it is.
 */
final class AclAuthorizer implements Provider, Authorizer {

    private static final String SYS_STATE = "$SYS/broker/connection/+/state";
    private static final AuthorizationResult INVALID_NAME = AuthorizationResult.deny(FailureReason.INVALID_TOPIC,
            "not a valid topic name");
    private static final AuthorizationResult INVALID_FILTER = AuthorizationResult.deny(FailureReason.INVALID_TOPIC,
            "not a valid topic filter");
    private static final AuthorizationResult SYS_WRITE = AuthorizationResult.deny(FailureReason.DENIED_BY_RULE,
            "built-in rule (as in Mosquitto): clients may not publish to $SYS topics, except "
                    + SYS_STATE + " where the ACL allows it");
    private static final AuthorizationResult SHARE_TOPIC = AuthorizationResult.deny(FailureReason.DENIED_BY_RULE,
            "built-in rule (as in Mosquitto): $share topics can only be subscribed to");
    private static final AuthorizationResult SUBSCRIBE_ALL = AuthorizationResult.allow(
            "acl.subscribe = mosquitto: every valid subscription is granted; deliveries are checked as receive");
    private static final System.Logger LOG = System.getLogger(AclAuthorizer.class.getName());

    private final WatchedFile<AclRules> rules;
    private final boolean subscribeAll;

    AclAuthorizer(WatchedFile<AclRules> rules, boolean subscribeAll) {
        this.rules = rules;
        this.subscribeAll = subscribeAll;
    }

    @Override
    public AuthorizationResult authorize(Identity identity, Action action) {
        try {
            return decide(rules.current(), identity, action);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "acl failed on " + action + " for " + identity, e);
            return AuthorizationResult.deny(FailureReason.INTERNAL_ERROR, "the acl provider failed: "
                    + e.getClass().getName());
        }
    }

    private AuthorizationResult decide(AclRules acl, Identity identity, Action action) {
        String topic = action.topic();
        if (action.type() == Action.Type.SUBSCRIBE) {
            if (!Topics.isValidFilter(topic)) {
                return INVALID_FILTER;
            }
            if (subscribeAll && acl.format == AclParser.Format.MOSQUITTO) {
                return SUBSCRIBE_ALL;
            }
            ClientRules client = acl.forClient(identity);
            Rule rule = client.subscribe(topic);
            return rule == null ? client.noMatch : rule.result;
        }
        if (!Topics.isValidTopicName(topic)) {
            return INVALID_NAME;
        }
        if (topic.charAt(0) == '$') {
            if (topic.startsWith("$SYS")) {
                if (action.type() == Action.Type.PUBLISH && !Topics.matches(SYS_STATE, topic)) {
                    return SYS_WRITE;
                }
            } else if (topic.startsWith("$share")) {
                return SHARE_TOPIC;
            }
        }
        ClientRules client = acl.forClient(identity);
        Rule rule = client.match(topic, Rule.bit(action.type()), action.qos(), action.retain());
        return rule == null ? client.noMatch : rule.result;
    }

    @Override
    public Optional<Authorizer> authorizer() {
        return Optional.of(this);
    }

    @Override
    public List<ConfigurationProblem> reload() {
        return rules.reload();
    }

    @Override
    public List<ConfigurationProblem> problems() {
        return rules.problems();
    }

    @Override
    public void close() {
        rules.close();
    }

    @Override
    public String toString() {
        AclRules acl = rules.current();
        return "acl[" + acl.file + ", " + acl.format.name().toLowerCase(java.util.Locale.ROOT) + ", " + acl.ruleCount
                + " rules]";
    }
}
