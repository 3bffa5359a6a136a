package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.RSA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.OctetSequenceKey;
import io.mqttauth.ConfigurationException;
import io.mqttauth.MqttAuth;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderFactory;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The factory is found by ServiceLoader; every configuration mistake fails at start-up naming the key and the fix. */
class ConfigurationTest {

    @TempDir
    Path dir;

    @BeforeEach
    void keys() {
        Tokens.writeKeys(dir);
    }

    private static ProviderFactory factory() {
        return ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("jwt")).findFirst().orElseThrow();
    }

    private void fails(Map<String, String> config, String... messages) {
        assertThatThrownBy(() -> Tokens.provider(dir, config).close()).isInstanceOf(ConfigurationException.class)
                .hasMessageContainingAll(messages);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    @Test
    void foundByServiceLoaderWithItsKeysAndTheClaimsFamily() {
        ProviderFactory factory = factory();
        assertThat(factory).isInstanceOf(JwtProviderFactory.class);
        assertThat(factory.keys()).contains("public-key.path", "jwks.url", "jwks.outage-tolerance", "algorithms",
                "max-token-bytes", "claims.<name>", "acl-claim");
        assertThat(factory.isKnownKey("claims.tenant")).isTrue();
        assertThat(factory.isKnownKey("claims.")).isFalse();
        assertThat(factory.isKnownKey("claims.<name>")).isFalse();
        assertThat(factory.isKnownKey("claimz")).isFalse();
    }

    @Test
    void theEngineAcceptsClaimsKeysAndRejectsMisspelledOnes() {
        Path good = Tokens.write(dir, "ok.properties", "authenticators = jwt\njwt.public-key.path = ec.pem\n"
                + "jwt.claims.tenant = acme\n");
        try (MqttAuth auth = MqttAuth.fromFile(good)) {
            assertThat(auth.authenticatorNames()).containsExactly("jwt");
        }
        Path bad = Tokens.write(dir, "bad.properties", "authenticators = jwt\njwt.public-key.path = ec.pem\n"
                + "jwt.claim.tenant = acme\n");
        assertThatThrownBy(() -> MqttAuth.fromFile(bad)).isInstanceOf(ConfigurationException.class)
                .hasMessageContainingAll("jwt.claim.tenant: unknown key", "jwt.claims.<name>");
    }

    @Test
    void atLeastOneKeySourceIsRequired() {
        fails(Map.of("issuer", "x"), "jwt: no key to verify tokens with is configured",
                "set at least one of jwt.public-key.path, jwt.jwks.path, jwt.jwks.url or jwt.hmac.secret-path");
    }

    @Test
    void algorithmListMistakes() {
        Map<String, String> pem = Map.of("public-key.path", "rsa.pem");
        fails(with(pem, "algorithms", "RS256, none"), "jwt.algorithms: lists none", "never accepted");
        fails(with(pem, "algorithms", "RS257"), "jwt.algorithms: lists \"RS257\", which is not supported");
        fails(with(pem, "algorithms", "RS256, HS256"), "lists HS256, but jwt.hmac.secret-path is not set");
        fails(Map.of("hmac.secret-path", "secret", "algorithms", "RS256"), "lists RS256, but no public key");
        fails(Map.of("hmac.secret-path", "secret", "public-key.path", "rsa.pem", "algorithms", "RS256"),
                "jwt.hmac.secret-path: is set, but jwt.algorithms allows no HS algorithm");
        fails(Map.of("hmac.secret-path", "secret", "public-key.path", "rsa.pem", "algorithms", "HS256"),
                "allows only HS algorithms, but public keys are configured");
        fails(with(pem, "algorithms", "ES256"), "jwt.public-key.path", "its keys verify RS256, RS384, RS512, "
                + "PS256, PS384, PS512, none of which jwt.algorithms allows");
    }

    @Test
    void hmacSecretsShorterThanTheAlgorithmNeedsFailAtStart() {
        Tokens.write(dir, "short", Tokens.random(31));
        fails(Map.of("hmac.secret-path", "short"), "the HMAC secret is 31 bytes; HS256 needs at least 32",
                "head -c 32 /dev/urandom");
        fails(Map.of("hmac.secret-path", "secret", "algorithms", "HS256, HS512"),
                "the HMAC secret is 32 bytes; HS512 needs at least 64", "or remove HS512 from jwt.algorithms");
    }

    @Test
    void theSecretMustBeAsLongAsTheStrongestListedHmacAlgorithmNeeds() {
        // Every pair and the triple: the allow-list is a set, whose order must not decide which algorithm counts.
        Tokens.write(dir, "s48", Tokens.random(48));
        fails(Map.of("hmac.secret-path", "secret", "algorithms", "HS256, HS384"), "HS384 needs at least 48");
        fails(Map.of("hmac.secret-path", "s48", "algorithms", "HS384, HS512"), "HS512 needs at least 64");
        fails(Map.of("hmac.secret-path", "s48", "algorithms", "HS512, HS256"), "HS512 needs at least 64");
        fails(Map.of("hmac.secret-path", "s48", "algorithms", "HS256, HS512, HS384"), "HS512 needs at least 64");
        Tokens.provider(dir, Map.of("hmac.secret-path", "s48", "algorithms", "HS384, HS256")).close();
    }

    @Test
    void pemMistakesNameTheLineAndNeverQuoteTheKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String privateBase64 = Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded());
        Tokens.write(dir, "private.pem", "# issuer key\n-----BEGIN PRIVATE KEY-----\n" + privateBase64
                + "\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Tokens.provider(dir, Map.of("public-key.path", "private.pem")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContainingAll("private.pem:2", "a private key (PRIVATE KEY)", "openssl pkey")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(privateBase64.substring(0, 40)));
        g.initialize(1024);
        Tokens.write(dir, "weak.pem", Tokens.pem(g.generateKeyPair().getPublic()));
        fails(Map.of("public-key.path", "weak.pem"), "weak.pem:1", "RSA 1024 bits, shorter than 2048 bits");
        Tokens.write(dir, "empty.pem", "nothing here\n");
        fails(Map.of("public-key.path", "empty.pem"), "no PEM block found");
        fails(Map.of("public-key.path", "missing.pem"), "missing.pem", "file not found");
    }

    @Test
    void jwksFileMistakes() {
        Tokens.write(dir, "oct.json", "{\"keys\":[" + new OctetSequenceKey.Builder(Tokens.SECRET).keyID("h")
                .build().toJSONString() + "]}");
        assertThatThrownBy(() -> Tokens.provider(dir, Map.of("jwks.path", "oct.json")))
                .hasMessageContaining("key \"h\" in oct.json cannot verify tokens: a symmetric (oct) key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(
                        com.nimbusds.jose.util.Base64URL.encode(Tokens.SECRET).toString()));
        Tokens.write(dir, "garbage.json", "<html>");
        fails(Map.of("jwks.path", "garbage.json"), "garbage.json", "not a JWK set");
        Tokens.write(dir, "none.json", "{\"keys\":[]}");
        fails(Map.of("jwks.path", "none.json"), "the JWK set has no signature keys");
    }

    @Test
    void jwksUrlMistakes() {
        fails(Map.of("jwks.url", "http://idp.example/jwks"), "jwt.jwks.url: uses http to idp.example", "use https");
        fails(Map.of("jwks.url", "ftp://idp.example/jwks"), "not an http(s) URL");
        fails(Map.of("public-key.path", "ec.pem", "jwks.refresh", "1m"),
                "jwt.jwks.refresh: is set, but jwt.jwks.url is not");
        fails(Map.of("jwks.url", "https://idp.example/jwks", "jwks.refresh", "30s"),
                "jwt.jwks.min-refresh-interval: is PT30S, not shorter than jwt.jwks.refresh");
        try (Provider p = Tokens.provider(dir, Map.of("jwks.url", "http://localhost:1/jwks"))) {
            assertThat(p.authenticator()).isPresent();
        }
    }

    @Test
    void claimAndTokenSettingMistakes() {
        Map<String, String> pem = Map.of("public-key.path", "ec.pem");
        fails(with(with(pem, "token-from", "username"), "username-claim", "sub"),
                "jwt.username-claim: is set, but the user name is the token");
        fails(with(with(pem, "token-from", "username"), "claims.sub", "${username}"),
                "jwt.claims.sub: uses ${username}, but the user name is the token");
        fails(with(pem, "claims.host", "${peerhost}"), "jwt.claims.host: has unknown placeholder \"${peerhost}\"");
        fails(with(pem, "token-from", "header"), "jwt.token-from: is \"header\"", "write password or username");
        fails(with(pem, "max-token-bytes", "100000"), "jwt.max-token-bytes: is 100000, out of range");
        fails(with(pem, "clock-skew", "2h"), "jwt.clock-skew: is PT2H, more than PT1H");
        fails(with(pem, "require-exp", "maybe"), "jwt.require-exp");
    }

    @Test
    void aFactoryBuildsAProviderThatAuthenticatesAndAuthorizes() {
        try (Provider p = Tokens.provider(dir, Map.of("public-key.path", "ec.pem", "jwks.path", "keys.json"))) {
            assertThat(p.authenticator()).isPresent();
            assertThat(p.authorizer()).isPresent();
            assertThat(p.problems()).isEmpty();
            assertThat(p.authorizer().orElseThrow().toString()).isEqualTo("jwt authorizer (jwt)");
            assertThat(p.toString()).contains("ES256").doesNotContain(Tokens.parts(Tokens.jwt("x").sign(EC)).get(2));
        }
        assertThat(RSA.isPrivate()).isTrue();
    }

    /** A certificate made once with openssl (EC P-256, self-signed, its private key thrown away). */
    private static final String CERTIFICATE = """
            -----BEGIN CERTIFICATE-----
            MIIBjzCCATWgAwIBAgIUUlcdrKCqcgiLuNu5kfgZRcq/2/cwCgYIKoZIzj0EAwIw
            HDEaMBgGA1UEAwwRdGVzdC10b2tlbi1pc3N1ZXIwIBcNMjYxMTMwMDEyOTQyWhgP
            MjEyNjExMDYwMTI5NDJaMBwxGjAYBgNVBAMMEXRlc3QtdG9rZW4taXNzdWVyMFkw
            EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9Prm3VNqVuQSkDv4EW2IOtI0Zuy3gJVT
            e+TYBojZ7xUIjMX0GKDCQEfovBLcyEV/lxHSI8qS5oIjKWnkfKshh6NTMFEwHQYD
            VR0OBBYEFMCVbl4kCB3Lk8L7qaMKneb70GOWMB8GA1UdIwQYMBaAFMCVbl4kCB3L
            k8L7qaMKneb70GOWMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIh
            AJeuaBduNquSreokctyCgEzyMz3o60PZix4ATi0O5ZYuAiB+1hzCptX0kFxvmhiF
            vYCwbh4+V0wTzjG15keoB1sY+A==
            -----END CERTIFICATE-----
            """;

    @Test
    void aCertificateBlockLendsItsPublicKey() {
        Tokens.write(dir, "issuer.pem", "issuer certificate\n" + CERTIFICATE);
        try (Provider p = Tokens.provider(dir, Map.of("public-key.path", "issuer.pem"))) {
            assertThat(p.toString()).contains("algorithms ES256,");
            assertThat(p.authenticator().orElseThrow().authenticate(io.mqttauth.ConnectRequest.builder("c1")
                    .password(Tokens.jwt("dev-1").sign(EC)).build()).detail())
                    .contains("signature does not verify with the key without kid in issuer.pem:2");
        }
    }

    @Test
    void pemBlocksOfOtherTypesOrWithoutTheirEndLineAreNamedWithTheirLine() throws Exception {
        String pem = Tokens.pem(Tokens.EC_384.toECPublicKey());
        Tokens.write(dir, "params.pem", "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + pem);
        fails(Map.of("public-key.path", "params.pem"), "params.pem:1", "a PEM block of type EC PARAMETERS, not a "
                + "public key", "give PUBLIC KEY or CERTIFICATE blocks");
        Tokens.write(dir, "cut.pem", pem + pem.substring(0, pem.indexOf("-----END")));
        fails(Map.of("public-key.path", "cut.pem"), "cut.pem:" + (pem.lines().count() + 1),
                "BEGIN PUBLIC KEY without its END line", "copy the whole PEM block");
    }

    @Test
    void jwksFileKeysForEncryptionAreSkipped() {
        Tokens.write(dir, "ops.json", "{\"keys\":[" + new com.nimbusds.jose.jwk.ECKey.Builder(EC.toPublicJWK())
                .keyOperations(java.util.Set.of(com.nimbusds.jose.jwk.KeyOperation.VERIFY)).build().toJSONString()
                + "," + new com.nimbusds.jose.jwk.RSAKey.Builder(RSA.toPublicJWK())
                .keyOperations(java.util.Set.of(com.nimbusds.jose.jwk.KeyOperation.ENCRYPT)).build().toJSONString()
                + "]}");
        try (Provider p = Tokens.provider(dir, Map.of("jwks.path", "ops.json"))) {
            assertThat(p.toString()).contains("algorithms ES256,").doesNotContain("RS256");
        }
    }

    @Test
    void plainHttpIsAcceptedForAnIpv6LoopbackLiteralOnly() {
        try (Provider p = Tokens.provider(dir, Map.of("jwks.url", "http://[::1]:1/jwks"))) {
            assertThat(p.authenticator()).isPresent();
        }
        fails(Map.of("jwks.url", "http://[2001:db8::1]:1/jwks"), "jwt.jwks.url: uses http to [2001:db8::1]");
    }

    @Test
    void timeoutsAndClockSkewMayBeExactlyTheirMaximum() {
        try (Provider p = Tokens.provider(dir, Map.of("jwks.url", "http://127.0.0.1:1/jwks",
                "jwks.connect-timeout", "5m", "jwks.read-timeout", "300s"))) {
            assertThat(p.authenticator()).isPresent();
        }
        fails(Map.of("jwks.url", "http://127.0.0.1:1/jwks", "jwks.read-timeout", "301s"),
                "jwt.jwks.read-timeout: is PT5M1S, longer than PT5M", "use a timeout of a few seconds");
        try (Provider p = Tokens.provider(dir, Map.of("public-key.path", "ec.pem", "clock-skew", "1h"))) {
            String expired = Tokens.jwt("dev-1").claim("exp", Tokens.NOW.getEpochSecond() - 3599).sign(EC);
            assertThat(p.authenticator().orElseThrow().authenticate(io.mqttauth.ConnectRequest.builder("c1")
                    .password(expired).build())).isInstanceOf(io.mqttauth.AuthenticationResult.Success.class);
        }
    }

    @Test
    void emptyEntriesOfAListAreIgnoredAndUnsupportedAlgorithmsListTheSupportedOnes() {
        try (Provider p = Tokens.provider(dir, Map.of("public-key.path", "ec.pem", "algorithms", "ES256, ,"))) {
            assertThat(p.toString()).contains("algorithms ES256,");
        }
        fails(Map.of("public-key.path", "ec.pem", "algorithms", "es256"), "lists \"es256\", which is not supported",
                "use names from: RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, HS256, HS384, HS512");
    }
}
