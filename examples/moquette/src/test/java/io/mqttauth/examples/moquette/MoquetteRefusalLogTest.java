package io.mqttauth.examples.moquette;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.moquette.broker.subscriptions.Topic;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import io.mqttauth.RefusalLogLimiter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the Moquette wrapper logs of refusals, called as Moquette calls it: no line forged by CR, LF or NUL in a user
 * name or client id, a bounded number of lines for a flood of refusals, and the password wiped once decided.
 */
class MoquetteRefusalLogTest {

    private static final String FORGED = "\r\n12:00:00.000 INFO  MqttAuthMoquette - mqtt-auth allowed admin\u0000";

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(MqttAuthMoquette.class);
    private final Map<String, ConnectRequest> seen = new ConcurrentHashMap<>();
    private final MqttAuth auth = MqttAuth.builder()
            .authenticator("passwd", r -> {
                seen.put(r.clientId(), r);
                return AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "user \""
                        + r.username().orElse("") + "\" has another password");
            }).build();
    private final MqttAuthMoquette wrapper = new MqttAuthMoquette(auth);

    @BeforeEach
    void capture() {
        logger.setLevel(Level.INFO);
        logger.setAdditive(false); // the lines are checked here, not printed
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
        logger.setAdditive(true);
        logger.setLevel(null);
        auth.close();
    }

    private List<String> logged() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void crLfAndNulInAUserNameOrClientIdCannotForgeALogLine() {
        String nulFree = FORGED.replace("\u0000", "");
        assertThat(wrapper.checkValid("c" + nulFree, "alice" + nulFree, bytes("pw"))).isFalse();
        assertThat(wrapper.checkValid("c" + FORGED, "alice" + FORGED, bytes("pw"))).isFalse();
        assertThat(wrapper.canWrite(new Topic("a/b"), "alice" + FORGED, "c" + FORGED)).isFalse();
        assertThat(logged()).hasSize(3).allSatisfy(m -> {
            assertThat(m.lines()).noneMatch(l -> l.startsWith("12:00:00.000"));
            assertThat(m).doesNotContain("\u0000");
        });
        assertThat(logged().get(0)).contains("clientId=\"c\\r\\n12:00:00.000 INFO");
    }

    @Test
    void tenThousandRefusalsFromOneClientLogABoundedNumberOfLines() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(wrapper.checkValid("flooder", "alice", bytes("guess-" + i))).isFalse();
        }
        assertThat(logged()).hasSize(RefusalLogLimiter.DEFAULT_LINES_PER_KEY);
        assertThat(auth.unauthorizedClients().list()).singleElement()
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(10_000));
    }

    @Test
    void thePasswordIsWipedOnceTheLoginIsDecided() {
        wrapper.checkValid("c1", "alice", bytes("S3cr3t-Pa55-7f3a"));
        ConnectRequest request = seen.get("c1");
        assertThat(request.hasPassword()).isTrue();
        assertThat(request.password()).isEmpty();
        List<String> texts = new ArrayList<>(logged());
        texts.add(request.toString());
        assertThat(texts).isNotEmpty().allSatisfy(t -> assertThat(t).doesNotContain("S3cr3t-Pa55-7f3a"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
