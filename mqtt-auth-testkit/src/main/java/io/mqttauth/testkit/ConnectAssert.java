package io.mqttauth.testkit;

import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;

/** Assertions on the decision of one CONNECT. Failure messages include {@link Decision#explain()}. */
public final class ConnectAssert {

    private final MqttAuth auth;
    private final ConnectRequest request;
    private final Decision decision;

    ConnectAssert(MqttAuth auth, ConnectRequest request, Decision decision) {
        this.auth = auth;
        this.request = request;
        this.decision = decision;
    }

    /** The decision, for assertions this class does not offer. */
    public Decision decision() {
        return decision;
    }

    /** Asserts that the client may connect; continues with what the connected identity may do. */
    public IdentityAssert isAccepted() {
        if (!decision.isAllowed()) {
            throw new AssertionError("expected " + request + " to be accepted, but it was refused:\n"
                    + decision.explain());
        }
        return new IdentityAssert(auth, decision.identity().orElseThrow());
    }

    /** Asserts that the client may connect as {@code name}; continues with what that identity may do. */
    public IdentityAssert isAcceptedAs(String name) {
        IdentityAssert identity = isAccepted();
        String actual = decision.identity().orElseThrow().name();
        if (!actual.equals(name)) {
            throw new AssertionError("expected " + request + " to be accepted as \"" + name + "\", but it was "
                    + "accepted as \"" + actual + "\":\n" + decision.explain());
        }
        return identity;
    }

    /** Asserts that the client is refused, for any reason. */
    public ConnectAssert isRefused() {
        if (decision.isAllowed()) {
            throw new AssertionError("expected " + request + " to be refused, but it was accepted:\n"
                    + decision.explain());
        }
        return this;
    }

    /** Asserts that the client is refused with {@code reason}. */
    public ConnectAssert isRefusedWith(FailureReason reason) {
        isRefused();
        if (decision.reason().orElseThrow() != reason) {
            throw new AssertionError("expected " + request + " to be refused with " + reason + ", but it was "
                    + "refused with " + decision.reason().orElseThrow() + ":\n" + decision.explain());
        }
        return this;
    }

    /** Asserts the MQTT codes the broker sends: the MQTT 3.1.1 return code and the MQTT 5 reason code. */
    public ConnectAssert hasCodes(int mqtt3, int mqtt5) {
        if (decision.codes().mqtt3() != mqtt3 || decision.codes().mqtt5() != mqtt5) {
            throw new AssertionError(String.format("expected codes MQTT 3.1.1: %d, MQTT 5: 0x%02X for %s, but got "
                    + "%s:%n%s", mqtt3, mqtt5, request, decision.codes(), decision.explain()));
        }
        return this;
    }
}
