package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.MqttAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No token, no part of one, no HMAC secret and no claim value that may be a secret appears in a decision, an identity,
 * the unauthorized-clients log, a problem or any log record, across accepted, refused and unavailable tokens.
 */
class NoSecretsTest {

    private static final String SECRET_CLAIM = "s3cr3t-claim-value";

    @TempDir
    Path dir;

    @Test
    void noSecretIsShownAnywhere() throws Exception {
        Tokens.writeKeys(dir);
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(new SimpleFormatter().format(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        Logger ours = Logger.getLogger("io.mqttauth");
        Logger nimbus = Logger.getLogger("com.nimbusds");
        Level before = ours.getLevel();
        root.addHandler(capture);
        ours.setLevel(Level.ALL);
        nimbus.setLevel(Level.ALL);
        List<String> texts = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        try (JwksServer down = new JwksServer("{}")) {
            down.fail(500);
            Path config = Tokens.write(dir, "mqtt-auth.properties", "authenticators = jwt\nauthorizers = jwt\n"
                    + "jwt.jwks.path = keys.json\njwt.hmac.secret-path = secret\njwt.issuer = https://issuer\n"
                    + "jwt.claims.tenant = acme\njwt.required-claims = tenant\njwt.jwks.url = "
                    + down.url().replace("http://", "http://user:pa55word@") + "?key=s3cr3t-query\n");
            try (MqttAuth auth = MqttAuth.builder().configuration(config).clock(Tokens.CLOCK).build()) {
                Tokens.Jwt base = jwt("dev-1").claim("iss", "https://issuer").claim("tenant", "acme")
                        .claim("password", SECRET_CLAIM);
                String good = base.sign(EC);
                tokens.add(good);
                tokens.add(jwt("dev-1").claim("tenant", SECRET_CLAIM).claim("iss", "https://issuer").sign(EC));
                tokens.add(jwt("dev-1").claim("tenant", "acme").claim("iss", "https://issuer")
                        .claim("password", SECRET_CLAIM).hmac(Tokens.SECRET));
                tokens.add(jwt("dev-1").claim("password", SECRET_CLAIM).claim("exp", 1).sign(EC));
                tokens.add(Tokens.withPayload(good, "{\"sub\":\"" + SECRET_CLAIM + "\"}"));
                tokens.add(jwt("dev-1").claim("password", SECRET_CLAIM).sign(Tokens.rsa("remote")));
                tokens.add(jwt("dev-1").claim("iss", "https://issuer").claim("tenant", "acme")
                        .claim("password", SECRET_CLAIM).claimJson("acl", "[{\"permission\":\"" + SECRET_CLAIM
                                + "\"}]").sign(EC));
                for (String token : tokens) {
                    for (ConnectRequest r : List.of(
                            ConnectRequest.builder("c1").username("dev-1").password(token).build(),
                            ConnectRequest.builder("c1").username("dev-1").password(token + "x").build())) {
                        Decision d = auth.authenticate(r);
                        texts.add(d.explain());
                        texts.add(d.toString());
                        d.identity().ifPresent(i -> texts.add(i.toString()));
                    }
                }
                auth.unauthorizedClients().list().forEach(e -> texts.add(e.toString()));
                auth.problems().forEach(p -> texts.add(p.toString()));
            }
        } finally {
            root.removeHandler(capture);
            ours.setLevel(before);
        }
        texts.addAll(logged);
        List<String> secrets = new ArrayList<>(List.of(SECRET_CLAIM, "pa55word", "s3cr3t-query",
                new String(Tokens.SECRET, StandardCharsets.ISO_8859_1), HexFormat.of().formatHex(Tokens.SECRET),
                Base64URL.encode(Tokens.SECRET).toString()));
        for (String token : tokens) {
            List<String> parts = Tokens.parts(token);
            secrets.add(parts.get(1));
            secrets.add(parts.get(2));
        }
        assertThat(texts).isNotEmpty();
        for (String text : texts) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }

    @Test
    void aTokenInTheUserNameIsNeitherLoggedNorKeptInTheUnauthorizedClientsLog() throws Exception {
        Tokens.writeKeys(dir);
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(new SimpleFormatter().format(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger ours = Logger.getLogger("io.mqttauth");
        Level before = ours.getLevel();
        ours.addHandler(capture);
        ours.setLevel(Level.ALL);
        List<String> texts = new ArrayList<>();
        List<String> tokens = List.of(
                jwt("dev-1").claim("exp", 1).sign(EC),
                jwt("dev-1").sign(Tokens.rsa("unknown")),
                Tokens.withPayload(jwt("dev-1").sign(EC), "{\"sub\":\"dev-2\"}"),
                jwt("dev-1").claim("tenant", "other").sign(EC),
                "eyJhbGciOiJFUzI1NiJ9.bm90LWpzb24.c2lnbmF0dXJl");
        try {
            Path config = Tokens.write(dir, "mqtt-auth.properties", "authenticators = jwt\nauthorizers = jwt\n"
                    + "jwt.jwks.path = keys.json\njwt.token-from = username\njwt.claims.tenant = acme\n");
            try (MqttAuth auth = MqttAuth.builder().configuration(config).clock(Tokens.CLOCK).build()) {
                for (String token : tokens) {
                    Decision d = auth.authenticate(ConnectRequest.builder("c1").username(token).build());
                    assertThat(d.isAllowed()).as(d.explain()).isFalse();
                    texts.add(d.explain());
                    texts.add(d.toString());
                }
                assertThat(auth.unauthorizedClients().list()).isNotEmpty().allSatisfy(e -> {
                    assertThat(e.username()).isEqualTo(io.mqttauth.ConnectAttempt.HIDDEN_USERNAME);
                    texts.add(e.toString());
                });
            }
        } finally {
            ours.removeHandler(capture);
            ours.setLevel(before);
        }
        texts.addAll(logged);
        assertThat(logged).as("the engine logged its refusals").isNotEmpty();
        for (String token : tokens) {
            List<String> parts = Tokens.parts(token);
            for (String text : texts) {
                assertThat(text).doesNotContain(token).doesNotContain(parts.get(1)).doesNotContain(parts.get(2));
            }
        }
    }
}
