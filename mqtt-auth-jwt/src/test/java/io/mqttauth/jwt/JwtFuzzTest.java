package io.mqttauth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.util.Base64URL;
import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the JWT path through a configured engine (HS256 with a fixed secret, RS256 and ES256 from a JWKS file, the
 * {@code acl} claim enforced): any bytes as the password, and any header and payload text signed with the right
 * secret (so that claims, times and the {@code acl} claim are reached), give a decision that is never
 * {@link FailureReason#INTERNAL_ERROR} (the engine's name for a provider that threw) and refuses with a token or
 * credentials reason; an accepted identity's publish and subscribe decisions are never internal errors either. Run
 * long: see docs/fuzzing.md.
 *
 * <p>An input is lines: the user name, a topic, then either the password (the rest, any bytes) or a header line and
 * the payload (the rest), which the test signs.
 */
class JwtFuzzTest {

    /** Fixed, so that the tokens of the corpus keep their valid signatures from run to run. */
    static final byte[] SECRET = "fuzz-secret-0123456789abcdef-012".getBytes(StandardCharsets.US_ASCII);

    private static final Path DIR = tempDir();
    private static final MqttAuth AUTH = engine();

    @AfterAll
    static void cleanUp() throws IOException {
        AUTH.close();
        Files.deleteIfExists(DIR.resolve("secret"));
        Files.deleteIfExists(DIR.resolve("keys.json"));
        Files.deleteIfExists(DIR);
    }

    @FuzzTest
    void anyPasswordOrSignedTokenIsDecidedWithATokenReason(byte[] input) {
        int first = indexOf(input, 0);
        int second = indexOf(input, first + 1);
        String username = new String(input, 0, first, StandardCharsets.UTF_8);
        String topic = first == input.length ? "t" : new String(input, first + 1, second - first - 1,
                StandardCharsets.UTF_8);
        byte[] rest = Arrays.copyOfRange(input, Math.min(second + 1, input.length), input.length);
        int split = indexOf(rest, 0);
        byte[] password = split == rest.length ? rest : sign(new String(rest, 0, split, StandardCharsets.UTF_8),
                new String(rest, split + 1, rest.length - split - 1, StandardCharsets.UTF_8));

        Decision connect = AUTH.authenticate(ConnectRequest.builder("client-1").username(username).password(password)
                .build());
        if (!connect.isAllowed()) {
            FailureReason reason = connect.reason().orElseThrow();
            assertThat(reason.category()).as("%s", connect.explain())
                    .isIn(FailureReason.Category.TOKEN, FailureReason.Category.CREDENTIALS);
            return;
        }
        Identity identity = connect.identity().orElseThrow();
        for (Action action : new Action[] {Action.publish(topic), Action.subscribe(topic), Action.receive(topic)}) {
            Decision d = AUTH.authorize(identity, action);
            assertThat(d.reason()).as("%s", d.explain()).isNotEqualTo(java.util.Optional.of(
                    FailureReason.INTERNAL_ERROR));
        }
    }

    /** The index of the first newline at or after {@code from}, or the length. */
    private static int indexOf(byte[] b, int from) {
        int i = Math.min(from, b.length);
        while (i < b.length && b[i] != '\n') {
            i++;
        }
        return i;
    }

    /** {@code header.payload.signature}, the parts base64url-encoded and signed with HS256 and {@link #SECRET}. */
    static byte[] sign(String header, String payload) {
        String input = Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            return (input + "." + Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MqttAuth engine() {
        Tokens.write(DIR, "secret", SECRET);
        Tokens.write(DIR, "keys.json", Tokens.jwks(Tokens.RSA, Tokens.EC));
        Map<String, String> config = Map.of("hmac.secret-path", DIR.resolve("secret").toString(),
                "jwks.path", DIR.resolve("keys.json").toString(), "algorithms", "HS256, RS256, ES256",
                "reload", "off");
        return MqttAuth.builder().clock(Tokens.CLOCK).authenticatorProvider("jwt", config)
                .authorizerProvider("jwt", config).build();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("jwt-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
