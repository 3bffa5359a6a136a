package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.spi.Provider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the token is read from, how its size is counted against jwt.max-token-bytes, and what that makes secret. */
class TokenFieldTest {

    @TempDir
    Path dir;

    @BeforeEach
    void keys() {
        Tokens.writeKeys(dir);
    }

    private static void assertTooLarge(AuthenticationResult result, String detail) {
        assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Refusal.class, r -> {
            assertThat(r.reason()).isEqualTo(FailureReason.TOKEN_TOO_LARGE);
            assertThat(r.detail()).isEqualTo(detail);
        });
    }

    private static void assertNotAJwt(AuthenticationResult result) {
        assertThat(result).as(result.detail()).isInstanceOfSatisfying(AuthenticationResult.Abstain.class,
                a -> assertThat(a.reason()).isEqualTo(FailureReason.TOKEN_MALFORMED));
    }

    @Test
    void aPasswordOfExactlyMaxTokenBytesIsReadAndOneByteMoreIsTooLarge() {
        try (Provider p = Tokens.provider(dir, Map.of("public-key.path", "ec.pem", "max-token-bytes", "64"))) {
            Authenticator a = p.authenticator().orElseThrow();
            assertNotAJwt(a.authenticate(ConnectRequest.builder("c1").password("x".repeat(64)).build()));
            assertTooLarge(a.authenticate(ConnectRequest.builder("c1").password("x".repeat(65)).build()),
                    "the password is 65 bytes, more than jwt.max-token-bytes = 64");
        }
    }

    @Test
    void aUserNameOfExactlyMaxTokenBytesIsReadAndOneByteMoreIsTooLarge() {
        try (Provider p = Tokens.provider(dir, Map.of("public-key.path", "ec.pem", "max-token-bytes", "64",
                "token-from", "username"))) {
            Authenticator a = p.authenticator().orElseThrow();
            assertNotAJwt(a.authenticate(ConnectRequest.builder("c1").username("x".repeat(64)).build()));
            assertTooLarge(a.authenticate(ConnectRequest.builder("c1").username("x".repeat(65)).build()),
                    "the user name is 65 bytes, more than jwt.max-token-bytes = 64");
        }
    }

    @Test
    void aUserNameIsMeasuredInUtf8Bytes() {
        // Characters on both sides of each UTF-8 length boundary and a surrogate pair, in uneven numbers (three of
        // two bytes, one of three) so that no miscount cancels out: 15 bytes in 8 chars.
        String mixed = "a\u007f\u0080\u07ff\u0100\u0800\ud83d\ude00";
        assertThat(mixed.getBytes(StandardCharsets.UTF_8)).hasSize(15);
        try (Provider p = Tokens.provider(dir, Map.of("public-key.path", "ec.pem", "max-token-bytes", "64",
                "token-from", "username"))) {
            Authenticator a = p.authenticator().orElseThrow();
            assertTooLarge(a.authenticate(ConnectRequest.builder("c1").username(mixed.repeat(5)).build()),
                    "the user name is 75 bytes, more than jwt.max-token-bytes = 64");
            assertNotAJwt(a.authenticate(ConnectRequest.builder("c1").username(mixed.repeat(4)).build()));
        }
    }

    @Test
    void theUserNameIsASecretOnlyWhenItCarriesTheToken() {
        try (Provider password = Tokens.provider(dir, Map.of("public-key.path", "ec.pem"));
                Provider username = Tokens.provider(dir, Map.of("public-key.path", "ec.pem", "token-from",
                        "username"))) {
            assertThat(password.authenticator().orElseThrow().secretInUsername()).isFalse();
            assertThat(password.toString()).endsWith("token in the password]");
            assertThat(username.authenticator().orElseThrow().secretInUsername()).isTrue();
            assertThat(username.toString()).endsWith("token in the user name]");
            AuthenticationResult result = username.authenticator().orElseThrow().authenticate(
                    ConnectRequest.builder("c1").username(jwt("dev-1").sign(EC)).build());
            assertThat(result).as(result.detail()).isInstanceOf(AuthenticationResult.Success.class);
        }
    }
}
