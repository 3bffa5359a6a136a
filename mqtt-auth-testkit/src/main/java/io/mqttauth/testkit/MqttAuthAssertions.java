package io.mqttauth.testkit;

import io.mqttauth.ConnectRequest;
import io.mqttauth.MqttAuth;

/**
 * Fluent assertions for broker authors who unit-test their own rules against a configured {@link MqttAuth}. Failure
 * messages include the engine's {@link io.mqttauth.Decision#explain()}, so a failing test says which provider decided
 * and why.
 *
 * <pre>{@code
 * import static io.mqttauth.testkit.MqttAuthAssertions.assertThat;
 * import static io.mqttauth.testkit.MqttAuthAssertions.client;
 *
 * MqttAuth auth = MqttAuth.fromFile(Path.of("src/test/resources/mqtt-auth.properties"));
 * assertThat(auth).connecting(client("c1").username("alice").password("wrong")).isRefusedWith(PASSWORD_MISMATCH);
 * assertThat(auth).connecting(client("c1").username("alice").password("alice-pw")).isAcceptedAs("alice")
 *         .canPublish("lab/alice/temp")
 *         .cannotSubscribe("#");
 * assertThat(auth).as(identity).canReceive("news/today");
 * }</pre>
 */
public final class MqttAuthAssertions {

    private MqttAuthAssertions() {
    }

    /** Starts assertions on a configured engine. */
    public static MqttAuthAssert assertThat(MqttAuth auth) {
        return new MqttAuthAssert(auth);
    }

    /** Starts a CONNECT from {@code clientId} (MQTT 5, no user name, no password; add them with the builder). */
    public static ConnectRequest.Builder client(String clientId) {
        return ConnectRequest.builder(clientId);
    }
}
