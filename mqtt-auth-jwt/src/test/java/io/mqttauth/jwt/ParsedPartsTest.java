package io.mqttauth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider parses a header or claim set it has seen before only once, and that saves only the parsing: every
 * decision still verifies the signature and checks the claims against the clock and the request.
 */
class ParsedPartsTest {

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Tokens.NOW);
    private Provider provider;

    @BeforeEach
    void setUp() {
        Tokens.writeKeys(dir);
        provider = new JwtProviderFactory().create(ProviderContext.of("jwt", Map.of("hmac.secret-path", "secret",
                "claims.client", "${clientid}"), dir, clock, () -> { }));
    }

    @Test
    void theSameTokenIsCheckedAgainstTheClockOnEveryDecision() {
        String token = Tokens.jwt("sensor").claim("client", "c1").hmac(Tokens.SECRET);
        assertThat(decide(token, "c1")).isInstanceOf(AuthenticationResult.Success.class);

        clock.now = Tokens.NOW.plus(Duration.ofHours(2));

        assertThat(reasonOf(decide(token, "c1"))).isEqualTo(FailureReason.TOKEN_EXPIRED);
    }

    @Test
    void theSameTokenIsCheckedAgainstEachRequest() {
        String token = Tokens.jwt("sensor").claim("client", "c1").hmac(Tokens.SECRET);
        assertThat(decide(token, "c1")).isInstanceOf(AuthenticationResult.Success.class);

        assertThat(reasonOf(decide(token, "c2"))).isEqualTo(FailureReason.TOKEN_CLAIM_MISMATCH);
    }

    @Test
    void anotherPayloadUnderAnAcceptedSignatureIsRefused() {
        String token = Tokens.jwt("sensor").claim("client", "c1").hmac(Tokens.SECRET);
        assertThat(decide(token, "c1")).isInstanceOf(AuthenticationResult.Success.class);

        String swapped = Tokens.withPayload(token, "{\"sub\":\"admin\",\"client\":\"c1\",\"exp\":"
                + (Tokens.NOW.getEpochSecond() + 3600) + "}");

        assertThat(reasonOf(decide(swapped, "c1"))).isEqualTo(FailureReason.TOKEN_BAD_SIGNATURE);
    }

    @Test
    void everyAcceptedTokenIsKnownByItsOwnClaims() {
        for (String sub : List.of("a", "b", "c", "a", "b", "c")) {
            AuthenticationResult result = decide(Tokens.jwt(sub).claim("client", "c1").hmac(Tokens.SECRET), "c1");
            assertThat(((AuthenticationResult.Success) result).identity().name()).isEqualTo(sub);
        }
    }

    @Test
    void aClaimSetIsTakenFromTheCacheOnlyForTheSamePayload() throws Refusal {
        ParsedParts parsed = new ParsedParts();
        byte[] signature = new byte[32];
        String header = Tokens.part("{\"alg\":\"HS256\"}");

        Map<String, Object> first = parsed.verifiedPayload(input(header, "{\"sub\":\"a\"}"), header.length() + 1,
                signature).claims();
        Map<String, Object> second = parsed.verifiedPayload(input(header, "{\"sub\":\"b\"}"), header.length() + 1,
                signature).claims();
        Map<String, Object> again = parsed.verifiedPayload(input(header, "{\"sub\":\"b\"}"), header.length() + 1,
                signature).claims();

        assertThat(first).containsEntry("sub", "a");
        assertThat(second).containsEntry("sub", "b");
        assertThat(again).isSameAs(second);
    }

    @Test
    void aMalformedPayloadIsNotKept() {
        ParsedParts parsed = new ParsedParts();
        String header = Tokens.part("{\"alg\":\"HS256\"}");
        for (int i = 0; i < 2; i++) {
            try {
                parsed.verifiedPayload(input(header, "[1,2]"), header.length() + 1, new byte[32]);
                throw new AssertionError("a JSON array was taken as a claim set");
            } catch (Refusal r) {
                assertThat(r.reason()).isEqualTo(FailureReason.TOKEN_MALFORMED);
            }
        }
    }

    private static byte[] input(String header, String payloadJson) {
        return (header + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                payloadJson.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII);
    }

    private static FailureReason reasonOf(AuthenticationResult result) {
        assertThat(result).as(result.detail()).isInstanceOf(AuthenticationResult.Refusal.class);
        return ((AuthenticationResult.Refusal) result).reason();
    }

    private AuthenticationResult decide(String token, String clientId) {
        return provider.authenticator().orElseThrow().authenticate(ConnectRequest.builder(clientId).username("u")
                .password(token).build());
    }

    /** A clock a test moves. */
    private static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
