package io.mqttauth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One topic rule that an authenticator attaches to an identity (for example from a token's claims). The engine checks
 * an identity's permissions in order before any authorizer; the first that matches decides.
 *
 * <p>A permission matches a PUBLISH or RECEIVE when its filter matches the topic, and a SUBSCRIBE when its filter
 * covers every topic the requested filter can match ({@link Topics#covers}).
 *
 * @param allow whether the permission allows (or denies) the actions
 * @param actions the action types it applies to
 * @param topicFilter the MQTT topic filter it applies to
 */
public record Permission(boolean allow, Set<Action.Type> actions, String topicFilter) {

    /** Copies the action set (kept in declaration order) and checks the filter is valid. */
    public Permission {
        Objects.requireNonNull(topicFilter, "topicFilter");
        if (!Topics.isValidFilter(topicFilter)) {
            throw new IllegalArgumentException("not a valid MQTT topic filter: " + topicFilter);
        }
        actions = actions.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(actions));
    }

    /** Allows the given actions on topics matching the filter. */
    public static Permission allow(String topicFilter, Action.Type... actions) {
        return new Permission(true, Set.of(actions), topicFilter);
    }

    /** Denies the given actions on topics matching the filter. */
    public static Permission deny(String topicFilter, Action.Type... actions) {
        return new Permission(false, Set.of(actions), topicFilter);
    }

    /** Whether this permission speaks about the action. */
    public boolean appliesTo(Action action) {
        if (!actions.contains(action.type())) {
            return false;
        }
        return action.type() == Action.Type.SUBSCRIBE
                ? Topics.covers(topicFilter, action.topic())
                : Topics.matches(topicFilter, action.topic());
    }

    /** Formats as {@code allow [PUBLISH] a/#}. */
    @Override
    public String toString() {
        return (allow ? "allow " : "deny ") + actions + " " + SafeText.escape(topicFilter);
    }
}
