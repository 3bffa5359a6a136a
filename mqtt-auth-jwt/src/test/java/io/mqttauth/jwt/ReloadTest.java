package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.RSA;
import static io.mqttauth.jwt.Tokens.RSA_2;
import static io.mqttauth.jwt.Tokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import io.mqttauth.spi.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local key files are reloaded on change with the last good version kept; decisions read keys in memory (no file I/O)
 * and keep no result cache, so a replaced key takes effect for the next CONNECT.
 */
class ReloadTest {

    @TempDir
    Path dir;

    private static AuthenticationResult authenticate(Provider provider, String token) {
        return provider.authenticator().orElseThrow()
                .authenticate(ConnectRequest.builder("c1").username("u").password(token).build());
    }

    private static FailureReason reason(AuthenticationResult result) {
        return result instanceof AuthenticationResult.Refusal r ? r.reason() : null;
    }

    @Test
    void aRotatedJwksFileIsReloadedAndABrokenOneKeepsTheLastGoodKeys() {
        Tokens.write(dir, "keys.json", Tokens.jwks(RSA));
        try (Provider provider = Tokens.provider(dir, Map.of("jwks.path", "keys.json", "reload", "off"))) {
            String newKey = jwt("dev").sign(RSA_2);
            assertThat(reason(authenticate(provider, newKey))).isEqualTo(FailureReason.TOKEN_UNKNOWN_KEY);

            Tokens.write(dir, "keys.json", Tokens.jwks(RSA, RSA_2));
            assertThat(provider.reload()).isEmpty();
            assertThat(authenticate(provider, newKey)).isInstanceOf(AuthenticationResult.Success.class);

            Tokens.write(dir, "keys.json", "{\"keys\": [");
            assertThat(provider.reload()).singleElement().satisfies(p -> assertThat(p.message())
                    .contains("not a JWK set"));
            assertThat(authenticate(provider, newKey)).isInstanceOf(AuthenticationResult.Success.class);
            assertThat(provider.problems()).hasSize(1);
        }
    }

    @Test
    void aChangedFileIsPickedUpByTheWatcher() throws InterruptedException {
        Tokens.write(dir, "keys.json", Tokens.jwks(RSA));
        try (Provider provider = Tokens.provider(dir, Map.of("jwks.path", "keys.json"))) {
            String newKey = jwt("dev").sign(EC);
            Tokens.write(dir, "keys.json", Tokens.jwks(RSA, EC));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!(authenticate(provider, newKey) instanceof AuthenticationResult.Success)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(authenticate(provider, newKey)).isInstanceOf(AuthenticationResult.Success.class);
        }
    }

    @Test
    void aReplacedHmacSecretRefusesTokensOfTheOldOneAtOnceBecauseNothingIsCached() {
        Tokens.write(dir, "secret", Tokens.SECRET);
        try (Provider provider = Tokens.provider(dir, Map.of("hmac.secret-path", "secret", "reload", "off"))) {
            String token = jwt("dev").hmac(Tokens.SECRET);
            assertThat(authenticate(provider, token)).isInstanceOf(AuthenticationResult.Success.class);
            Tokens.write(dir, "secret", Tokens.random(32));
            assertThat(provider.reload()).isEmpty();
            assertThat(reason(authenticate(provider, token))).isEqualTo(FailureReason.TOKEN_BAD_SIGNATURE);
        }
    }

    @Test
    void theEngineBuiltInCodeDecidesWithoutReadingTheKeyFile() throws Exception {
        Path pem = Tokens.writePem(dir, "ec.pem", EC);
        try (MqttAuth auth = MqttAuth.builder().clock(Tokens.CLOCK)
                .authenticatorProvider("jwt", Map.of("public-key.path", pem.toString(), "require-exp", "true",
                        "reload", "off"))
                .build()) {
            ConnectRequest request = ConnectRequest.builder("c1").username("dev").password(jwt("dev").sign(EC)).build();
            assertThat(auth.authenticate(request).isAllowed()).isTrue();
            Files.delete(pem);
            Decision again = auth.authenticate(request);
            assertThat(again.isAllowed()).as(again.explain()).isTrue();
        }
    }

    @Test
    void closingTheProviderStopsPollingTheKeyFiles() throws InterruptedException {
        Tokens.write(dir, "keys.json", Tokens.jwks(RSA));
        Tokens.writePem(dir, "ec.pem", EC);
        Provider provider = Tokens.provider(dir, Map.of("jwks.path", "keys.json", "public-key.path", "ec.pem",
                "reload", "50ms"));
        Tokens.write(dir, "keys.json", "{\"keys\": [");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (provider.problems().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(provider.problems()).as("polled").singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not a JWK set"));
        provider.close();
        Thread.sleep(200); // close() does not wait for a poll already under way: let it finish first
        Tokens.write(dir, "ec.pem", "not a key\n");
        Thread.sleep(300);
        assertThat(provider.problems()).as("no longer polled").singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not a JWK set"));
    }
}
