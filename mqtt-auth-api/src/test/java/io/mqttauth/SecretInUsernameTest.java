package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * When an authenticator {@linkplain Authenticator#secretInUsername() reads a secret from the user name}, the engine
 * never shows or keeps the user name: not in the unauthorized-clients log, its log, the attempts given to listeners,
 * nor any detail of the decision, even one another provider wrote.
 */
class SecretInUsernameTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXZpY2UtNyJ9.c2lnbmF0dXJlLTdmM2E";

    /** Reads a token from the user name and answers {@code result}, with a detail that does not quote it. */
    private static Authenticator tokens(AuthenticationResult result) {
        return new Authenticator() {
            @Override
            public AuthenticationResult authenticate(ConnectRequest request) {
                return result;
            }

            @Override
            public boolean secretInUsername() {
                return true;
            }
        };
    }

    /** A password provider that does not know the user, and says so quoting the user name. */
    private static final Authenticator PASSWORDS = r -> AuthenticationResult.unknown(FailureReason.NO_CREDENTIALS_FOUND,
            "user " + SafeText.quote(r.username().orElse("")) + " is not in passwd");

    @Test
    void theUserNameIsHiddenEverywhereTheEngineShowsOrKeepsIt() throws Exception {
        List<String> texts = new ArrayList<>();
        Logger jul = Logger.getLogger(MqttAuth.class.getName());
        Level old = jul.getLevel();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                texts.add(new java.util.logging.SimpleFormatter().format(r));
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
            List<ConnectAttempt> heard = new ArrayList<>();
            MqttAuth auth = MqttAuth.builder().authenticator("password-file", PASSWORDS)
                    .authenticator("jwt", tokens(AuthenticationResult.refuse(FailureReason.TOKEN_BAD_SIGNATURE,
                            "the signature does not verify")))
                    .listener(new DecisionListener() {
                        @Override
                        public void connectDecided(ConnectAttempt attempt, Decision decision) {
                            heard.add(attempt);
                        }
                    }).build();
            ConnectRequest request = ConnectRequest.builder("device-7").username(TOKEN)
                    .remoteAddress(InetAddress.getByName("192.0.2.7")).build();
            Decision refused = auth.authenticate(request);
            assertThat(refused.reason()).contains(FailureReason.TOKEN_BAD_SIGNATURE);
            Decision unknown = MqttAuth.builder().authenticator("password-file", PASSWORDS)
                    .authenticator("jwt", tokens(AuthenticationResult.notApplicable("not a token")))
                    .build().authenticate(request);
            assertThat(unknown.reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
            Decision failed = MqttAuth.builder().authenticator("jwt", new Authenticator() {
                @Override
                public AuthenticationResult authenticate(ConnectRequest r) {
                    throw new IllegalStateException("bug");
                }

                @Override
                public boolean secretInUsername() {
                    return true;
                }
            }).build().authenticate(request);
            assertThat(failed.reason()).contains(FailureReason.INTERNAL_ERROR);

            for (Decision d : List.of(refused, unknown, failed)) {
                texts.add(d.toString());
                texts.add(d.explain());
            }
            assertThat(refused.explain()).contains("password-file: ABSTAIN NO_CREDENTIALS_FOUND - user "
                    + "\"<secret in user name>\" is not in passwd");
            heard.forEach(a -> texts.add(a.toString()));
            assertThat(heard).singleElement().satisfies(a ->
                    assertThat(a.username()).isEqualTo(ConnectAttempt.HIDDEN_USERNAME));
            texts.add(auth.attempt(request).toString());
            UnauthorizedClient entry = auth.unauthorizedClients().list().get(0);
            assertThat(entry.username()).isEqualTo(ConnectAttempt.HIDDEN_USERNAME);
            texts.add(entry.toString());
            assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(TOKEN)
                    .doesNotContain("c2lnbmF0dXJlLTdmM2E"));
        } finally {
            jul.removeHandler(handler);
            jul.setLevel(old);
        }
    }

    @Test
    void withoutSuchAnAuthenticatorTheUserNameIsShownAsSent() {
        MqttAuth auth = MqttAuth.builder().authenticator("password-file", PASSWORDS).build();
        ConnectRequest request = ConnectRequest.builder("c").username("alice").build();
        Decision d = auth.authenticate(request);
        assertThat(d.detail()).isEqualTo("user \"alice\" is not in passwd");
        assertThat(auth.unauthorizedClients().list().get(0).username()).isEqualTo("alice");
        assertThat(auth.attempt(request).username()).isEqualTo("alice");
    }
}
