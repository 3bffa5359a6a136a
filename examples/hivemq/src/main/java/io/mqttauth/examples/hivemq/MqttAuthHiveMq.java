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
import io.mqttauth.RefusalLogLimiter;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
 * Every refusal is logged at INFO with its full explanation, client-supplied text escaped and at most
 * {@value RefusalLogLimiter#DEFAULT_LINES_PER_KEY} lines per client address (or client id) and minute
 * ({@link RefusalLogLimiter} with its defaults: further refusals are counted in one summary line), so that a flood of
 * refusals cannot fill a disk; the engine keeps refused connects in its unauthorized-clients log. A connect's password
 * and authentication data are wiped ({@link ConnectRequest#clearSecrets()}) as soon as it is decided. The caller keeps
 * ownership of the {@link MqttAuth}.
 */
public final class MqttAuthHiveMq {

    private static final Logger LOG = LoggerFactory.getLogger(MqttAuthHiveMq.class);

    private final Supplier<Configured> configured;
    private final Connections connections;
    private final RefusalLogLimiter refusals = new RefusalLogLimiter(LOG::info);

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
        CompletableFuture<Decision> decision = c.auth().authenticateAsync(request, Services.extensionExecutorService());
        // Wiped when decided, even if HiveMQ gave up waiting: no provider reads the request after that.
        decision.whenComplete((d, e) -> request.clearSecrets());
        Deferral.answer(decision,
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
        if (c.auth() != null && refusals.allow(key(request))) {
            LOG.info("mqtt-auth refused the connect of {}\n{}", c.auth().attempt(request), d.explain().strip());
        }
        String reason = c.answers().reasonString(d, code);
        if (reason == null) {
            output.failAuthentication(code);
        } else {
            output.failAuthentication(code, reason);
        }
    }

    /** What refusals are counted under: the client's address, or its client id when HiveMQ does not know it. */
    private static String key(ConnectRequest request) {
        return request.remoteAddress().map(InetAddress::getHostAddress).orElse(request.clientId());
    }

    private void initialize(InitializerInput input, ClientContext context) {
        ClientAuthorizer authorizer = clientAuthorizer(input);
        if (configured.get().options().publishDenial() == HiveMqOptions.PublishDenial.ACK) {
            context.addPublishInboundInterceptor(authorizer);
        }
        context.addPublishOutboundInterceptor(authorizer);
    }

    private ClientAuthorizer clientAuthorizer(ClientBasedInput input) {
        return new ClientAuthorizer(configured, refusals, input.getClientInformation().getClientId(),
                connections.identity(input.getConnectionInformation()).orElse(null),
                ConnectRequests.version(input.getConnectionInformation().getMqttVersion()));
    }
}
