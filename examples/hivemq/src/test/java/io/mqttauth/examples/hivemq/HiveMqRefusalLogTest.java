package io.mqttauth.examples.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectAttempt;
import io.mqttauth.ConnectRequest;
import io.mqttauth.MqttAuth;
import io.mqttauth.RefusalLogLimiter;
import io.mqttauth.UnauthorizedClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the HiveMQ wrapper logs of refused connects, through a real HiveMQ: never a token sent as the user name
 * ({@code jwt.token-from = username}), never a line forged by CR/LF in a user name, at most
 * {@link RefusalLogLimiter#DEFAULT_LINES_PER_KEY} lines for a flood of refusals from one address; and the password is
 * wiped from the request once the connect is decided.
 */
class HiveMqRefusalLogTest {

    @TempDir
    Path tmp;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(MqttAuthHiveMq.class);
    private final Map<String, ConnectRequest> seen = new ConcurrentHashMap<>();
    private byte[] secret;
    private MqttAuth auth;
    private EmbeddedBroker broker;
    private int port;

    @BeforeEach
    void start() throws Exception {
        secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.write(tmp.resolve("secret"), secret);
        Path conf = Files.writeString(tmp.resolve("mqtt-auth.properties"), """
                authenticators = jwt
                jwt.hmac.secret-path = secret
                jwt.token-from = username
                """);
        auth = MqttAuth.builder().configuration(conf)
                .authenticator("keeper", r -> {
                    seen.put(r.clientId(), r);
                    return AuthenticationResult.notApplicable("kept the request");
                }).build();
        port = Mqtt.freePort();
        broker = EmbeddedBroker.builder(new MqttAuthHiveMq(auth, HiveMqOptions.defaults()))
                .tcp("tcp", "127.0.0.1", port).start();
        logger.setLevel(Level.INFO);
        logger.setAdditive(false); // the lines are checked here, not printed
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(log);
        logger.setAdditive(true);
        logger.setLevel(null);
        if (broker != null) {
            broker.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    private String token(byte[] key, Instant expiry) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject("device-7").expirationTime(Date.from(expiry)).build());
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    private List<String> logged() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aTokenSentAsTheUserNameIsNeitherLoggedNorKept() throws Exception {
        byte[] other = secret.clone();
        other[0]++;
        String forged = token(other, Instant.now().plusSeconds(600));
        String expired = token(secret, Instant.now().minusSeconds(600));
        assertThat(Mqtt.connect5(Mqtt.v5(port, "forged"), forged, "S3cr3t-Pa55-7f3a")).isEqualTo(0x87);
        assertThat(Mqtt.connect5(Mqtt.v5(port, "expired"), expired, null)).isEqualTo(0x87);

        assertThat(logged()).hasSize(2).allSatisfy(m -> assertThat(m)
                .contains("username=\"" + ConnectAttempt.HIDDEN_USERNAME + "\"")
                .doesNotContain(forged).doesNotContain(forged.substring(forged.lastIndexOf('.') + 1))
                .doesNotContain(expired).doesNotContain(expired.substring(expired.lastIndexOf('.') + 1))
                .doesNotContain("S3cr3t-Pa55-7f3a"));
        assertThat(logged().get(0)).contains("TOKEN_BAD_SIGNATURE");
        assertThat(logged().get(1)).contains("TOKEN_EXPIRED");
        assertThat(auth.unauthorizedClients().list()).extracting(UnauthorizedClient::username)
                .containsOnly(ConnectAttempt.HIDDEN_USERNAME);
    }

    @Test
    void theRequestsPasswordIsWipedOnceTheConnectIsDecided() throws Exception {
        // Not a token: TOKEN_MALFORMED, CONNACK 0x86.
        assertThat(Mqtt.connect5(Mqtt.v5(port, "wiped"), "alice", "S3cr3t-Pa55-7f3a")).isEqualTo(0x86);
        ConnectRequest request = seen.get("wiped");
        assertThat(request.hasPassword()).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (request.password().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(request.password()).isEmpty();
    }

    @Test
    void controlCharactersInAClientIdOrUserNameNeverReachTheLog() {
        String forged = "\r\n12:00:00.000 INFO  MqttAuthHiveMq - mqtt-auth allowed admin";
        // HiveMQ itself refuses CR and LF (and other control characters) in a client id or user name as a malformed
        // packet, before any authenticator runs.
        assertThat(Mqtt.connect5(Mqtt.v5(port, "crlf" + forged), "alice", "pw")).isEqualTo(0x81);
        assertThat(Mqtt.connect5(Mqtt.v5(port, "crlf"), "alice" + forged, "pw")).isEqualTo(0x81);
        assertThat(logged()).isEmpty();
        // It lets line and paragraph separators and bidirectional overrides through: the wrapper escapes them.
        String separators = "sep\u2028\u2029\u202e-INFO forged";
        assertThat(Mqtt.connect5(Mqtt.v5(port, separators), "alice", "pw")).isEqualTo(0x86);
        assertThat(logged()).singleElement().satisfies(m -> {
            assertThat(m).doesNotContain("\u2028").doesNotContain("\u2029").doesNotContain("\u202e")
                    .contains("clientId=\"sep\\u2028\\u2029\\u202e-INFO forged\"");
            assertThat(m.lines()).noneMatch(l -> l.startsWith("INFO") || l.startsWith("-INFO"));
        });
    }

    @Test
    void aFloodOfRefusalsFromOneAddressLogsABoundedNumberOfLines() {
        for (int i = 0; i < 100; i++) {
            assertThat(Mqtt.connect5(Mqtt.v5(port, "flood-" + i), "not-a-token", "pw")).isEqualTo(0x86);
        }
        assertThat(auth.unauthorizedClients().list()).hasSize(100);
        assertThat(logged()).hasSize(RefusalLogLimiter.DEFAULT_LINES_PER_KEY);
    }
}
