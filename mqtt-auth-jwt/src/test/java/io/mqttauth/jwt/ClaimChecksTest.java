package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.NOW;
import static io.mqttauth.jwt.Tokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.spi.Provider;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How claim values and times are read: numbers, booleans and decimals in exact matches, fractional and huge times. */
class ClaimChecksTest {

    @TempDir
    Path dir;

    @BeforeEach
    void keys() {
        Tokens.writeKeys(dir);
    }

    private AuthenticationResult authenticate(Provider p, String token) {
        return p.authenticator().orElseThrow().authenticate(ConnectRequest.builder("c1").password(token).build());
    }

    private static void assertAccepted(AuthenticationResult result) {
        assertThat(result).as(result.detail()).isInstanceOf(AuthenticationResult.Success.class);
    }

    private static void assertRefused(AuthenticationResult result, FailureReason reason, String detail) {
        assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Refusal.class, r -> {
            assertThat(r.reason()).as(r.detail()).isEqualTo(reason);
            assertThat(r.detail()).contains(detail);
        });
    }

    @Test
    void claimValuesCompareIntegersBooleansAndDecimalsAsTheirText() {
        try (Provider p = Tokens.provider(dir, Map.of("public-key.path", "ec.pem", "claims.level", "3",
                "claims.admin", "true", "claims.ratio", "0.5"))) {
            assertAccepted(authenticate(p, jwt("dev-1").claim("level", 3).claim("admin", true).claim("ratio", 0.5)
                    .sign(EC)));
            assertAccepted(authenticate(p, jwt("dev-1").claimJson("level", "3.0").claim("admin", "true")
                    .claim("ratio", "0.5").sign(EC)));
            assertRefused(authenticate(p, jwt("dev-1").claimJson("level", "3.5").claim("admin", true)
                    .claim("ratio", 0.5).sign(EC)), FailureReason.TOKEN_CLAIM_MISMATCH,
                    "claim \"level\" does not have the value jwt.claims.level requires");
            assertRefused(authenticate(p, jwt("dev-1").claim("level", 3).claimJson("admin", "{\"is\":true}")
                    .claim("ratio", 0.5).sign(EC)), FailureReason.TOKEN_CLAIM_MISMATCH,
                    "claim \"admin\" does not have the value jwt.claims.admin requires");
        }
    }

    @Test
    void fractionalTimesAreHonouredToTheMillisecond() {
        try (Provider p = Tokens.provider(dir, Map.of("public-key.path", "ec.pem", "clock-skew", "0"))) {
            AuthenticationResult result = authenticate(p, jwt("dev-1").claimJson("exp", (NOW.getEpochSecond() + 1)
                    + ".5").sign(EC));
            assertAccepted(result);
            assertThat(result.detail()).endsWith(", expires 2026-03-01T12:00:01.500Z");
            assertThat(((AuthenticationResult.Success) result).identity().expiresAt())
                    .contains(NOW.plusMillis(1500));
            assertRefused(authenticate(p, jwt("dev-1").claimJson("exp", NOW.getEpochSecond() + ".0").sign(EC)),
                    FailureReason.TOKEN_EXPIRED, "the token expired at 2026-03-01T12:00:00Z");
        }
    }

    @Test
    void aTimeOfAHundredTrillionSecondsOrMoreIsMalformed() {
        try (Provider p = Tokens.provider(dir, Map.of("public-key.path", "ec.pem"))) {
            assertAccepted(authenticate(p, jwt("dev-1").claim("exp", 99_999_999_999_999L).sign(EC)));
            assertRefused(authenticate(p, jwt("dev-1").claim("exp", 100_000_000_000_000L).sign(EC)),
                    FailureReason.TOKEN_MALFORMED, "claim exp is not a time in seconds since 1970");
        }
    }

    @Test
    void aPartOfALengthNoBase64TextCanHaveMeansTheCredentialIsNotAJwt() {
        try (Provider p = Tokens.provider(dir, Map.of("public-key.path", "ec.pem"))) {
            for (String credential : new String[] {"abcde.abcd.abcd", "abcd.abcde.abcd", "abcd.abcd.abcde"}) {
                assertThat(authenticate(p, credential)).as(credential).isInstanceOfSatisfying(
                        AuthenticationResult.Abstain.class, a -> assertThat(a.reason())
                                .isEqualTo(FailureReason.TOKEN_MALFORMED));
            }
        }
    }

    @Test
    void anEmptyHeaderOrPayloadAFourthPartOrACharacterBeyondAsciiMeansTheCredentialIsNotAJwt() {
        try (Provider p = Tokens.provider(dir, Map.of("public-key.path", "ec.pem"))) {
            for (String credential : new String[] {".abcd.abcd", "abcd..abcd", "abcd.abcd.abcd.abcd",
                    "abcd.abcd.ab\u0080c", "abcd.ab\u00ffd.abcd"}) {
                assertThat(authenticate(p, credential)).as(credential).isInstanceOfSatisfying(
                        AuthenticationResult.Abstain.class, a -> assertThat(a.reason())
                                .isEqualTo(FailureReason.TOKEN_MALFORMED));
            }
            // The byte 0x80 alone, the first value past the ASCII table the shape check looks characters up in.
            byte[] withByte80 = "abcd.abcd.abXc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            withByte80[12] = (byte) 0x80;
            assertThat(p.authenticator().orElseThrow().authenticate(ConnectRequest.builder("c1").password(withByte80)
                    .build())).isInstanceOf(AuthenticationResult.Abstain.class);
            // An empty signature is the shape of an unsigned JWT: it is checked, and refused, not passed on.
            assertThat(authenticate(p, "abcd.abcd.")).isInstanceOf(AuthenticationResult.Refusal.class);
        }
    }
}
