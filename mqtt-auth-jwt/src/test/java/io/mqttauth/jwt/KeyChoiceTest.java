package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.RSA;
import static io.mqttauth.jwt.Tokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.spi.Provider;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which keys a token is checked against, and how a refusal names them and where they come from. */
class KeyChoiceTest {

    @TempDir
    Path dir;

    @BeforeEach
    void keys() {
        Tokens.writeKeys(dir);
    }

    private AuthenticationResult authenticate(Map<String, String> config, String token) {
        try (Provider p = Tokens.provider(dir, config)) {
            return p.authenticator().orElseThrow().authenticate(ConnectRequest.builder("c1").password(token).build());
        }
    }

    private static void assertRefused(AuthenticationResult result, FailureReason reason, String detail) {
        assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Refusal.class, r -> {
            assertThat(r.reason()).as(r.detail()).isEqualTo(reason);
            assertThat(r.detail()).isEqualTo(detail);
        });
    }

    private static ECKey ec(String kid) {
        return Tokens.ec(kid, Curve.P_256);
    }

    @Test
    void aBadSignatureNamesThreeKeysTriedAndCountsTheRest() {
        Tokens.write(dir, "three.json", Tokens.jwks(ec("k1"), ec("k2"), ec("k3")));
        Tokens.write(dir, "five.json", Tokens.jwks(ec("k1"), ec("k2"), ec("k3"), ec("k4"), ec("k5")));
        String token = jwt("dev-1").sign(EC, JWSAlgorithm.ES256, null);
        assertRefused(authenticate(Map.of("jwks.path", "three.json"), token), FailureReason.TOKEN_BAD_SIGNATURE,
                "the ES256 signature does not verify with key \"k1\" in three.json, key \"k2\" in three.json, "
                        + "key \"k3\" in three.json");
        assertRefused(authenticate(Map.of("jwks.path", "five.json"), token), FailureReason.TOKEN_BAD_SIGNATURE,
                "the ES256 signature does not verify with key \"k1\" in five.json, key \"k2\" in five.json, "
                        + "key \"k3\" in five.json and 2 more");
    }

    @Test
    void anUnknownKidNamesEveryKeySource() {
        assertRefused(authenticate(Map.of("jwks.path", "keys.json", "public-key.path", "ec.pem"),
                jwt("dev-1").sign(RSA, JWSAlgorithm.RS256, "x")), FailureReason.TOKEN_UNKNOWN_KEY,
                "no key has kid \"x\", and no key without kid can verify RS256 (keys in keys.json, in ec.pem)");
    }

    @Test
    void aTokenWithoutKidThatNoKeyCanVerifyIsAnUnknownKey() {
        assertRefused(authenticate(Map.of("public-key.path", "ec.pem", "algorithms", "ES256, ES384"),
                jwt("dev-1").sign(Tokens.EC_384, JWSAlgorithm.ES384, null)), FailureReason.TOKEN_UNKNOWN_KEY,
                "no configured key can verify ES384 (keys in ec.pem)");
    }

    @Test
    void aKidSharedByKeysOfTwoTypesIsCheckedWithTheOneThatAllowsTheAlgorithm() {
        Tokens.write(dir, "shared.json", Tokens.jwks(new RSAKey.Builder(RSA).keyID("shared").build(),
                new ECKey.Builder(EC).keyID("shared").build()));
        Map<String, String> config = Map.of("jwks.path", "shared.json");
        AuthenticationResult good = authenticate(config, jwt("dev-1").sign(EC, JWSAlgorithm.ES256, "shared"));
        assertThat(good).as(good.detail()).isInstanceOf(AuthenticationResult.Success.class);
        assertRefused(authenticate(config, jwt("dev-1").sign(ec("other"), JWSAlgorithm.ES256, "shared")),
                FailureReason.TOKEN_BAD_SIGNATURE, "the ES256 signature does not verify with key \"shared\" in "
                        + "shared.json");
    }

    @Test
    void aKidWhoseOnlyKeyForbidsTheAlgorithmIsNamedAlongWithTheKeysWithoutKidThatFailed() {
        assertRefused(authenticate(Map.of("jwks.path", "keys.json", "public-key.path", "ec.pem"),
                jwt("dev-1").sign(ec("other"), JWSAlgorithm.ES256, "rsa-1")), FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED,
                "the token is signed with ES256, which key \"rsa-1\" in keys.json (RSA 2048 bits) does not allow; "
                        + "the keys without kid (the key without kid in ec.pem:1) do not verify it either");
    }
}
