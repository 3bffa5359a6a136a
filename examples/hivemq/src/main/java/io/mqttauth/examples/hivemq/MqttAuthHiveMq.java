package io.mqttauth.examples.hivemq;

import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.client.parameter.InitializerInput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import com.hivemq.extension.sdk.api.services.Services;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.MqttAuth;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mqtt-auth plugged into HiveMQ through the Extension SDK. {@link #register()} installs, for every client:
 * <ul>
 *   <li>a {@code SimpleAuthenticator}: each refusal's MQTT 5 code becomes the CONNACK reason code (HiveMQ derives the
 *       MQTT 3.1.1 return code); the client's TLS facts, listener name and address are passed on. Providers that may
 *       block run on HiveMQ's managed extension executor, never on HiveMQ's own threads;</li>
 *   <li>a {@code PublishAuthorizer} and a {@code SubscriptionAuthorizer} (PUBACK/SUBACK reason codes);</li>
 *   <li>with {@code publish-denial = ack}, a {@code PublishInboundInterceptor} that answers a denied PUBLISH as
 *       Mosquitto 2.0 does instead of disconnecting;</li>
 *   <li>a {@code PublishOutboundInterceptor} that applies RECEIVE checks to every message delivered to the client;</li>
 *   <li>a lifecycle listener that forgets the identity on disconnect; an identity with an expiry is disconnected when
 *       it expires.</li>
 * </ul>
 * Every refusal is logged with its full explanation; the engine keeps refused connects in its unauthorized-clients
 * log. The caller keeps ownership of the {@link MqttAuth}.
 */
public final class MqttAuthHiveMq {

    private static final Logger LOG = LoggerFactory.getLogger(MqttAuthHiveMq.class);

    private final Supplier<Configured> configured;
    private final Connections connections;

    /** Wraps an engine; nothing is registered until {@link #register()}. */
    public MqttAuthHiveMq(MqttAuth auth, HiveMqOptions options) {
        this(fixed(Configured.of(Objects.requireNonNull(auth, "auth"), Objects.requireNonNull(options, "options"))));
    }

    /** Wraps whatever engine {@code configured} holds at each decision (the extension's watched configuration). */
    MqttAuthHiveMq(Supplier<Configured> configured) {
        this.configured = configured;
        this.connections = new Connections(Clock.systemUTC(), configured, Services::extensionExecutorService,
                Services::clientService);
    }

    private static Supplier<Configured> fixed(Configured c) {
        return () -> c;
    }

    /** Registers the authenticator, the authorizers, the interceptors and the lifecycle listener with HiveMQ. */
    public void register() {
        SimpleAuthenticator authenticator = this::authenticate;
        Services.securityRegistry().setAuthenticatorProvider(input -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(this::clientAuthorizer);
        Services.initializerRegistry().setClientInitializer(this::initialize);
        Services.eventRegistry().setClientLifecycleEventListener(input -> connections);
    }

    /**
     * Decides a connect. Authenticators that may block (a password hash costs 0.1 to 300 ms) run on HiveMQ's managed
     * extension executor while the output waits asynchronously, so that HiveMQ's extension task threads, which also run
     * every client's authorizers and interceptors, go on serving established clients during a connect storm.
     */
    private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectRequest request = ConnectRequests.of(input);
        Configured c = configured.get();
        if (c.auth() == null) {
            // Logged once per change of the configuration, not once per client.
            answer(c, input, request, c.unavailableConnect(), output);
            return;
        }
        Deferral.answer(c.auth().authenticateAsync(request, Services.extensionExecutorService()),
                () -> output.async(Deferral.TIMEOUT, TimeoutFallback.FAILURE, ConnackReasonCode.SERVER_UNAVAILABLE,
                        "mqtt-auth did not decide in time"),
                d -> answer(c, input, request, d, output));
    }

    private void answer(Configured c, SimpleAuthInput input, ConnectRequest request, Decision d,
            SimpleAuthOutput output) {
        if (d.isAllowed()) {
            connections.opened(input.getConnectionInformation(), request.clientId(), d.identity().orElseThrow());
            output.authenticateSuccessfully();
            return;
        }
        ConnackReasonCode code = Answers.connack(d, request.mqttVersion());
        if (c.auth() != null) {
            LOG.info("mqtt-auth refused the connect of {}\n{}", request, d.explain().strip());
        }
        String reason = c.answers().reasonString(d, code);
        if (reason == null) {
            output.failAuthentication(code);
        } else {
            output.failAuthentication(code, reason);
        }
    }

    private void initialize(InitializerInput input, ClientContext context) {
        ClientAuthorizer authorizer = clientAuthorizer(input);
        if (configured.get().options().publishDenial() == HiveMqOptions.PublishDenial.ACK) {
            context.addPublishInboundInterceptor(authorizer);
        }
        context.addPublishOutboundInterceptor(authorizer);
    }

    private ClientAuthorizer clientAuthorizer(ClientBasedInput input) {
        return new ClientAuthorizer(configured, input.getClientInformation().getClientId(),
                connections.identity(input.getConnectionInformation()).orElse(null),
                ConnectRequests.version(input.getConnectionInformation().getMqttVersion()));
    }
}
