package io.mqttauth.examples.hivemq;

import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import io.mqttauth.Action;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttVersion;
import io.mqttauth.ReasonCodes;
import io.mqttauth.RefusalLogLimiter;
import io.mqttauth.SafeText;
import jakarta.annotation.Nullable;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization of one connection, holding its identity: PUBLISH and SUBSCRIBE authorizer, inbound PUBLISH
 * interceptor (for {@code publish-denial = ack}) and outbound PUBLISH interceptor (RECEIVE checks on every delivery).
 * A connection without an mqtt-auth identity (authenticated by another extension) is denied everything.
 */
final class ClientAuthorizer
        implements PublishAuthorizer, SubscriptionAuthorizer, PublishInboundInterceptor, PublishOutboundInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ClientAuthorizer.class);

    private final Supplier<Configured> configured;
    private final RefusalLogLimiter refusals;
    private final String clientId;
    private final @Nullable Identity identity;
    private final MqttVersion version;

    ClientAuthorizer(Supplier<Configured> configured, RefusalLogLimiter refusals, String clientId,
            @Nullable Identity identity, MqttVersion version) {
        this.configured = configured;
        this.refusals = refusals;
        this.clientId = clientId;
        this.identity = identity;
        this.version = version;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        PublishPacket packet = input.getPublishPacket();
        boolean will = packet instanceof WillPublishPacket;
        Configured c = configured.get();
        if (c.options().publishDenial() == HiveMqOptions.PublishDenial.ACK && !will) {
            // The inbound interceptor decided already and dropped what it denied.
            output.authorizeSuccessfully();
            return;
        }
        Deferral.answer(decide(c, publish(packet)), () -> output.async(Deferral.TIMEOUT, TimeoutFallback.FAILURE), d -> {
            if (d.isAllowed()) {
                output.authorizeSuccessfully();
                return;
            }
            AckReasonCode code = Answers.puback(d);
            log(will ? "will of" : "publish of", d);
            String reason = c.answers().reasonString(d, code);
            if (reason == null) {
                output.failAuthorization(code);
            } else {
                output.failAuthorization(code, reason);
            }
        });
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        Configured c = configured.get();
        Action action = publish(input.getPublishPacket());
        Deferral.answer(decide(c, action), () -> output.async(Deferral.TIMEOUT, TimeoutFallback.FAILURE), decided -> {
            Decision d = decided;
            if (d.isAllowed() && action.topic().startsWith("$")) {
                // HiveMQ closes the connection after this interceptor; answer as Mosquitto answers writes to $SYS.
                d = Decision.deny(FailureReason.DENIED_BY_RULE, codesOf(c, FailureReason.DENIED_BY_RULE), identity,
                        action, "hivemq", "HiveMQ does not accept PUBLISH to topics beginning with $", d.trail(),
                        Instant.now());
            }
            if (d.isAllowed()) {
                return;
            }
            log("publish of", d);
            if (!version.hasReasonCodes()) {
                // MQTT 3.1.1 cannot refuse a PUBLISH: acknowledge and drop it, as Mosquitto does.
                output.preventPublishDelivery();
                return;
            }
            AckReasonCode code = Answers.puback(d);
            String reason = c.answers().reasonString(d, code);
            if (reason == null) {
                output.preventPublishDelivery(code);
            } else {
                output.preventPublishDelivery(code, reason);
            }
        });
    }

    /** A shared subscription ({@code $share/NAME/FILTER}) is passed as it is: the engine checks its filter. */
    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        Configured c = configured.get();
        Action action = Action.subscribe(input.getSubscription().getTopicFilter(),
                input.getSubscription().getQos().getQosNumber());
        Deferral.answer(decide(c, action), () -> output.async(Deferral.TIMEOUT, TimeoutFallback.FAILURE), d -> {
            if (d.isAllowed()) {
                output.authorizeSuccessfully();
                return;
            }
            SubackReasonCode code = Answers.suback(d);
            log("subscription of", d);
            String reason = c.answers().reasonString(d, code);
            if (reason == null) {
                output.failAuthorization(code);
            } else {
                output.failAuthorization(code, reason);
            }
        });
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        PublishPacket p = input.getPublishPacket();
        Action action = Action.receive(p.getTopic(), p.getQos().getQosNumber(), p.getRetain());
        Deferral.answer(decide(configured.get(), action),
                () -> output.async(Deferral.TIMEOUT, TimeoutFallback.FAILURE), d -> {
                    if (!d.isAllowed()) {
                        if (LOG.isDebugEnabled()) {
                            LOG.debug("mqtt-auth withholds a message from client {}: {}", SafeText.quote(clientId), d);
                        }
                        output.preventPublishDelivery();
                    }
                });
    }

    private static Action publish(PublishPacket p) {
        return Action.publish(p.getTopic(), p.getQos().getQosNumber(), p.getRetain());
    }

    /**
     * The decision, made on the calling thread when it is cheap and on HiveMQ's managed extension executor when an
     * authorizer may block.
     */
    private CompletableFuture<Decision> decide(Configured c, Action action) {
        if (identity != null && c.auth() != null) {
            return c.auth().authorizeAsync(identity, action, Services.extensionExecutorService());
        }
        return CompletableFuture.completedFuture(Decision.deny(FailureReason.NO_MATCHING_RULE,
                codesOf(c, FailureReason.NO_MATCHING_RULE), null, action, "hivemq",
                "the connection has no mqtt-auth identity (was it authenticated by another extension?)", List.of(),
                Instant.now()));
    }

    /** The codes in force for a reason: the operator's {@code reason-codes.*} override, or the default. */
    private static ReasonCodes codesOf(Configured c, FailureReason reason) {
        return c.auth() == null ? reason.defaultCodes() : c.auth().codesOf(reason);
    }

    /** Logs a denial, at most as often as the refusal log limiter lets this client's address (or client id). */
    private void log(String what, Decision d) {
        String key = identity == null ? clientId
                : identity.remoteAddress().map(InetAddress::getHostAddress).orElse(clientId);
        if (refusals.allow(key)) {
            LOG.info("mqtt-auth denied the {} client {}\n{}", what, SafeText.quote(clientId), d.explain().strip());
        }
    }
}
