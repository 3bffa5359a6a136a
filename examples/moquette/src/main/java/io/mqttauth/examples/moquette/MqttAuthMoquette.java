package io.mqttauth.examples.moquette;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.InterceptHandler;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.MqttAuth;
import io.mqttauth.MqttVersion;
import jakarta.annotation.Nullable;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mqtt-auth as Moquette 0.17's {@link IAuthenticator} and {@link IAuthorizatorPolicy}. Start Moquette with
 * {@code server.startServer(config, List.of(wrapper.interceptHandler()), null, wrapper, wrapper)}.
 *
 * <p>Moquette 0.17 limits what any authenticator can do, and every refusal is therefore logged here with the specific
 * reason the client is never told:
 * <ul>
 *   <li>it speaks MQTT 3.1 and 3.1.1 only, and answers every refused login with return code 4;</li>
 *   <li>it calls the authenticator only for clients that send a user name: clients without one are refused by
 *       Moquette itself ({@code allow_anonymous false}) or let in without asking ({@code allow_anonymous true}). In
 *       the second case the client is checked against mqtt-auth's anonymous policy and ban list at its first publish
 *       or subscribe, and is denied everything if refused;</li>
 *   <li>it never shows client certificates, addresses or listeners to the authenticator;</li>
 *   <li>it checks read access only when a client subscribes, with the topic filter, never per delivered message: use
 *       the ACL provider's default {@code acl.subscribe = covered}, which grants a filter only if read rules cover
 *       every topic it can match ({@code acl.subscribe = mosquitto} would let every subscriber read everything);</li>
 *   <li>it does not tell the authorizer a publish's QoS or retain flag: publishes are authorized as QoS 0 without
 *       retain; a denied QoS 1 or 2 publish gets no PUBACK/PUBREC, and the connection stays open.</li>
 * </ul>
 * The caller keeps ownership of the {@link MqttAuth}.
 */
public final class MqttAuthMoquette implements IAuthenticator, IAuthorizatorPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(MqttAuthMoquette.class);

    private final MqttAuth auth;
    /** The accepted connect decision of every connected client, by client id. */
    private final Map<String, Decision> connections = new ConcurrentHashMap<>();

    /** Wraps an engine. */
    public MqttAuthMoquette(MqttAuth auth) {
        this.auth = Objects.requireNonNull(auth, "auth");
    }

    /** The handler that forgets a client's identity when it disconnects; pass it to {@code startServer}. */
    public InterceptHandler interceptHandler() {
        return new AbstractInterceptHandler() {
            @Override
            public String getID() {
                return "mqtt-auth";
            }

            @Override
            public void onDisconnect(InterceptDisconnectMessage msg) {
                connections.remove(msg.getClientID());
            }

            @Override
            public void onConnectionLost(InterceptConnectionLostMessage msg) {
                connections.remove(msg.getClientID());
            }

            @Override
            public void onSessionLoopError(Throwable error) {
                LOG.warn("Moquette session loop error", error);
            }
        };
    }

    @Override
    public boolean checkValid(String clientId, String username, @Nullable byte[] password) {
        ConnectRequest request = ConnectRequest.builder(clientId)
                .username(username)
                .password(password)
                .mqttVersion(MqttVersion.V3_1_1)
                .build();
        Decision d = auth.authenticate(request);
        if (d.isAllowed()) {
            connections.put(clientId, d);
            return true;
        }
        LOG.info("mqtt-auth refused the connect of {} (Moquette sends return code 4 for every refusal)\n{}", request,
                d.explain().strip());
        return false;
    }

    @Override
    public boolean canWrite(Topic topic, @Nullable String user, String client) {
        return decide(Action.publish(topic.toString()), user, client);
    }

    @Override
    public boolean canRead(Topic topic, @Nullable String user, String client) {
        return decide(Action.subscribe(topic.toString()), user, client);
    }

    private boolean decide(Action action, @Nullable String user, String client) {
        Decision connect = user == null
                ? connections.computeIfAbsent(client, this::authenticateAnonymous)
                : connections.get(client);
        if (connect == null || !connect.isAllowed()) {
            LOG.info("mqtt-auth denied {} to client '{}': {}", action, client, connect == null
                    ? "no accepted connect is known for it (did it reconnect while its old connection closed?)"
                    : "its connect was refused: " + connect);
            return false;
        }
        Decision d = auth.authorize(connect.identity().orElseThrow(), action);
        if (!d.isAllowed()) {
            LOG.info("mqtt-auth denied the {} of client '{}'\n{}", action.type() == Action.Type.PUBLISH
                    ? "publish" : "subscription", client, d.explain().strip());
        }
        return d.isAllowed();
    }

    /** Moquette let a client without a user name in without asking: apply the anonymous policy now, once. */
    private Decision authenticateAnonymous(String clientId) {
        ConnectRequest request = ConnectRequest.builder(clientId).mqttVersion(MqttVersion.V3_1_1).build();
        Decision d = auth.authenticate(request);
        if (!d.isAllowed()) {
            LOG.info("mqtt-auth refuses the anonymous client '{}' that Moquette let in; it may do nothing\n{}",
                    clientId, d.explain().strip());
        }
        return d;
    }
}
