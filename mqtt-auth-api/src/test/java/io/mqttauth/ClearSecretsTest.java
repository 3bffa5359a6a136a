package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectRequest#clearSecrets()} wipes the password and authentication data once the decision is made, and
 * listeners are given a {@link ConnectAttempt} that has no way to reach them.
 */
class ClearSecretsTest {

    private static ConnectRequest request() {
        return ConnectRequest.builder("c").username("alice").password("S3cr3t-Pa55-7f3a")
                .authentication("SCRAM-SHA-256", "auth-data".getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void afterClearingTheRequestSaysAPasswordWasGivenButHoldsNone() {
        ConnectRequest r = request();
        assertThat(r.password()).isPresent();
        r.clearSecrets();
        assertThat(r.hasPassword()).isTrue();
        assertThat(r.password()).isEmpty();
        assertThat(r.authenticationData()).isEmpty();
        assertThat(r.authenticationMethod()).contains("SCRAM-SHA-256");
        assertThat(r.toString()).contains("password=given");
        ConnectRequest copy = r.toBuilder().build();
        assertThat(copy.hasPassword()).isFalse();
        assertThat(copy.authenticationData()).isEmpty();
        r.clearSecrets();
        assertThat(r.hasPassword()).isTrue();
    }

    @Test
    void clearingOverwritesTheRequestsOwnCopyOfThePassword() throws Exception {
        ConnectRequest r = request();
        java.lang.reflect.Field field = ConnectRequest.class.getDeclaredField("password");
        field.setAccessible(true);
        byte[] held = (byte[]) field.get(r);
        assertThat(new String(held, StandardCharsets.UTF_8)).isEqualTo("S3cr3t-Pa55-7f3a");
        r.clearSecrets();
        assertThat(held).containsOnly(0);
    }

    @Test
    void listenersGetAnAttemptWithoutSecretsThatTheBrokerCanClearAfter() {
        List<ConnectAttempt> heard = new ArrayList<>();
        MqttAuth auth = MqttAuth.builder()
                .authenticator("pw", r -> AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "wrong"))
                .listener(new DecisionListener() {
                    @Override
                    public void connectDecided(ConnectAttempt attempt, Decision decision) {
                        heard.add(attempt);
                    }
                }).build();
        ConnectRequest r = request();
        auth.authenticate(r);
        r.clearSecrets();
        assertThat(heard).singleElement().satisfies(a -> {
            assertThat(a.clientId()).isEqualTo("c");
            assertThat(a.username()).isEqualTo("alice");
            assertThat(a.passwordGiven()).isTrue();
            assertThat(a.authenticationMethod()).isEqualTo("SCRAM-SHA-256");
            assertThat(a.toString()).doesNotContain("S3cr3t").doesNotContain("auth-data");
        });
        // No accessor of the attempt returns bytes: it cannot hold the password.
        assertThat(ConnectAttempt.class.getRecordComponents())
                .noneMatch(c -> c.getType() == byte[].class || c.getType() == char[].class);
    }
}
