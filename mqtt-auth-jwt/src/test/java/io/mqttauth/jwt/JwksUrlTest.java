package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.RSA_2;
import static io.mqttauth.jwt.Tokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import io.mqttauth.MqttVersion;
import io.mqttauth.spi.Provider;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JWKS URL, served by a local HTTP server: keys rotate in when a token names a new kid, valid tokens keep working
 * through an outage within the tolerance and then fail as keys unavailable (server unavailable, never a bad
 * password), and decisions do not fetch.
 */
class JwksUrlTest {

    @TempDir
    Path dir;

    private static ConnectRequest request(String token) {
        return ConnectRequest.builder("c1").username("dev-1").password(token).mqttVersion(MqttVersion.V5).build();
    }

    private static AuthenticationResult authenticate(Provider provider, String token) {
        return provider.authenticator().orElseThrow().authenticate(request(token));
    }

    @Test
    void aNewKidAtTheUrlIsFetchedWhenATokenNamesItAndOnlyThen() {
        try (JwksServer server = new JwksServer(Tokens.jwks(EC));
                Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url(), "jwks.refresh", "10m",
                        "jwks.min-refresh-interval", "1m"))) {
            assertThat(authenticate(provider, jwt("dev-1").sign(EC))).isInstanceOf(AuthenticationResult.Success.class);
            int fetched = server.fetches();
            for (int i = 0; i < 20; i++) {
                assertThat(authenticate(provider, jwt("dev-" + i).sign(EC)))
                        .isInstanceOf(AuthenticationResult.Success.class);
            }
            assertThat(server.fetches()).as("decisions read the cached JWK set").isEqualTo(fetched);

            server.serve(Tokens.jwks(EC, RSA_2));
            AuthenticationResult rotated = authenticate(provider, jwt("dev-1").sign(RSA_2));
            assertThat(rotated).isInstanceOf(AuthenticationResult.Success.class);
            assertThat(rotated.detail()).contains("key \"rsa-2\" from " + server.url());
            assertThat(server.fetches()).isEqualTo(fetched + 1);

            AuthenticationResult unknown = authenticate(provider, jwt("dev-1").sign(Tokens.rsa("nope")));
            assertThat(unknown).isInstanceOfSatisfying(AuthenticationResult.Refusal.class, r -> {
                assertThat(r.reason()).isEqualTo(FailureReason.TOKEN_UNKNOWN_KEY);
                assertThat(r.detail()).contains("no key has kid \"nope\"", "so it was not asked again");
            });
            assertThat(server.fetches()).as("an unknown kid does not fetch again within the rate limit")
                    .isEqualTo(fetched + 1);
        }
    }

    @Test
    void validTokensKeepWorkingThroughAnOutageWithinTheToleranceThenAreKeysUnavailable() throws Exception {
        JwksServer server = new JwksServer(Tokens.jwks(EC));
        Path config = Tokens.write(dir, "mqtt-auth.properties", "authenticators = jwt\njwt.jwks.url = " + server.url()
                + "\njwt.jwks.refresh = 1s\njwt.jwks.min-refresh-interval = 200ms\njwt.jwks.outage-tolerance = 4s\n"
                + "jwt.jwks.connect-timeout = 1s\njwt.jwks.read-timeout = 1s\n");
        try (MqttAuth auth = MqttAuth.builder().configuration(config).clock(Tokens.CLOCK).build()) {
            String token = jwt("dev-1").sign(EC);
            assertThat(auth.authenticate(request(token)).isAllowed()).isTrue();
            Instant down = Instant.now();
            server.close();

            Thread.sleep(1500); // longer than jwks.refresh: only the outage tolerance keeps the keys
            Decision during = auth.authenticate(request(token));
            assertThat(during.isAllowed()).as(during.explain()).isTrue();
            assertThat(auth.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("jwt.jwks.url");
                assertThat(p.message()).contains("cannot fetch the JWK set from " + server.url(),
                        "stay in use until about");
            });

            Decision after = auth.authenticate(request(token));
            while (after.isAllowed() && Duration.between(down, Instant.now()).toSeconds() < 30) {
                Thread.sleep(200);
                after = auth.authenticate(request(token));
            }
            assertThat(after.reason()).as(after.explain()).contains(FailureReason.TOKEN_KEYS_UNAVAILABLE);
            assertThat(after.codeFor(MqttVersion.V5)).isEqualTo(0x88);
            assertThat(after.codeFor(MqttVersion.V3_1_1)).isEqualTo(3);
            assertThat(after.detail()).contains("no usable keys from " + server.url());
        }
    }

    @Test
    void beforeAnyKeysAreFetchedATokenIsKeysUnavailableAndTheProblemIsReportedUntilTheUrlRecovers()
            throws InterruptedException {
        try (JwksServer server = new JwksServer(Tokens.jwks(EC))) {
            server.fail(500);
            try (Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url(),
                    "jwks.min-refresh-interval", "100ms"))) {
                AuthenticationResult result = authenticate(provider, jwt("dev-1").sign(EC));
                assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Refusal.class, r -> {
                    assertThat(r.reason()).isEqualTo(FailureReason.TOKEN_KEYS_UNAVAILABLE);
                    assertThat(r.detail()).contains("no usable keys from " + server.url());
                });
                assertThat(provider.problems()).singleElement().satisfies(p -> assertThat(p.message())
                        .contains("500", "no keys have been fetched yet"));

                server.serve(Tokens.jwks(EC));
                Thread.sleep(150);
                assertThat(authenticate(provider, jwt("dev-1").sign(EC)))
                        .isInstanceOf(AuthenticationResult.Success.class);
                assertThat(provider.problems()).isEmpty();
            }
        }
    }

    @Test
    void localKeysStillVerifyWhileTheUrlIsDown() {
        Tokens.writeKeys(dir);
        try (JwksServer server = new JwksServer(Tokens.jwks(EC))) {
            server.fail(503);
            try (Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url(),
                    "public-key.path", "rsa.pem"))) {
                assertThat(authenticate(provider, jwt("dev-1").sign(Tokens.RSA)))
                        .isInstanceOf(AuthenticationResult.Success.class);
                assertThat(authenticate(provider, jwt("dev-1").sign(EC)))
                        .isInstanceOfSatisfying(AuthenticationResult.Refusal.class,
                                r -> assertThat(r.reason()).isEqualTo(FailureReason.TOKEN_KEYS_UNAVAILABLE));
            }
        }
    }

    @Test
    void urlMessagesNeverShowUserInfoOrQuery() {
        try (JwksServer server = new JwksServer(Tokens.jwks(EC))) {
            server.fail(500);
            String url = server.url().replace("http://", "http://user:pa55word@") + "?token=s3cr3t";
            try (Provider provider = Tokens.provider(dir, Map.of("jwks.url", url))) {
                AuthenticationResult result = authenticate(provider, jwt("dev-1").sign(EC));
                assertThat(result.detail()).contains(server.url()).doesNotContain("pa55word", "s3cr3t");
                assertThat(provider.problems().toString()).doesNotContain("pa55word", "s3cr3t");
            }
        }
    }
}
