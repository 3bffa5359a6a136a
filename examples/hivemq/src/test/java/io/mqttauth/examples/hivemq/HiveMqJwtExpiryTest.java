package io.mqttauth.examples.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mqttauth.MqttAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A session ends when its token does: a client that connects to a real HiveMQ with a JWT expiring seconds later is
 * let in, may publish while the token is valid, and is disconnected (0x87) when it expires, with the reason in the
 * broker log.
 */
class HiveMqJwtExpiryTest {

    @TempDir
    Path tmp;

    @Test
    void aClientIsDisconnectedWhenItsTokenExpiresAndTheLogSaysWhy() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.write(tmp.resolve("secret"), secret);
        Files.writeString(tmp.resolve("acl"), "pattern write devices/%u/#\n");
        Path conf = Files.writeString(tmp.resolve("mqtt-auth.properties"), """
                authenticators = jwt
                authorizers = acl
                jwt.hmac.secret-path = secret
                jwt.clock-skew = 0s
                acl.path = acl
                """);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(Connections.class);
        logger.setLevel(Level.INFO);
        log.start();
        logger.addAppender(log);
        int port = Mqtt.freePort();
        try (MqttAuth auth = MqttAuth.builder().configuration(conf).hostKeys(HiveMqOptions.KEYS).build();
             EmbeddedBroker broker = EmbeddedBroker.builder(new MqttAuthHiveMq(auth, HiveMqOptions.fromFile(conf)))
                     .tcp("tcp", "127.0.0.1", port).start()) {
            // Made once the broker is up (its start can take seconds on a loaded machine), just before CONNECT. JWT
            // times are whole seconds: the token expires four to five seconds from now, two or more after CONNECT
            // even where a connect takes seconds (seen at a load average of 30). Without clock skew the session ends
            // at exp; with the default 60 s, a token already within the skew of its exp at CONNECT would be allowed
            // until exp + 60 s.
            Instant expiry = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 5);
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                    .subject("sensor-1").issueTime(new Date()).expirationTime(Date.from(expiry)).build());
            jwt.sign(new MACSigner(secret));
            CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
            Mqtt5BlockingClient device = Mqtt5Client.builder().identifier("sensor-1").serverHost("127.0.0.1")
                    .serverPort(port).addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
                    .buildBlocking();
            assertThat(Mqtt.connect5(device, "sensor-1", jwt.serialize())).isZero();
            assertThat(Mqtt.publish5(device, "devices/sensor-1/temp")).isIn(0x00, 0x10);

            Throwable cause = disconnected.get(15, TimeUnit.SECONDS);
            Instant at = Instant.now();
            assertThat(at).isAfterOrEqualTo(expiry.minus(Duration.ofMillis(50)));
            assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5DisconnectReasonCode.NOT_AUTHORIZED);
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("mqtt-auth disconnects client \"sensor-1\" (\"sensor-1\")")
                            .contains("its identity expired at"));
        } finally {
            logger.detachAppender(log);
            logger.setLevel(null);
        }
    }
}
