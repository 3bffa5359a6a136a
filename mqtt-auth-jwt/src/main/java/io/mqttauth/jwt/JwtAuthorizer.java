package io.mqttauth.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.Topics;
import jakarta.annotation.Nullable;

/**
 * The {@code jwt} authorizer: enforces the rules of the token an identity was authenticated with, at its place in the
 * {@code authorizers} chain. The rules travel with the identity (attribute {@link TokenRules#ATTRIBUTE}, written by
 * the jwt authenticator), so any instance decides for any identity, across reloads and engine restarts.
 *
 * <p>An identity that another provider vouched for, or whose token had no {@code acl} claim, is not this authorizer's
 * to decide: it abstains. An identity's rules are parsed once and kept while the identity's attribute is in use (a
 * cache with weak keys: a disconnected client's rules go with its identity); a decision then walks the rule list in
 * memory and never blocks.
 */
final class JwtAuthorizer implements Authorizer {

    private static final System.Logger LOG = System.getLogger(JwtAuthorizer.class.getName());
    private static final AuthorizationResult INVALID_NAME = AuthorizationResult.deny(FailureReason.INVALID_TOPIC,
            "not a valid topic name");
    private static final AuthorizationResult INVALID_FILTER = AuthorizationResult.deny(FailureReason.INVALID_TOPIC,
            "not a valid topic filter");
    private static final AuthorizationResult NOT_OURS = AuthorizationResult.abstain(
            "the identity was not authenticated by a token");
    private static final AuthorizationResult NO_RULES = AuthorizationResult.abstain(
            "the identity's token carries no topic rules");
    private static final AuthorizationResult BROKEN = AuthorizationResult.deny(FailureReason.INTERNAL_ERROR,
            "the identity's " + TokenRules.ATTRIBUTE + " attribute was not written by the jwt authenticator");

    private final String provider;
    /** Parsed rules by the identity's attribute value, held while the attribute string is reachable. */
    private final Cache<String, TokenRules> rules = Caffeine.newBuilder().weakKeys().build();

    /** @param provider the provider's configured name, which the engine puts into the identities it vouched for */
    JwtAuthorizer(String provider) {
        this.provider = provider;
    }

    @Override
    public AuthorizationResult authorize(Identity identity, Action action) {
        boolean subscribe = action.type() == Action.Type.SUBSCRIBE;
        if (subscribe ? !Topics.isValidFilter(action.topic()) : !Topics.isValidTopicName(action.topic())) {
            return subscribe ? INVALID_FILTER : INVALID_NAME;
        }
        if (!identity.provider().equals(provider)) {
            return NOT_OURS;
        }
        String attribute = identity.attributes().get(TokenRules.ATTRIBUTE);
        if (attribute == null) {
            return NO_RULES;
        }
        TokenRules parsed = rules.get(attribute, JwtAuthorizer::decode);
        return parsed == null ? BROKEN : parsed.decide(action);
    }

    private static @Nullable TokenRules decode(String attribute) {
        try {
            return TokenRules.decode(attribute);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "jwt: an identity's " + TokenRules.ATTRIBUTE
                    + " attribute is not in the jwt provider's form; its actions are denied");
            return null;
        }
    }

    @Override
    public String toString() {
        return "jwt authorizer (" + provider + ")";
    }
}
