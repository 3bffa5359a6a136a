package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.RSA_2;
import static io.mqttauth.jwt.Tokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
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
import java.util.List;
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

    private static void assertRefused(AuthenticationResult result, FailureReason reason, String... details) {
        assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Refusal.class, r -> {
            assertThat(r.reason()).as(r.detail()).isEqualTo(reason);
            assertThat(r.detail()).contains(details);
        });
    }

    /** Waits up to 5 s for the provider to report a problem (a failed fetch). */
    private static void awaitProblem(Provider provider) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (provider.problems().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(provider.problems()).as("a failed fetch is reported").isNotEmpty();
    }

    /** The test RSA key under another kid: a key the endpoint does not serve, made without generating one. */
    private static RSAKey withKid(String kid) {
        return new RSAKey.Builder(Tokens.RSA).keyID(kid).build();
    }

    private static List<Thread> threads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).toList();
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

            AuthenticationResult unknown = authenticate(provider, jwt("dev-1").sign(withKid("nope")));
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
                + "\njwt.jwks.refresh = 300ms\njwt.jwks.min-refresh-interval = 50ms\njwt.jwks.outage-tolerance = 2s\n"
                + "jwt.jwks.connect-timeout = 500ms\njwt.jwks.read-timeout = 500ms\n");
        try (MqttAuth auth = MqttAuth.builder().configuration(config).clock(Tokens.CLOCK).build()) {
            String token = jwt("dev-1").sign(EC);
            assertThat(auth.authenticate(request(token)).isAllowed()).isTrue();
            Instant down = Instant.now();
            server.close();

            Thread.sleep(500); // longer than jwks.refresh: only the outage tolerance keeps the keys
            Decision during = auth.authenticate(request(token));
            assertThat(during.isAllowed()).as(during.explain()).isTrue();
            assertThat(auth.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("jwt.jwks.url");
                assertThat(p.message()).contains("cannot fetch the JWK set from " + server.url(),
                        "stay in use until about");
            });

            Decision after = auth.authenticate(request(token));
            while (after.isAllowed() && Duration.between(down, Instant.now()).toSeconds() < 8) {
                Thread.sleep(50);
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

    @Test
    void theFirstFetchStartsWithTheProviderOnADaemonThreadAndATokenArrivingMeanwhileWaitsForIt()
            throws InterruptedException {
        try (JwksServer server = new JwksServer(Tokens.jwks(EC))) {
            server.delay(2000);
            try (Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url(),
                    "jwks.connect-timeout", "200ms", "jwks.read-timeout", "4s"))) {
                assertThat(server.awaitFetches(1)).as("fetched before any token arrives").isTrue();
                assertThat(threads("mqtt-auth-jwks-first-fetch")).as("the first fetch never keeps the JVM alive")
                        .isNotEmpty().allMatch(Thread::isDaemon);
                // It waits for the fetch under way (up to twice the connect and read timeouts and a second).
                AuthenticationResult result = authenticate(provider, jwt("dev-1").sign(EC));
                assertThat(result).as(result.detail()).isInstanceOf(AuthenticationResult.Success.class);
                assertThat(server.fetches()).isEqualTo(1);
            }
        }
    }

    @Test
    void closingTheProviderDuringTheFirstFetchEndsItQuietly() throws InterruptedException {
        try (JwksServer server = new JwksServer(Tokens.jwks(EC)); LogCapture logs = new LogCapture()) {
            server.delay(300);
            Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url()));
            assertThat(server.awaitFetches(1)).isTrue();
            provider.close();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (logs.containing("first fetch of").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(logs.containing("first fetch of")).singleElement().asString()
                    .startsWith("FINE jwt: first fetch of " + server.url() + " ended: ");
            assertThat(logs.lines()).noneMatch(l -> l.startsWith("WARNING") || l.startsWith("SEVERE"));
        }
    }

    @Test
    void aFailedFetchIsNamedWithItsCauseAndAFetchWithinTheRateLimitIsNotTried() throws InterruptedException {
        try (JwksServer server = new JwksServer(Tokens.jwks(EC))) {
            server.fail(500);
            try (Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url(),
                    "jwks.min-refresh-interval", "1m"))) {
                awaitProblem(provider);
                String token = jwt("dev-1").sign(EC);
                assertRefused(authenticate(provider, token), FailureReason.TOKEN_KEYS_UNAVAILABLE, "no usable keys from "
                        + server.url() + " are cached, and fetching them failed (IOException: Server returned HTTP "
                        + "response code: 500 for URL: " + server.url() + ")");
                int fetched = server.fetches();
                assertRefused(authenticate(provider, token), FailureReason.TOKEN_KEYS_UNAVAILABLE, "no usable keys from "
                        + server.url() + " are cached, and it was asked less than 60 s ago "
                        + "(jwt.jwks.min-refresh-interval)");
                assertThat(server.fetches()).isEqualTo(fetched);
                assertThat(provider.problems()).singleElement().satisfies(p -> assertThat(p.message())
                        .contains("(IOException: Server returned HTTP response code: 500"));
            }
        }
    }

    @Test
    void anUnknownKidFetchesTheUrlAgainAndSaysItHasNoSuchKey() {
        try (JwksServer server = new JwksServer(Tokens.jwks(EC));
                Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url()))) {
            assertThat(authenticate(provider, jwt("dev-1").sign(EC))).isInstanceOf(AuthenticationResult.Success.class);
            int fetched = server.fetches();
            assertRefused(authenticate(provider, jwt("dev-1").sign(withKid("nope"))), FailureReason.TOKEN_UNKNOWN_KEY,
                    "no key has kid \"nope\"", "fetched " + server.url() + " again, and it has no key with this kid");
            assertThat(server.fetches()).isEqualTo(fetched + 1);
        }
    }

    @Test
    void aTokenWhoseKidIsAtTheUrlMayStillBeVerifiedByAKeyThereWithoutKid() throws Exception {
        ECKey withoutKid = new ECKey.Builder(EC.toPublicJWK()).keyID(null).build();
        try (JwksServer server = new JwksServer(new JWKSet(List.of(RSA_2.toPublicJWK(), withoutKid)).toString());
                Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url()))) {
            AuthenticationResult result = authenticate(provider, jwt("dev-1").sign(EC, JWSAlgorithm.ES256, "rsa-2"));
            assertThat(result).as(result.detail()).isInstanceOf(AuthenticationResult.Success.class);
        }
    }

    @Test
    void anUnknownKidWhileTheUrlFailsBeyondTheToleranceIsKeysUnavailableAndCachedKeysStillVerify()
            throws InterruptedException {
        try (JwksServer server = new JwksServer(Tokens.jwks(EC));
                Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url(), "jwks.refresh", "1m",
                        "jwks.min-refresh-interval", "100ms", "jwks.outage-tolerance", "200ms"))) {
            String known = jwt("dev-1").sign(EC);
            assertThat(authenticate(provider, known)).isInstanceOf(AuthenticationResult.Success.class);
            server.fail(500);
            Thread.sleep(300);
            assertRefused(authenticate(provider, jwt("dev-1").sign(withKid("new"))),
                    FailureReason.TOKEN_KEYS_UNAVAILABLE, "the cached keys from " + server.url()
                            + " have no key with kid \"new\", and fetching them again failed (IOException: Server "
                            + "returned HTTP response code: 500");
            assertThat(authenticate(provider, known)).isInstanceOf(AuthenticationResult.Success.class);
        }
    }

    @Test
    void anUnknownKidWithinTheOutageToleranceIsKeysUnavailableNotAnUnknownKeyAndKeptKeysStillVerify()
            throws InterruptedException {
        ECKey withoutKid = new ECKey.Builder(EC.toPublicJWK()).keyID(null).build();
        try (JwksServer server = new JwksServer(new JWKSet(List.of(withoutKid)).toString());
                Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url(), "jwks.refresh", "1m",
                        "jwks.min-refresh-interval", "100ms", "jwks.outage-tolerance", "1h"))) {
            String known = jwt("dev-1").sign(EC);
            assertThat(authenticate(provider, known)).isInstanceOf(AuthenticationResult.Success.class);
            server.fail(500);
            Thread.sleep(300);
            int fetched = server.fetches();
            assertRefused(authenticate(provider, jwt("dev-1").sign(withKid("rotated"))),
                    FailureReason.TOKEN_KEYS_UNAVAILABLE, "the keys kept from " + server.url() + " through its outage "
                            + "have no key with kid \"rotated\", and fetching them again failed (IOException: Server "
                            + "returned HTTP response code: 500");
            assertThat(server.fetches()).as("the unknown kid made it ask again").isGreaterThan(fetched);
            AuthenticationResult kidKeptKeyWithout = authenticate(provider, jwt("dev-1").sign(EC, JWSAlgorithm.ES256,
                    "rotated"));
            assertThat(kidKeptKeyWithout).as(kidKeptKeyWithout.detail())
                    .isInstanceOf(AuthenticationResult.Success.class);
            assertThat(authenticate(provider, known)).isInstanceOf(AuthenticationResult.Success.class);
        }
    }

    @Test
    void closingTheProviderStopsFetchingTheUrl() throws InterruptedException {
        try (JwksServer server = new JwksServer(Tokens.jwks(EC))) {
            Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url(), "jwks.refresh", "300ms",
                    "jwks.min-refresh-interval", "50ms"));
            assertThat(authenticate(provider, jwt("dev-1").sign(EC))).isInstanceOf(AuthenticationResult.Success.class);
            assertThat(server.awaitFetches(2)).as("fetched again ahead of expiry").isTrue();
            provider.close();
            int fetched = server.fetches();
            Thread.sleep(800);
            assertThat(server.fetches()).as("at most a fetch already under way").isLessThanOrEqualTo(fetched + 1);
        }
    }

    @Test
    void anOutageIsLoggedOnceWhenItStartsAndOnceWhenItEnds() throws InterruptedException {
        try (JwksServer server = new JwksServer(Tokens.jwks(EC)); LogCapture logs = new LogCapture()) {
            server.fail(500);
            try (Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url(),
                    "jwks.min-refresh-interval", "100ms"))) {
                awaitProblem(provider);
                String token = jwt("dev-1").sign(EC);
                Thread.sleep(150);
                assertThat(authenticate(provider, token)).isInstanceOf(AuthenticationResult.Refusal.class);
                server.serve(Tokens.jwks(EC));
                Thread.sleep(150);
                assertThat(authenticate(provider, token)).isInstanceOf(AuthenticationResult.Success.class);
                server.fail(503);
                Thread.sleep(150);
                assertThat(authenticate(provider, jwt("dev-1").sign(withKid("new"))))
                        .isInstanceOf(AuthenticationResult.Refusal.class);
                Thread.sleep(150);
                assertThat(authenticate(provider, jwt("dev-1").sign(withKid("newer"))))
                        .isInstanceOf(AuthenticationResult.Refusal.class);
            }
            assertThat(logs.containing("cannot fetch the JWK set from " + server.url())).satisfiesExactly(
                    first -> assertThat(first).startsWith("WARNING").contains("500").endsWith("; no keys yet"),
                    second -> assertThat(second).startsWith("WARNING").contains("503")
                            .endsWith("; keeping the last good keys for up to PT1H after they were fetched"));
            assertThat(logs.containing("fetched the JWK set from " + server.url() + " again"))
                    .containsExactly("INFO jwt: fetched the JWK set from " + server.url() + " again (1 keys)");
        }
    }

    @Test
    void aKeyTriedLocallyIsNotTriedAgainWithTheKeysFromTheUrl() {
        Tokens.writePem(dir, "local.pem", Tokens.ec("local", Curve.P_256));
        try (JwksServer server = new JwksServer(Tokens.jwks(Tokens.ec("remote", Curve.P_256)));
                Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url(),
                        "public-key.path", "local.pem"))) {
            assertRefused(authenticate(provider, jwt("dev-1").sign(EC, JWSAlgorithm.ES256, null)),
                    FailureReason.TOKEN_BAD_SIGNATURE, "the ES256 signature does not verify with the key without kid "
                            + "in local.pem:1, key \"remote\" from " + server.url());
        }
    }

    @Test
    void aFailureInsideTheProviderRefusesAsAnInternalErrorAndIsLoggedWithoutTheToken() throws InterruptedException {
        try (JwksServer server = new JwksServer(Tokens.jwks(EC)); LogCapture logs = new LogCapture()) {
            Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url(), "jwks.refresh", "300ms",
                    "jwks.min-refresh-interval", "50ms"));
            String token = jwt("dev-1").sign(EC);
            assertThat(authenticate(provider, token)).isInstanceOf(AuthenticationResult.Success.class);
            provider.close();
            Thread.sleep(400); // the cached set has expired: the next decision fetches, and the closed source fails
            AuthenticationResult result = authenticate(provider, token);
            assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Refusal.class, r -> {
                assertThat(r.reason()).isEqualTo(FailureReason.INTERNAL_ERROR);
                assertThat(r.detail()).startsWith("the jwt provider failed: java.");
            });
            assertThat(logs.containing("while checking a token")).singleElement().asString()
                    .startsWith("SEVERE jwt: unexpected java.").contains(" while checking a token at ")
                    .doesNotContain(Tokens.parts(token).get(2));
        }
    }

    @Test
    void keysAtTheUrlThatCannotVerifyAreNeverUsedAndTheRefusalSaysWhy() throws Exception {
        String okp = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"okp\","
                + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
        String jwks = "{\"keys\":[" + new ECKey.Builder(EC.toPublicJWK()).keyID("enc")
                .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION).build().toJSONString()
                + "," + new ECKey.Builder(EC.toPublicJWK()).keyID("ops")
                .keyOperations(java.util.Set.of(com.nimbusds.jose.jwk.KeyOperation.ENCRYPT)).build().toJSONString()
                + "," + new com.nimbusds.jose.jwk.OctetSequenceKey.Builder(Tokens.SECRET).keyID("oct").build()
                .toJSONString() + "," + okp + "]}";
        try (JwksServer server = new JwksServer(jwks);
                Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url()))) {
            Map<String, String> why = Map.of("enc", "EC, use \"enc\", not \"sig\"",
                    "ops", "EC, key_ops without \"verify\"",
                    "oct", "a symmetric (oct) key; HMAC secrets are read only from jwt.hmac.secret-path",
                    "okp", "kty OKP, which this provider does not verify");
            for (Map.Entry<String, String> e : why.entrySet()) {
                assertRefused(authenticate(provider, jwt("dev-1").sign(EC, JWSAlgorithm.ES256, e.getKey())),
                        FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "the token is signed with ES256, which key \""
                                + e.getKey() + "\" from " + server.url() + " (" + e.getValue() + ") does not allow");
            }
        }
    }

    @Test
    void aKidHeldByALocalKeyIsNeverLookedUpAtTheUrl() {
        Tokens.writeKeys(dir);
        try (JwksServer server = new JwksServer(Tokens.jwks(RSA_2));
                Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url(), "jwks.path", "keys.json"))) {
            assertThat(authenticate(provider, jwt("dev-1").sign(RSA_2))).isInstanceOf(AuthenticationResult.Success.class);
            int fetched = server.fetches();
            assertRefused(authenticate(provider, jwt("dev-1").sign(Tokens.ec("other", Curve.P_256),
                    JWSAlgorithm.ES256, "ec-1")), FailureReason.TOKEN_BAD_SIGNATURE,
                    "the ES256 signature does not verify with key \"ec-1\" in keys.json");
            assertThat(server.fetches()).isEqualTo(fetched);
        }
    }

    @Test
    void keysUnavailableAtTheUrlAlsoNamesTheLocalKeysThatFailed() {
        Tokens.writePem(dir, "local.pem", Tokens.ec("local", Curve.P_256));
        try (JwksServer server = new JwksServer(Tokens.jwks(EC))) {
            server.fail(503);
            try (Provider provider = Tokens.provider(dir, Map.of("jwks.url", server.url(),
                    "public-key.path", "local.pem"))) {
                assertRefused(authenticate(provider, jwt("dev-1").sign(EC, JWSAlgorithm.ES256, null)),
                        FailureReason.TOKEN_KEYS_UNAVAILABLE, "no usable keys from " + server.url(),
                        "; the other keys (the key without kid in local.pem:1) do not verify the signature");
            }
        }
    }
}
