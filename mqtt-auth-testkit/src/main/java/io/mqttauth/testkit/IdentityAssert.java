package io.mqttauth.testkit;

import io.mqttauth.Action;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;

/**
 * Assertions on what one identity may do: publish (QoS 0, no retain), subscribe (QoS 0) and receive; or any
 * {@link Action} with {@link #isAllowedTo} and {@link #isDeniedTo}. Every method returns this object, to chain.
 * Failure messages include {@link Decision#explain()}.
 */
public final class IdentityAssert {

    private final MqttAuth auth;
    private final Identity identity;

    IdentityAssert(MqttAuth auth, Identity identity) {
        this.auth = auth;
        this.identity = identity;
    }

    /** The identity the assertions are about. */
    public Identity identity() {
        return identity;
    }

    /** Asserts that the identity may publish to {@code topic}. */
    public IdentityAssert canPublish(String topic) {
        return isAllowedTo(Action.publish(topic));
    }

    /** Asserts that the identity may not publish to {@code topic}. */
    public IdentityAssert cannotPublish(String topic) {
        return isDeniedTo(Action.publish(topic), null);
    }

    /** Asserts that the identity may not publish to {@code topic}, for {@code reason}. */
    public IdentityAssert cannotPublish(String topic, FailureReason reason) {
        return isDeniedTo(Action.publish(topic), reason);
    }

    /** Asserts that the identity may subscribe to {@code topicFilter}. */
    public IdentityAssert canSubscribe(String topicFilter) {
        return isAllowedTo(Action.subscribe(topicFilter));
    }

    /** Asserts that the identity may not subscribe to {@code topicFilter}. */
    public IdentityAssert cannotSubscribe(String topicFilter) {
        return isDeniedTo(Action.subscribe(topicFilter), null);
    }

    /** Asserts that the identity may not subscribe to {@code topicFilter}, for {@code reason}. */
    public IdentityAssert cannotSubscribe(String topicFilter, FailureReason reason) {
        return isDeniedTo(Action.subscribe(topicFilter), reason);
    }

    /** Asserts that a message on {@code topic} is delivered to the identity. */
    public IdentityAssert canReceive(String topic) {
        return isAllowedTo(Action.receive(topic));
    }

    /** Asserts that a message on {@code topic} is not delivered to the identity. */
    public IdentityAssert cannotReceive(String topic) {
        return isDeniedTo(Action.receive(topic), null);
    }

    /** Asserts that a message on {@code topic} is not delivered to the identity, for {@code reason}. */
    public IdentityAssert cannotReceive(String topic, FailureReason reason) {
        return isDeniedTo(Action.receive(topic), reason);
    }

    /** Asserts that the identity may take {@code action}. */
    public IdentityAssert isAllowedTo(Action action) {
        Decision decision = auth.authorize(identity, action);
        if (!decision.isAllowed()) {
            throw new AssertionError("expected " + who() + " to be allowed to " + action + ", but it was denied:\n"
                    + decision.explain());
        }
        return this;
    }

    /**
     * Asserts that the identity may not take {@code action}, for {@code reason} unless it is {@code null} (any
     * reason).
     */
    public IdentityAssert isDeniedTo(Action action, FailureReason reason) {
        Decision decision = auth.authorize(identity, action);
        if (decision.isAllowed()) {
            throw new AssertionError("expected " + who() + " to be denied " + action + ", but it was allowed:\n"
                    + decision.explain());
        }
        if (reason != null && decision.reason().orElseThrow() != reason) {
            throw new AssertionError("expected " + who() + " to be denied " + action + " with " + reason
                    + ", but it was denied with " + decision.reason().orElseThrow() + ":\n" + decision.explain());
        }
        return this;
    }

    private String who() {
        return "\"" + identity.name() + "\" (client id \"" + identity.clientId() + "\")";
    }
}
