package io.mqttauth.examples.moquette;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.InterceptHandler;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptExceptionMessage;
import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.MqttAuth;
import io.mqttauth.MqttVersion;
import io.mqttauth.RefusalLogLimiter;
import io.mqttauth.SafeText;
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
 *   <li>it checks read access only when a client subscribes (and when a persistent session is resumed), with the
 *       topic filter, never per delivered message: use the ACL provider's default {@code acl.subscribe = covered},
 *       which grants a filter only if read rules cover every topic it can match ({@code acl.subscribe = mosquitto}
 *       would let every subscriber read everything);</li>
 *   <li>it does not tell the authorizer a publish's QoS or retain flag: publishes are authorized as QoS 0 without
 *       retain; a denied QoS 1 or 2 publish gets no PUBACK/PUBREC, and the connection stays open;</li>
 *   <li>it publishes will messages without asking the authorizer ({@code PostOffice.fireWill}): a client may leave a
 *       will on a topic it may not publish to;</li>
 *   <li>it calls {@link #checkValid} on the Netty I/O thread that reads the CONNECT, which serves many connections: a
 *       slow password hash stalls all of them. Keep password-file hashes cheap or turn on
 *       {@code password-file.cache}.</li>
 * </ul>
 *
 * <p><b>Identities.</b> Moquette tells the authorizer only a request's user name and client id, and reports the end of
 * a connection later, on its interceptor thread, with the same two values. The wrapper therefore keeps every accepted
 * login under its client id and user name and serves it only to requests with that same pair; a new login with the
 * pair replaces the decision. Each accepted login counts one connection and each connection-lost event one less; at
 * zero the entry goes. Moquette sends at most one such event per connection, always after its login, so the late event
 * of a replaced connection never removes the entry of a newer one. Where Moquette sends none (the replaced connection
 * of a resumed persistent session, a connection closed before its CONNECT was processed), the entry stays: one per
 * client id and user name at most, served only to later logins with that pair, whose decisions replace it.
 *
 * <p>A client without a user name is decided through the anonymous policy at its first publish or subscribe and kept
 * under its client id without a user name until a connection-lost event for that pair. Moquette gives nothing that
 * tells two anonymous connections with the same client id apart: one that takes over another shares its decision
 * (for the same request) until the old connection's event arrives, and is then decided again.
 *
 * <p>Refusals and denials are logged at INFO with client-supplied text escaped, at most
 * {@value RefusalLogLimiter#DEFAULT_LINES_PER_KEY} lines per client id and minute ({@link RefusalLogLimiter} with its
 * defaults: further ones are counted in one summary line), so that a flood cannot fill a disk. A login's password is
 * wiped from the request ({@link ConnectRequest#clearSecrets()}) as soon as it is decided.
 *
 * <p>The caller keeps ownership of the {@link MqttAuth}.
 */
public final class MqttAuthMoquette implements IAuthenticator, IAuthorizatorPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(MqttAuthMoquette.class);

    private final MqttAuth auth;
    private final RefusalLogLimiter refusals = new RefusalLogLimiter(LOG::info);
    /** The latest accepted login of every client id and user name. */
    private final Map<Client, Login> logins = new ConcurrentHashMap<>();

    /** A client id and the user name Moquette reports with it ({@code null} for an anonymous client). */
    private record Client(String clientId, @Nullable String username) {
    }

    /** A connect decision, and how many connections that logged in as its client may still be open. */
    private record Login(Decision decision, int connections) {
    }

    /** Wraps an engine. */
    public MqttAuthMoquette(MqttAuth auth) {
        this.auth = Objects.requireNonNull(auth, "auth");
    }

    /** The handler that forgets a connection's identity when Moquette reports it lost; give it to Moquette. */
    public InterceptHandler interceptHandler() {
        return new AbstractInterceptHandler() {
            @Override
            public String getID() {
                return "mqtt-auth";
            }

            @Override
            public Class<?>[] getInterceptedMessageTypes() {
                return new Class<?>[] {InterceptConnectionLostMessage.class, InterceptExceptionMessage.class};
            }

            /**
             * Moquette sends this at most once per connection that got past its login, also after a DISCONNECT (whose
             * own event is not used: it would count that connection twice).
             */
            @Override
            public void onConnectionLost(InterceptConnectionLostMessage msg) {
                logins.computeIfPresent(new Client(msg.getClientID(), msg.getUsername()), (client, login) ->
                        login.connections() == 1 ? null : new Login(login.decision(), login.connections() - 1));
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
        request.clearSecrets();
        if (d.isAllowed()) {
            logins.merge(new Client(clientId, username), new Login(d, 1),
                    (old, now) -> new Login(d, old.connections() + 1));
            return true;
        }
        if (refusals.allow(clientId)) {
            LOG.info("mqtt-auth refused the connect of {} (Moquette sends return code 4 for every refusal)\n{}",
                    auth.attempt(request), d.explain().strip());
        }
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
        Login login = user == null
                ? logins.computeIfAbsent(new Client(client, null), c -> new Login(anonymous(client), 1))
                : logins.get(new Client(client, user));
        if (login == null || !login.decision().isAllowed()) {
            if (refusals.allow(client)) {
                LOG.info("mqtt-auth denied {} to client {}: {}", action, SafeText.quote(client), login == null
                        ? "no accepted login of this user name with this client id is known"
                        : "its connect was refused: " + login.decision());
            }
            return false;
        }
        Decision d = auth.authorize(login.decision().identity().orElseThrow(), action);
        if (!d.isAllowed() && refusals.allow(client)) {
            LOG.info("mqtt-auth denied the {} of client {}\n{}", action.type() == Action.Type.PUBLISH
                    ? "publish" : "subscription", SafeText.quote(client), d.explain().strip());
        }
        return d.isAllowed();
    }

    /** Moquette let a client without a user name in without asking: apply the anonymous policy now, once. */
    private Decision anonymous(String clientId) {
        ConnectRequest request = ConnectRequest.builder(clientId).mqttVersion(MqttVersion.V3_1_1).build();
        Decision d = auth.authenticate(request);
        if (!d.isAllowed() && refusals.allow(clientId)) {
            LOG.info("mqtt-auth refuses the anonymous client {} that Moquette let in; it may do nothing\n{}",
                    SafeText.quote(clientId), d.explain().strip());
        }
        return d;
    }
}
