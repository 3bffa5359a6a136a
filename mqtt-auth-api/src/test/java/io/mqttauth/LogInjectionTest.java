package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that puts CR, LF, NUL or other control characters into its user name, client id, topics or certificate
 * names cannot forge a line in what the engine logs, in a decision's detail, explanation or {@code toString}, or in the
 * unauthorized-clients log.
 */
class LogInjectionTest {

    private static final String FORGED = "\r\n2026-01-01 INFO mqtt-auth allowed the connect of admin\u0000\u2028";

    private final List<String> logged = new ArrayList<>();
    private final Logger jul = Logger.getLogger(MqttAuth.class.getName());
    private Level oldLevel;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getParameters() == null ? r.getMessage()
                    : MessageFormat.format(r.getMessage(), r.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        oldLevel = jul.getLevel();
        jul.setLevel(Level.ALL);
        jul.addHandler(handler);
    }

    @AfterEach
    void release() {
        jul.removeHandler(handler);
        jul.setLevel(oldLevel);
    }

    /** A provider that quotes what the client sent without escaping it, as a careless third party might. */
    private static final Authenticator CARELESS = r -> r.username().orElse("").startsWith("known")
            ? AuthenticationResult.success(Identity.builder(r.username().orElseThrow(), r).build(), "ok")
            : AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "user \"" + r.username().orElse("")
                    + "\" of client \"" + r.clientId() + "\" has another password");

    private static void assertOneLineEach(List<String> texts) {
        assertThat(texts).isNotEmpty().allSatisfy(t -> assertThat(t).doesNotContain("\r").doesNotContain("\n")
                .doesNotContain("\u0000").doesNotContain("\u2028"));
    }

    @Test
    void aUserNameAndClientIdWithCrLfCannotForgeALogLineOrAnEntry() throws Exception {
        MqttAuth auth = MqttAuth.builder().authenticator("careless", CARELESS).build();
        ConnectRequest request = ConnectRequest.builder("c" + FORGED.replace("\u0000", "")).username("u" + FORGED
                .replace("\u0000", "")).password("pw").remoteAddress(InetAddress.getByName("192.0.2.1")).build();
        Decision d = auth.authenticate(request);

        assertThat(d.isAllowed()).isFalse();
        List<String> texts = new ArrayList<>(logged);
        texts.add(d.toString());
        texts.add(d.detail());
        texts.add(request.toString());
        texts.add(auth.attempt(request).toString());
        d.trail().forEach(s -> texts.add(s.toString()));
        auth.unauthorizedClients().list().forEach(e -> {
            texts.add(e.toString());
            texts.add(e.detail());
        });
        assertThat(logged).as("the engine logged the refusal").isNotEmpty();
        assertOneLineEach(texts);
        assertThat(d.detail()).contains("\\r\\n2026-01-01 INFO");
        // The explanation keeps its own lines and no more: as many as for an ordinary client.
        Decision plain = auth.authenticate(ConnectRequest.builder("c").username("u").password("pw").build());
        assertThat(d.explain().lines().count()).isEqualTo(plain.explain().lines().count());
    }

    @Test
    void aNulInTheUserNameIsRefusedAsMalformedAndShownEscaped() {
        MqttAuth auth = MqttAuth.builder().authenticator("careless", CARELESS).build();
        ConnectRequest request = ConnectRequest.builder("c\u0000" + FORGED).username("u" + FORGED).password("pw")
                .build();
        Decision d = auth.authenticate(request);
        assertThat(d.reason()).contains(FailureReason.MALFORMED_CREDENTIALS);
        List<String> texts = new ArrayList<>(logged);
        texts.add(d.toString());
        texts.add(request.toString());
        auth.unauthorizedClients().list().forEach(e -> texts.add(e.toString()));
        assertOneLineEach(texts);
        assertThat(auth.attempt(request).toString()).contains("clientId=\"c\\u0000\\r\\n2026-01-01 INFO");
    }

    @Test
    void topicsAndIdentityNamesWithLineBreaksStayOnTheirLineInActionDecisions() {
        MqttAuth auth = MqttAuth.builder().superusers(List.of("root" + FORGED))
                .authorizer("careless", (i, a) -> AuthorizationResult.deny(FailureReason.DENIED_BY_RULE,
                        "no rule for \"" + a.topic() + "\"")).build();
        Identity identity = Identity.builder("bob" + FORGED, "c" + FORGED).username("bob" + FORGED)
                .attribute(Identity.CERT_CN, "cn" + FORGED).build();
        Decision denied = auth.authorize(identity, Action.publish("a/b" + FORGED.replace("\u0000", "")));
        Decision invalid = auth.authorize(identity, Action.publish("a/#" + FORGED));
        Decision shared = auth.authorize(identity, Action.subscribe("$share/" + FORGED));
        Decision superuser = auth.authorize(Identity.builder("root" + FORGED, "r").superuser(true).build(),
                Action.publish("x"));
        List<String> texts = new ArrayList<>(logged);
        texts.add(identity.toString());
        for (Decision d : List.of(denied, invalid, shared, superuser)) {
            texts.add(d.toString());
            texts.add(d.detail());
            d.trail().forEach(s -> texts.add(s.toString()));
            assertThat(d.explain().lines()).allSatisfy(l -> assertThat(l).matches(
                    "(ALLOW|DENY [A-Z_]+) .*|  (decided by|detail|reason|codes|remedy|trail):.*|    .*"));
        }
        assertOneLineEach(texts);
        assertThat(invalid.reason()).contains(FailureReason.INVALID_TOPIC);
        assertThat(superuser.isAllowed()).isTrue();
    }
}
