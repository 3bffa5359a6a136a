package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.EC_384;
import static io.mqttauth.jwt.Tokens.RSA;
import static io.mqttauth.jwt.Tokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.spi.Provider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks that own brokers: unsigned tokens, HMAC tokens "signed" with a public key, keys that do not fit the
 * header, keys the token brings itself, and ECDSA signatures of zeros. None gets in.
 */
class AlgorithmAttacksTest {

    @TempDir
    Path dir;

    private AuthenticationResult authenticate(Map<String, String> config, String token) {
        try (Provider provider = Tokens.provider(dir, config)) {
            return provider.authenticator().orElseThrow()
                    .authenticate(ConnectRequest.builder("c1").username("dev-1").password(token).build());
        }
    }

    private static void assertRefused(AuthenticationResult result, FailureReason reason, String detail) {
        assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Refusal.class, r -> {
            assertThat(r.reason()).as(r.detail()).isEqualTo(reason);
            assertThat(r.detail()).contains(detail);
        });
    }

    @Test
    void algNoneIsNeverAcceptedWhateverItsSpellingOrSignature() {
        Tokens.writeKeys(dir);
        Map<String, String> everything = Map.of("jwks.path", "keys.json", "hmac.secret-path", "secret",
                "algorithms", "RS256, ES256, HS256");
        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            assertRefused(authenticate(everything, jwt("admin").header("alg", alg).unsigned()),
                    FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "\"" + alg + "\"");
        }
        String withSignature = jwt("admin").unsigned() + "c2lnbmF0dXJl";
        assertRefused(authenticate(everything, withSignature), FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED,
                "never accepted");
    }

    @Test
    void hs256SignedWithTheRsaPublicKeyIsRefusedWhenOnlyTheRsaKeyIsConfigured() throws Exception {
        Path pem = Tokens.writePem(dir, "rsa.pem", RSA);
        Map<String, String> config = Map.of("public-key.path", "rsa.pem");
        List<byte[]> publicKeyAsSecret = List.of(Files.readAllBytes(pem), RSA.toRSAPublicKey().getEncoded(),
                RSA.getModulus().decode());
        for (byte[] secret : publicKeyAsSecret) {
            assertRefused(authenticate(config, jwt("admin").header("kid", "rsa-1").hmac(secret)),
                    FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "alg \"HS256\" is not allowed (allowed: RS256, RS384, "
                            + "RS512, PS256, PS384, PS512)");
        }
    }

    @Test
    void hs256SignedWithTheRsaPublicKeyIsCheckedOnlyAgainstTheHmacSecret() throws Exception {
        Tokens.writeKeys(dir);
        Map<String, String> config = Map.of("public-key.path", "rsa.pem", "hmac.secret-path", "secret");
        byte[] pemBytes = Files.readAllBytes(dir.resolve("rsa.pem"));
        assertRefused(authenticate(config, jwt("admin").hmac(pemBytes)), FailureReason.TOKEN_BAD_SIGNATURE,
                "does not verify with the HMAC secret in secret");
        assertThat(authenticate(config, jwt("admin").hmac(Tokens.SECRET)))
                .isInstanceOf(AuthenticationResult.Success.class);
    }

    @Test
    void hmacTokenNamingAPublicKeysKidIsRefusedForThatKey() throws Exception {
        Tokens.writeKeys(dir);
        Map<String, String> config = Map.of("jwks.path", "keys.json", "hmac.secret-path", "secret");
        byte[] modulus = RSA.getModulus().decode();
        assertRefused(authenticate(config, jwt("admin").header("kid", "rsa-1").hmac(modulus)),
                FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "HS256, which key \"rsa-1\" in keys.json (RSA 2048 bits) "
                        + "does not allow");
    }

    @Test
    void aJwkWhoseKtyContradictsTheHeaderIsNeverUsed() {
        Tokens.writeKeys(dir);
        Map<String, String> config = Map.of("jwks.path", "keys.json");
        // The EC key's kid on an RSA signature, and the RSA key's kid on an ECDSA signature.
        assertRefused(authenticate(config, jwt("admin").sign(RSA, JWSAlgorithm.RS256, "ec-1")),
                FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "RS256, which key \"ec-1\" in keys.json (EC P-256)");
        assertRefused(authenticate(config, jwt("admin").sign(EC, JWSAlgorithm.ES256, "rsa-1")),
                FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "ES256, which key \"rsa-1\"");
        // An ES384 signature under the kid of a P-256 key.
        Tokens.write(dir, "keys.json", Tokens.jwks(RSA, EC, EC_384));
        assertRefused(authenticate(config, jwt("admin").sign(EC_384, JWSAlgorithm.ES384, "ec-1")),
                FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "ES384, which key \"ec-1\" in keys.json (EC P-256)");
    }

    @Test
    void aJwkWhoseAlgOrUseContradictsTheHeaderIsNeverUsed() throws Exception {
        RSAKey rs256Only = new RSAKey.Builder(RSA.toRSAPublicKey()).keyID("rsa-1")
                .algorithm(JWSAlgorithm.RS256).build();
        RSAKey encryption = new RSAKey.Builder(Tokens.RSA_2.toRSAPublicKey()).keyID("rsa-2")
                .keyUse(KeyUse.ENCRYPTION).build();
        Tokens.write(dir, "keys.json", "{\"keys\":[" + rs256Only.toJSONString() + "," + encryption.toJSONString()
                + "," + EC.toPublicJWK().toJSONString() + "]}");
        Map<String, String> config = Map.of("jwks.path", "keys.json");
        assertThat(authenticate(config, jwt("dev").sign(RSA))).isInstanceOf(AuthenticationResult.Success.class);
        // The allow-list derived from the keys already leaves PS256 out; an explicit one lets it reach the key.
        assertRefused(authenticate(config, jwt("admin").sign(RSA, JWSAlgorithm.PS256, "rsa-1")),
                FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "alg \"PS256\" is not allowed (allowed: RS256, ES256)");
        assertRefused(authenticate(Map.of("jwks.path", "keys.json", "algorithms", "RS256, PS256, ES256"),
                jwt("admin").sign(RSA, JWSAlgorithm.PS256, "rsa-1")), FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED,
                "(RSA 2048 bits, alg RS256) does not allow");
        assertRefused(authenticate(config, jwt("admin").sign(Tokens.RSA_2)), FailureReason.TOKEN_UNKNOWN_KEY,
                "no key has kid \"rsa-2\"");
    }

    @Test
    void aKeyTheTokenBringsInItsHeaderIsIgnored() {
        Tokens.writeKeys(dir);
        RSAKey attacker = Tokens.rsa("attacker");
        Map<String, String> config = Map.of("jwks.path", "keys.json");
        String embedded = jwt("admin").header("jwk", attacker.toPublicJWK().toJSONObject())
                .header("jku", "https://attacker.example/jwks").sign(attacker);
        assertRefused(authenticate(config, embedded), FailureReason.TOKEN_UNKNOWN_KEY, "no key has kid \"attacker\"");
        String borrowedKid = jwt("admin").header("jwk", attacker.toPublicJWK().toJSONObject())
                .sign(attacker, JWSAlgorithm.RS256, "rsa-1");
        assertRefused(authenticate(config, borrowedKid), FailureReason.TOKEN_BAD_SIGNATURE, "key \"rsa-1\"");
    }

    @Test
    void anEcdsaSignatureOfZerosIsABadSignature() {
        Tokens.writeKeys(dir);
        String token = jwt("admin").sign(EC);
        String zeros = token.substring(0, token.lastIndexOf('.') + 1)
                + com.nimbusds.jose.util.Base64URL.encode(new byte[64]);
        assertRefused(authenticate(Map.of("jwks.path", "keys.json"), zeros), FailureReason.TOKEN_BAD_SIGNATURE,
                "ES256");
    }

    @Test
    void hmacAlgorithmsAreEnabledOnlyAsFarAsTheSecretIsLongEnough() {
        Tokens.write(dir, "secret", Tokens.SECRET);
        Map<String, String> config = Map.of("hmac.secret-path", "secret");
        assertThat(authenticate(config, jwt("dev").hmac(Tokens.SECRET)))
                .isInstanceOf(AuthenticationResult.Success.class);
        assertRefused(authenticate(config, jwt("dev").hmac(Tokens.SECRET, "HS512", "HmacSHA512")),
                FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "(allowed: HS256)");
        byte[] long64 = Tokens.random(64);
        Tokens.write(dir, "secret", long64);
        assertThat(authenticate(config, jwt("dev").hmac(long64, "HS512", "HmacSHA512")))
                .isInstanceOf(AuthenticationResult.Success.class);
    }

    @Test
    void aPemKeyVerifiesTokensWhateverKidTheyName() {
        Tokens.writePem(dir, "ec.pem", EC);
        AuthenticationResult result = authenticate(Map.of("public-key.path", "ec.pem"),
                jwt("dev").sign(EC, JWSAlgorithm.ES256, "issuer-key-7"));
        assertThat(result).isInstanceOf(AuthenticationResult.Success.class);
        assertThat(result.detail()).contains("the key without kid in ec.pem:1");
    }

    @Test
    void theTokenNeverAppearsInAnyDetail() {
        Tokens.writeKeys(dir);
        String token = jwt("dev").claim("secret_claim", "hunter2-hunter2").sign(RSA);
        List<String> parts = Tokens.parts(token);
        for (String t : List.of(token, Tokens.withPayload(token, "{\"secret_claim\":\"hunter2-hunter2\"}"),
                token.substring(0, token.length() - 4) + "AAAA")) {
            String detail = authenticate(Map.of("jwks.path", "keys.json", "required-claims", "tenant"), t).detail();
            assertThat(detail).doesNotContain(parts.get(1), parts.get(2), "hunter2")
                    .doesNotContain(new String(Tokens.SECRET, StandardCharsets.ISO_8859_1));
        }
    }
}
