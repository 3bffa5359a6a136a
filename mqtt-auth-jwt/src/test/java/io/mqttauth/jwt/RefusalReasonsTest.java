package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.NOW;
import static io.mqttauth.jwt.Tokens.RSA;
import static io.mqttauth.jwt.Tokens.RSA_2;
import static io.mqttauth.jwt.Tokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.spi.Provider;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal reason of a token, each from a token built for it, and what an accepted token becomes. */
class RefusalReasonsTest {

    @TempDir
    Path dir;

    private Provider provider;

    @BeforeEach
    void keys() {
        Tokens.writeKeys(dir);
    }

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private AuthenticationResult authenticate(Map<String, String> config, String token) {
        return authenticate(config, ConnectRequest.builder("c1").username("dev-1").password(token).build());
    }

    private AuthenticationResult authenticate(Map<String, String> config, ConnectRequest request) {
        if (provider == null) {
            Map<String, String> c = new HashMap<>(Map.of("jwks.path", "keys.json", "reload", "off"));
            c.putAll(config);
            provider = Tokens.provider(dir, c);
        }
        return provider.authenticator().orElseThrow().authenticate(request);
    }

    private static void assertRefused(AuthenticationResult result, FailureReason reason, String detail) {
        assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Refusal.class, r -> {
            assertThat(r.reason()).as(r.detail()).isEqualTo(reason);
            assertThat(r.detail()).contains(detail);
        });
    }

    private static Identity accepted(AuthenticationResult result) {
        assertThat(result).as(result.detail()).isInstanceOf(AuthenticationResult.Success.class);
        return ((AuthenticationResult.Success) result).identity();
    }

    @Test
    void aValidTokenBecomesAnIdentityNamedBySubWithItsExpiryAndIssuer() {
        String token = jwt("dev-1").claim("iss", "https://issuer.example").claim("jti", "t-42").sign(EC);
        AuthenticationResult result = authenticate(Map.of(), token);
        Identity identity = accepted(result);
        assertThat(identity.name()).isEqualTo("dev-1");
        assertThat(identity.provider()).isEqualTo("jwt");
        assertThat(identity.expiresAt()).contains(NOW.plusSeconds(3600));
        assertThat(identity.attributes()).containsEntry("jwt_iss", "https://issuer.example")
                .containsEntry("jwt_jti", "t-42").doesNotContainKey(TokenRules.ATTRIBUTE);
        assertThat(result.detail()).contains("key \"ec-1\" in keys.json", "ES256", "sub \"dev-1\"");
    }

    @Test
    void credentialsThatAreNotAJwtArePassedOnWithTokenMalformed() {
        for (String password : List.of("secret", "a.b", "a.b.c.d", "not a.jwt.at all", "eyJ.eyJ=.x", "..x")) {
            AuthenticationResult result = authenticate(Map.of(), password);
            assertThat(result).as(password).isInstanceOfSatisfying(AuthenticationResult.Abstain.class,
                    a -> assertThat(a.reason()).isEqualTo(FailureReason.TOKEN_MALFORMED));
        }
        AuthenticationResult none = authenticate(Map.of(), ConnectRequest.builder("c1").username("dev-1").build());
        assertThat(none).isInstanceOfSatisfying(AuthenticationResult.Abstain.class,
                a -> assertThat(a.reason()).isNull());
    }

    @Test
    void aTokenWithALineBreakOrSpacesAroundItIsNotAJwtAndTheDetailSaysWhy() {
        String token = jwt("dev-1").sign(EC);
        for (String padded : List.of(token + "\n", token + "\r\n", " " + token, token + "\t")) {
            AuthenticationResult result = authenticate(Map.of(), padded);
            assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Abstain.class, a -> {
                assertThat(a.reason()).isEqualTo(FailureReason.TOKEN_MALFORMED);
                assertThat(a.recognized()).isFalse();
                assertThat(a.detail()).isEqualTo("the password is not a JWT (three dot-separated base64url parts); it "
                        + "would be one without the white space or line break around it, so it is left to the next "
                        + "authenticator");
            });
        }
        assertThat(authenticate(Map.of(), "a b\n").detail()).isEqualTo("the password is not a JWT (three "
                + "dot-separated base64url parts), so it is left to the next authenticator");
    }

    @Test
    void tooLargeIsRefusedBeforeAnyParsing() {
        String token = jwt("dev-1").claim("pad", "x".repeat(300)).sign(EC);
        assertRefused(authenticate(Map.of("max-token-bytes", "256"), token), FailureReason.TOKEN_TOO_LARGE,
                "more than jwt.max-token-bytes = 256");
        assertRefused(authenticate(Map.of(), "x".repeat(8193)), FailureReason.TOKEN_TOO_LARGE, "8193 bytes");
    }

    @Test
    void malformedHeaderPayloadOrClaimIsTokenMalformed() {
        String good = jwt("dev-1").sign(EC);
        List<String> p = Tokens.parts(good);
        assertRefused(authenticate(Map.of(), Tokens.part("not json") + "." + p.get(1) + "." + p.get(2)),
                FailureReason.TOKEN_MALFORMED, "the header is not a JSON object");
        assertRefused(authenticate(Map.of(), Tokens.part("{\"typ\":\"JWT\"}") + "." + p.get(1) + "." + p.get(2)),
                FailureReason.TOKEN_MALFORMED, "no alg");
        assertRefused(authenticate(Map.of(), jwt("dev-1").header("crit", List.of("exp")).header("exp", 1).sign(EC)),
                FailureReason.TOKEN_MALFORMED, "critical");
        assertRefused(authenticate(Map.of(), jwt("dev-1").header("enc", "A128GCM").sign(EC)),
                FailureReason.TOKEN_MALFORMED, "encrypted");
        assertRefused(authenticate(Map.of(), jwt("dev-1").header("kid", 7).sign(EC, JWSAlgorithm.ES256, null)),
                FailureReason.TOKEN_MALFORMED, "its kid is not a string");
        assertRefused(authenticate(Map.of(), jwt("dev-1").header("crit", "exp").sign(EC)),
                FailureReason.TOKEN_MALFORMED, "its crit is not an array of strings");
        assertRefused(authenticate(Map.of(), new Tokens.Jwt().payload("[1,2]").sign(EC)), FailureReason.TOKEN_MALFORMED,
                "the payload is not a JSON object");
        assertRefused(authenticate(Map.of(), jwt("dev-1").claim("exp", "tomorrow").sign(EC)),
                FailureReason.TOKEN_MALFORMED, "claim exp is not a time");
        assertRefused(authenticate(Map.of(), jwt("dev-1").claim("nbf", 1e300).sign(EC)),
                FailureReason.TOKEN_MALFORMED, "claim nbf is not a time");
    }

    @Test
    void algorithmOffTheAllowListIsRefused() {
        assertRefused(authenticate(Map.of(), jwt("dev-1").unsigned()), FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED,
                "never accepted");
        assertRefused(authenticate(Map.of(), jwt("dev-1").hmac(Tokens.SECRET)),
                FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "alg \"HS256\" is not allowed");
        assertRefused(authenticate(Map.of(), jwt("dev-1").header("alg", "XS999").sign(EC)),
                FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "alg \"XS999\" is not allowed");
    }

    @Test
    void explicitAllowListRefusesOtherAlgorithmsOfTheSameKey() {
        String ps256 = jwt("dev-1").sign(RSA, JWSAlgorithm.PS256, "rsa-1");
        assertRefused(authenticate(Map.of("algorithms", "RS256, ES256"), ps256),
                FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "allowed: RS256, ES256");
    }

    @Test
    void unknownKidIsTokenUnknownKey() {
        String token = jwt("dev-1").sign(RSA_2);
        assertRefused(authenticate(Map.of(), token), FailureReason.TOKEN_UNKNOWN_KEY,
                "no key has kid \"rsa-2\"");
    }

    @Test
    void wrongKeyOrTamperedPayloadIsBadSignature() {
        String otherKey = jwt("dev-1").sign(RSA_2, JWSAlgorithm.RS256, "rsa-1");
        assertRefused(authenticate(Map.of(), otherKey), FailureReason.TOKEN_BAD_SIGNATURE,
                "does not verify with key \"rsa-1\" in keys.json");
        String tampered = Tokens.withPayload(jwt("dev-1").sign(RSA), "{\"sub\":\"admin\",\"exp\":"
                + (NOW.getEpochSecond() + 60) + "}");
        assertRefused(authenticate(Map.of(), tampered), FailureReason.TOKEN_BAD_SIGNATURE, "RS256");
    }

    @Test
    void ecdsaSignatureOfTheWrongLengthOrOutOfRangeIsBadSignature() {
        List<String> p = Tokens.parts(jwt("dev-1").sign(EC));
        String input = p.get(0) + "." + p.get(1) + ".";
        byte[] signature = Base64.getUrlDecoder().decode(p.get(2));
        String truncated = input + Base64.getUrlEncoder().withoutPadding().encodeToString(
                Arrays.copyOf(signature, 63));
        assertRefused(authenticate(Map.of(), truncated), FailureReason.TOKEN_BAD_SIGNATURE, "ES256");
        // CVE-2022-21449: r = s = 0 verified as valid in the JDK's ECDSA of 15 to 18.0.1.
        String zeros = input + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        assertRefused(authenticate(Map.of(), zeros), FailureReason.TOKEN_BAD_SIGNATURE, "ES256");
        byte[] doubled = Arrays.copyOf(signature, 128);
        System.arraycopy(signature, 0, doubled, 64, 64);
        String tooLong = input + Base64.getUrlEncoder().withoutPadding().encodeToString(doubled);
        assertRefused(authenticate(Map.of(), tooLong), FailureReason.TOKEN_BAD_SIGNATURE, "ES256");
    }

    @Test
    void expiredOrWithoutExpIsTokenExpired() {
        assertRefused(authenticate(Map.of(), jwt("dev-1").claim("exp", NOW.getEpochSecond() - 61).sign(EC)),
                FailureReason.TOKEN_EXPIRED, "expired at");
        assertRefused(authenticate(Map.of(), jwt("dev-1").without("exp").sign(EC)), FailureReason.TOKEN_EXPIRED,
                "no exp claim, and jwt.require-exp = true");
    }

    @Test
    void withoutExpIsAcceptedWhenNotRequiredAndNeverExpires() {
        Identity identity = accepted(authenticate(Map.of("require-exp", "false"),
                jwt("dev-1").without("exp").sign(EC)));
        assertThat(identity.expiresAt()).isEmpty();
    }

    @Test
    void expiryWithinTheClockSkewIsAcceptedUntilTheSkewRunsOut() {
        long exp = NOW.getEpochSecond() - 30;
        Identity identity = accepted(authenticate(Map.of(), jwt("dev-1").claim("exp", exp).sign(EC)));
        assertThat(identity.expiresAt()).contains(NOW.plusSeconds(30));
    }

    @Test
    void zeroClockSkewRefusesAnExpiredTokenAtOnce() {
        assertRefused(authenticate(Map.of("clock-skew", "0s"), jwt("dev-1").claim("exp", NOW.getEpochSecond())
                .sign(EC)), FailureReason.TOKEN_EXPIRED, "jwt.clock-skew 0 s");
    }

    @Test
    void futureNbfOrIatBeyondTheSkewIsNotYetValid() {
        assertRefused(authenticate(Map.of(), jwt("dev-1").claim("nbf", NOW.getEpochSecond() + 61).sign(EC)),
                FailureReason.TOKEN_NOT_YET_VALID, "not valid before");
        assertRefused(authenticate(Map.of(), jwt("dev-1").claim("iat", NOW.getEpochSecond() + 61).sign(EC)),
                FailureReason.TOKEN_NOT_YET_VALID, "in the future (iat)");
    }

    @Test
    void nbfAndIatWithinTheSkewAreAccepted() {
        accepted(authenticate(Map.of(), jwt("dev-1").claim("nbf", NOW.getEpochSecond() + 59)
                .claim("iat", NOW.getEpochSecond() + 59).sign(EC)));
    }

    @Test
    void issuerMismatchIsTokenClaimMismatch() {
        Map<String, String> config = Map.of("issuer", "https://good.example");
        assertRefused(authenticate(config, jwt("dev-1").claim("iss", "https://evil.example").sign(EC)),
                FailureReason.TOKEN_CLAIM_MISMATCH, "claim iss is \"https://evil.example\", not jwt.issuer");
        assertRefused(authenticate(config, jwt("dev-1").sign(EC)), FailureReason.TOKEN_CLAIM_MISMATCH,
                "no iss claim");
        accepted(authenticate(config, jwt("dev-1").claim("iss", "https://good.example").sign(EC)));
    }

    @Test
    void audienceMayBeAStringOrAnArrayAndOneMustBeAccepted() {
        Map<String, String> config = Map.of("audience", "mqtt, broker-2");
        accepted(authenticate(config, jwt("dev-1").claim("aud", "broker-2").sign(EC)));
        accepted(authenticate(config, jwt("dev-1").claim("aud", List.of("web", "mqtt")).sign(EC)));
        assertRefused(authenticate(config, jwt("dev-1").claim("aud", List.of("web")).sign(EC)),
                FailureReason.TOKEN_CLAIM_MISMATCH, "none is in jwt.audience [\"mqtt\", \"broker-2\"]");
        assertRefused(authenticate(config, jwt("dev-1").sign(EC)), FailureReason.TOKEN_CLAIM_MISMATCH,
                "no aud claim");
        assertRefused(authenticate(config, jwt("dev-1").claim("aud", 7).sign(EC)),
                FailureReason.TOKEN_CLAIM_MISMATCH, "neither a string nor an array");
    }

    @Test
    void aTokenForAnAudienceIsRefusedWhenNoAudienceIsConfigured() {
        assertRefused(authenticate(Map.of(), jwt("dev-1").claim("aud", "billing-api").sign(EC)),
                FailureReason.TOKEN_CLAIM_MISMATCH, "claim aud is [\"billing-api\"], and jwt.audience is not set");
    }

    @Test
    void requiredClaimMissingIsNamed() {
        assertRefused(authenticate(Map.of("required-claims", "tenant, jti"), jwt("dev-1").claim("tenant", "t1")
                .sign(EC)), FailureReason.TOKEN_CLAIM_MISMATCH, "no claim \"jti\" (jwt.required-claims)");
    }

    @Test
    void claimValuesWithPlaceholdersMustMatchAndAMismatchNamesOnlyTheClaim() {
        Map<String, String> config = Map.of("claims.device", "${username}-${clientid}", "claims.level", "3");
        accepted(authenticate(config, jwt("dev-1").claim("device", "dev-1-c1").claim("level", 3).sign(EC)));
        AuthenticationResult wrong = authenticate(config, jwt("dev-1").claim("device", "s3cr3t-value")
                .claim("level", 3).sign(EC));
        assertRefused(wrong, FailureReason.TOKEN_CLAIM_MISMATCH,
                "claim \"device\" does not have the value jwt.claims.device requires");
        assertThat(wrong.detail()).doesNotContain("s3cr3t-value", "dev-1-c1");
        assertRefused(authenticate(config, jwt("dev-1").claim("level", 3).sign(EC)),
                FailureReason.TOKEN_CLAIM_MISMATCH, "no claim \"device\" (jwt.claims.device)");
        assertRefused(authenticate(config, ConnectRequest.builder("c1").password(jwt("dev-1")
                .claim("device", "-c1").claim("level", 3).sign(EC)).build()), FailureReason.TOKEN_CLAIM_MISMATCH,
                "the client sent no user name");
    }

    @Test
    void usernameClaimMustEqualTheUserNameSent() {
        Map<String, String> config = Map.of("username-claim", "sub");
        accepted(authenticate(config, jwt("dev-1").sign(EC)));
        assertRefused(authenticate(config, jwt("dev-2").sign(EC)), FailureReason.TOKEN_CLAIM_MISMATCH,
                "claim \"sub\" is not the user name \"dev-1\"");
        assertRefused(authenticate(config, ConnectRequest.builder("c1").password(jwt("dev-1").sign(EC)).build()),
                FailureReason.TOKEN_CLAIM_MISMATCH, "sent no user name");
    }

    @Test
    void identityComesFromTheConfiguredClaimWhichMustBePresent() {
        Map<String, String> config = Map.of("identity-claim", "device_id");
        assertThat(accepted(authenticate(config, jwt("dev-1").claim("device_id", "D-7").sign(EC))).name())
                .isEqualTo("D-7");
        assertRefused(authenticate(config, jwt("dev-1").sign(EC)), FailureReason.TOKEN_CLAIM_MISMATCH,
                "no claim \"device_id\" to name the identity");
        assertRefused(authenticate(config, jwt("dev-1").claim("device_id", "").sign(EC)),
                FailureReason.TOKEN_CLAIM_MISMATCH, "is empty");
        assertRefused(authenticate(config, jwt("dev-1").claim("device_id", List.of("a")).sign(EC)),
                FailureReason.TOKEN_CLAIM_MISMATCH, "is not a string");
    }

    @Test
    void rolesComeFromAStringOrAnArrayClaim() {
        Map<String, String> config = Map.of("roles-claim", "groups");
        assertThat(accepted(authenticate(config, jwt("dev-1").claim("groups", List.of("sensors", "ops")).sign(EC)))
                .roles()).containsExactlyInAnyOrder("sensors", "ops");
        assertThat(accepted(authenticate(config, jwt("dev-1").claim("groups", "ops").sign(EC))).roles())
                .containsExactly("ops");
        assertThat(accepted(authenticate(config, jwt("dev-1").sign(EC))).roles()).isEmpty();
        assertRefused(authenticate(config, jwt("dev-1").claim("groups", Map.of("a", 1)).sign(EC)),
                FailureReason.TOKEN_CLAIM_MISMATCH, "jwt.roles-claim");
    }

    @Test
    void tokenInTheUserNameIsReadFromThereAndNeverKeptInTheIdentity() {
        String token = jwt("dev-1").sign(EC);
        Identity identity = accepted(authenticate(Map.of("token-from", "username"),
                ConnectRequest.builder("c1").username(token).password("ignored").build()));
        assertThat(identity.name()).isEqualTo("dev-1");
        assertThat(identity.username()).isEmpty();
        assertThat(identity.toString()).doesNotContain(token);
        assertThat(authenticate(Map.of(), ConnectRequest.builder("c2").password("x").build()))
                .isInstanceOfSatisfying(AuthenticationResult.Abstain.class, a -> assertThat(a.detail())
                        .contains("no user name sent"));
    }
}
