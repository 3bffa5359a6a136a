package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.NOW;
import static io.mqttauth.jwt.Tokens.RSA;
import static io.mqttauth.jwt.Tokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.spi.Provider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Named attack cases on the JWT path that {@link AlgorithmAttacksTest} and {@link RefusalReasonsTest} do not already
 * cover: hostile {@code kid} values, a 10 MB token, and a far-future expiry on a broken signature. ({@code alg: none},
 * HS256 signed with the RSA public key, and JWKs whose {@code kty} or {@code alg} contradict the header are in
 * {@link AlgorithmAttacksTest}.)
 */
class AttackCasesTest {

    @TempDir
    Path dir;

    private AuthenticationResult authenticate(Map<String, String> config, byte[] token) {
        try (Provider provider = Tokens.provider(dir, config)) {
            return provider.authenticator().orElseThrow()
                    .authenticate(ConnectRequest.builder("c1").username("dev-1").password(token).build());
        }
    }

    private AuthenticationResult authenticate(Map<String, String> config, String token) {
        return authenticate(config, token.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(AuthenticationResult result, FailureReason reason, String detail) {
        assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Refusal.class, r -> {
            assertThat(r.reason()).as(r.detail()).isEqualTo(reason);
            assertThat(r.detail()).contains(detail);
        });
    }

    @ParameterizedTest(name = "kid {0}")
    @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "..\\..\\windows\\win.ini", "keys.json",
            "' OR 1=1 --", "rsa-1' OR '1'='1", "rsa-1\u0000", "\u0000", "rsa-1\r\nX-Injected: 1", "\r\n", "${jndi:x}"})
    void aKidWithPathTraversalOrInjectionIsAnUnknownKey(String kid) {
        Tokens.writeKeys(dir);
        String token = jwt("admin").sign(RSA, JWSAlgorithm.RS256, kid);
        assertRefused(authenticate(Map.of("jwks.path", "keys.json"), token), FailureReason.TOKEN_UNKNOWN_KEY,
                "no key has kid");
        // With the HMAC secret and the JWKS both configured, an HS256 token with such a kid does not reach a file.
        String hmac = jwt("admin").header("kid", kid).hmac(Tokens.SECRET);
        AuthenticationResult result = authenticate(Map.of("jwks.path", "keys.json", "hmac.secret-path", "secret",
                "algorithms", "RS256, ES256, HS256"), hmac);
        assertThat(result).as(result.detail()).isInstanceOfAny(AuthenticationResult.Success.class,
                AuthenticationResult.Refusal.class);
        if (result instanceof AuthenticationResult.Refusal r) {
            assertThat(r.reason()).as(r.detail()).isEqualTo(FailureReason.TOKEN_UNKNOWN_KEY);
        }
    }

    @Test
    void aTenMegabyteTokenIsTooLargeBeforeAnyParsing() {
        Tokens.writeKeys(dir);
        String token = jwt("dev-1").sign(EC);
        byte[] huge = Arrays.copyOf(token.getBytes(StandardCharsets.US_ASCII), 10 * 1024 * 1024);
        Arrays.fill(huge, token.length(), huge.length, (byte) 'A');
        assertRefused(authenticate(Map.of("jwks.path", "keys.json"), huge), FailureReason.TOKEN_TOO_LARGE,
                "10485760 bytes");
        // Also at the largest limit that may be configured.
        assertRefused(authenticate(Map.of("jwks.path", "keys.json", "max-token-bytes", "65535"), huge),
                FailureReason.TOKEN_TOO_LARGE, "more than jwt.max-token-bytes = 65535");
    }

    @Test
    void aFarFutureExpiryDoesNotRescueABrokenSignature() {
        Tokens.writeKeys(dir);
        for (long exp : List.of(NOW.getEpochSecond() + 100L * 365 * 24 * 3600, 253_402_300_799L)) {
            String token = jwt("admin").claim("exp", exp).sign(RSA);
            String broken = token.substring(0, token.length() - 6)
                    + (token.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
            assertRefused(authenticate(Map.of("jwks.path", "keys.json"), broken), FailureReason.TOKEN_BAD_SIGNATURE,
                    "does not verify with key \"rsa-1\"");
            String unsigned = token.substring(0, token.lastIndexOf('.') + 1);
            assertRefused(authenticate(Map.of("jwks.path", "keys.json"), unsigned),
                    FailureReason.TOKEN_BAD_SIGNATURE, "rsa-1");
        }
    }
}
