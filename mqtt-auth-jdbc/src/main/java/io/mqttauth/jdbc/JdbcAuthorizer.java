package io.mqttauth.jdbc;

import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.Topics;
import jakarta.annotation.Nullable;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The {@code jdbc} authorizer: reads the identity's rows with {@code jdbc.acl.query} (through the cache) and lets the
 * first row that matches decide; no matching row abstains, so the chain and {@code authorization.no-match} decide. A
 * database that does not answer (and no cached rows within the outage grace) is
 * {@link FailureReason#PROVIDER_UNAVAILABLE}. A delivery is decided by {@code subscribe} and {@code all} rows.
 */
final class JdbcAuthorizer implements Authorizer {

    private final SqlTemplate query;
    private final LookupCache<List<AclRule>> cache;

    JdbcAuthorizer(SqlTemplate query, LookupCache<List<AclRule>> cache) {
        this.query = query;
        this.cache = cache;
    }

    /** True: a cache miss waits on the database. */
    @Override
    public boolean mayBlock() {
        return true;
    }

    @Override
    public AuthorizationResult authorize(Identity identity, Action action) {
        AuthorizationResult invalid = invalidTopic(action);
        return invalid != null ? invalid : decide(identity, action, cache.get(key(query, identity)));
    }

    @Override
    public Optional<AuthorizationResult> authorizeWithoutBlocking(Identity identity, Action action) {
        AuthorizationResult invalid = invalidTopic(action);
        if (invalid != null) {
            return Optional.of(invalid);
        }
        Lookup<List<AclRule>> cached = cache.getIfFresh(key(query, identity));
        return cached == null ? Optional.empty() : Optional.of(decide(identity, action, cached));
    }

    private static @Nullable AuthorizationResult invalidTopic(Action action) {
        boolean filter = action.type() == Action.Type.SUBSCRIBE;
        if (filter ? Topics.isValidFilter(action.topic()) : Topics.isValidTopicName(action.topic())) {
            return null;
        }
        return AuthorizationResult.deny(FailureReason.INVALID_TOPIC,
                (filter ? "not a valid topic filter: \"" : "not a valid topic name: \"") + action.topic() + "\"");
    }

    private static AuthorizationResult decide(Identity identity, Action action, Lookup<List<AclRule>> lookup) {
        if (lookup instanceof Lookup.Failed<List<AclRule>> f) {
            return AuthorizationResult.deny(FailureReason.PROVIDER_UNAVAILABLE, "the database did not answer for \""
                    + identity.name() + "\" (" + f.why() + ")");
        }
        if (!(lookup instanceof Lookup.Found<List<AclRule>> found)) {
            return AuthorizationResult.abstain("jdbc.acl.query returned no row for \"" + identity.name() + "\"");
        }
        String stale = found.stale() ? " [cached rows served within jdbc.outage-grace: the database is unavailable]"
                : "";
        for (AclRule rule : found.value()) {
            if (rule.unreadable() != null) {
                return AuthorizationResult.deny(FailureReason.INTERNAL_ERROR, "row " + rule.row()
                        + " of jdbc.acl.query cannot be read: " + rule.unreadable() + "; fix the row" + stale);
            }
            if (rule.matches(identity, action)) {
                String detail = "row " + rule.row() + " of jdbc.acl.query: " + rule.describe() + stale;
                return rule.allow() ? AuthorizationResult.allow(detail)
                        : AuthorizationResult.deny(FailureReason.DENIED_BY_RULE, detail);
            }
        }
        return AuthorizationResult.abstain("none of the " + found.value().size() + " rows of jdbc.acl.query for \""
                + identity.name() + "\" matches" + stale);
    }

    /** The values the query is bound to for this identity, in placeholder order. */
    static List<String> key(SqlTemplate query, Identity identity) {
        String[] values = new String[query.placeholders().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (query.placeholders().get(i)) {
                case USERNAME -> identity.username().orElse(null);
                case CLIENTID -> identity.clientId();
                case PEERHOST -> identity.remoteAddress().map(a -> a.getHostAddress()).orElse(null);
                case CERT_COMMON_NAME -> identity.attribute(Identity.CERT_CN).orElse(null);
            };
        }
        return Collections.unmodifiableList(Arrays.asList(values));
    }
}
