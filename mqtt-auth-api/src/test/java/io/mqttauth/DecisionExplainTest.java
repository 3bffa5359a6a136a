package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** {@link Decision#explain()} says who decided, what they checked, the codes, the remedy, and never a secret. */
class DecisionExplainTest {

    private static final String SECRET = "pa55-SECRET-word";
    private static final String AUTH_DATA = "auth-DATA-secret";

    private static ConnectRequest request() throws Exception {
        return ConnectRequest.builder("sensor-1").username("alice").password(SECRET)
                .mqttVersion(MqttVersion.V5).remoteAddress(InetAddress.getByName("192.0.2.10"))
                .listener("tls").tls(TlsFacts.withoutClientCertificate("broker.example", "TLSv1.3", "TLS_AES_128_GCM_SHA256"))
                .authentication("SCRAM-SHA-256", AUTH_DATA.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** Compares the password as a provider would, and reports in operator-safe words. */
    private static final Authenticator PASSWORD_FILE = r -> {
        byte[] password = r.password().orElseThrow();
        boolean ok = java.security.MessageDigest.isEqual(password, "right".getBytes(StandardCharsets.UTF_8));
        ConnectRequest.clear(password);
        return ok ? AuthenticationResult.success(Identity.builder("alice", r).roles(java.util.Set.of("ops")).build(),
                "user \"alice\" found (passwd line 3); password matches")
                : AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH,
                        "user \"alice\" found (passwd line 3, $7$ PBKDF2-SHA512, 101 iterations); password does not match");
    };

    @Test
    void aRefusalExplainsProviderDetailCodesRemedyAndTrail() throws Exception {
        MqttAuth auth = MqttAuth.builder()
                .authenticator("x509", r -> AuthenticationResult.notApplicable("no client certificate"))
                .authenticator("password-file", PASSWORD_FILE).build();
        Decision d = auth.authenticate(request());
        assertThat(d.explain()).isEqualTo("""
                DENY PASSWORD_MISMATCH connect
                  decided by: password-file
                  detail:     user "alice" found (passwd line 3, $7$ PBKDF2-SHA512, 101 iterations); password does not match
                  reason:     The user is known but the password does not match.
                  codes:      MQTT 3.1.1: 5, MQTT 5: 0x87
                  remedy:     Check the client's password; to set a new one: mqtt-auth passwd FILE USER.
                  trail:
                    x509: ABSTAIN - no client certificate
                    password-file: REFUSE PASSWORD_MISMATCH - user "alice" found (passwd line 3, $7$ PBKDF2-SHA512, 101 iterations); password does not match
                """);
        assertThat(d.remedy()).isEqualTo(FailureReason.PASSWORD_MISMATCH.remedy());
        assertThat(d.toString()).isEqualTo("DENY PASSWORD_MISMATCH connect by password-file: user \"alice\" found "
                + "(passwd line 3, $7$ PBKDF2-SHA512, 101 iterations); password does not match");
    }

    @Test
    void anActionDecisionNamesTheActionAndIdentity() {
        MqttAuth auth = MqttAuth.builder()
                .authorizer("acl", (i, a) -> AuthorizationResult.deny(FailureReason.DENIED_BY_RULE,
                        "topic deny secret/# (acl line 7)"))
                .build();
        Decision d = auth.authorize(Identity.builder("bob", "c").build(), Action.publish("secret/x", 1, true));
        assertThat(d.explain()).startsWith("DENY DENIED_BY_RULE PUBLISH secret/x (qos 1, retain) as bob\n")
                .contains("decided by: acl").contains("topic deny secret/# (acl line 7)")
                .contains("codes:      MQTT 3.1.1: 0x80, MQTT 5: 0x87")
                .contains("remedy:     Change or remove the rule named in the detail.");
    }

    @Test
    void anAllowExplainsWithoutReasonOrRemedy() {
        Decision d = MqttAuth.builder().anonymous(true).build().authenticate(ConnectRequest.builder("c").build());
        assertThat(d.explain()).startsWith("ALLOW connect as anonymous\n  decided by: anonymous\n")
                .doesNotContain("remedy").doesNotContain("codes");
        assertThat(d.remedy()).isEmpty();
        assertThat(d.reason()).isEmpty();
    }

    @Test
    void noSecretInExplanationsToStringsLogEntriesOrLogs() throws Exception {
        List<String> logged = new ArrayList<>();
        Logger jul = Logger.getLogger(MqttAuth.class.getName());
        Level old = jul.getLevel();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(new java.util.logging.SimpleFormatter().format(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.setLevel(Level.ALL);
        jul.addHandler(handler);
        try {
            MqttAuth auth = MqttAuth.builder()
                    .authenticator("password-file", PASSWORD_FILE)
                    .authorizer("acl", (i, a) -> AuthorizationResult.allow("ok"))
                    .listener(new DecisionListener() {
                        @Override
                        public void connectDecided(ConnectAttempt request, Decision decision) {
                            logged.add(request + " " + decision);
                        }
                    })
                    .build();
            ConnectRequest request = request();
            Decision refused = auth.authenticate(request);
            Decision internal = MqttAuth.builder().authenticator("buggy", r -> {
                throw new IllegalStateException("cannot parse " + new String(r.password().orElseThrow(),
                        StandardCharsets.UTF_8));
            }).build().authenticate(request);
            Decision allowed = auth.authenticate(request.toBuilder().password("right").build());
            Identity identity = allowed.identity().orElseThrow();
            Decision action = auth.authorize(identity, Action.publish("t"));

            List<String> texts = new ArrayList<>(logged);
            texts.add(request.toString());
            texts.add(request.toBuilder().build().toString());
            texts.add(identity.toString());
            for (Decision d : List.of(refused, internal, allowed, action)) {
                texts.add(d.toString());
                texts.add(d.explain());
                texts.add(d.trail().toString());
            }
            auth.unauthorizedClients().list().forEach(e -> texts.add(e.toString()));
            assertThat(auth.unauthorizedClients().list()).isNotEmpty();
            texts.add(String.valueOf(logged.size()));
            assertThat(logged).as("the engine logged its refusal").isNotEmpty();
            assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(SECRET).doesNotContain(AUTH_DATA)
                    .doesNotContain("right"));
            assertThat(request.toString()).contains("password=given").contains("authenticationData=given");
        } finally {
            jul.removeHandler(handler);
            jul.setLevel(old);
        }
    }

    @Test
    void requestAccessorsReturnCopiesOfSecrets() throws Exception {
        ConnectRequest request = request();
        byte[] copy = request.password().orElseThrow();
        ConnectRequest.clear(copy);
        assertThat(new String(request.password().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(SECRET);
        assertThat(request.hasPassword()).isTrue();
        assertThat(ConnectRequest.builder("c").build().toString()).contains("password=none");
    }
}
