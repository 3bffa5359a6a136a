package io.mqttauth.testkit;

import io.mqttauth.ConnectRequest;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;

import java.util.Objects;

/** Assertions on a configured {@link MqttAuth}: what happens when a client connects, what an identity may do. */
public final class MqttAuthAssert {

    private final MqttAuth auth;

    MqttAuthAssert(MqttAuth auth) {
        this.auth = Objects.requireNonNull(auth, "auth");
    }

    /** Decides a CONNECT built from {@code client}; assert the outcome on the result. */
    public ConnectAssert connecting(ConnectRequest.Builder client) {
        return connecting(client.build());
    }

    /** Decides a CONNECT; assert the outcome on the result. */
    public ConnectAssert connecting(ConnectRequest request) {
        return new ConnectAssert(auth, request, auth.authenticate(request));
    }

    /** Asserts what an identity may publish, subscribe to and receive. */
    public IdentityAssert as(Identity identity) {
        return new IdentityAssert(auth, identity);
    }
}
