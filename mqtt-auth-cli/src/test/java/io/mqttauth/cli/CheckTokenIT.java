package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} with a JWT in {@code --password-file}, through the built jar: the token's {@code acl} claim decides
 * publishes and subscriptions, and each broken token gets its own reason.
 */
class CheckTokenIT {

    @TempDir
    Path dir;
    private final byte[] secret = new byte[32];

    @BeforeEach
    void config() throws Exception {
        new SecureRandom().nextBytes(secret);
        Files.write(dir.resolve("secret"), secret);
        Files.writeString(dir.resolve("mqtt-auth.properties"), """
                authenticators = jwt
                authorizers = jwt
                jwt.hmac.secret-path = secret
                """);
    }

    private Path token(String name, byte[] key, Instant expiry) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject("device-7").expirationTime(Date.from(expiry))
                .claim("acl", List.of(
                        Map.of("permission", "allow", "action", "publish", "topic", "devices/${username}/#"),
                        Map.of("permission", "allow", "action", "subscribe", "topic", "commands/#")))
                .build());
        jwt.sign(new MACSigner(key));
        return Files.write(dir.resolve(name), jwt.serialize().getBytes(StandardCharsets.US_ASCII));
    }

    private Cli.Result check(Path token, String... action) {
        String[] args = new String[7 + action.length];
        String[] head = {"check", "--config", "mqtt-auth.properties", "--username", "device-7", "--password-file",
            token.getFileName().toString()};
        System.arraycopy(head, 0, args, 0, head.length);
        System.arraycopy(action, 0, args, head.length, action.length);
        return Cli.run(dir, args);
    }

    @Test
    void aValidTokenConnectsAndItsAclClaimDecidesActions() throws Exception {
        Path valid = token("valid.jwt", secret, Instant.now().plusSeconds(600));
        Cli.Result connect = check(valid, "connect");
        assertThat(connect.status()).as(connect.toString()).isZero();
        assertThat(connect.firstLine()).isEqualTo("ALLOW");
        assertThat(check(valid, "publish", "devices/device-7/temp").firstLine()).isEqualTo("ALLOW");
        Cli.Result other = check(valid, "publish", "devices/device-8/temp");
        assertThat(other.status()).isEqualTo(1);
        assertThat(other.firstLine()).startsWith("DENY");
        assertThat(check(valid, "subscribe", "commands/device-7/#").firstLine()).isEqualTo("ALLOW");
    }

    @Test
    void brokenTokensGetTheirOwnReasons() throws Exception {
        assertThat(check(token("expired.jwt", secret, Instant.now().minusSeconds(600)), "connect").firstLine())
                .isEqualTo("DENY TOKEN_EXPIRED");
        byte[] other = secret.clone();
        other[0]++;
        assertThat(check(token("forged.jwt", other, Instant.now().plusSeconds(600)), "connect").firstLine())
                .isEqualTo("DENY TOKEN_BAD_SIGNATURE");
        Cli.Result json = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "--username",
                "device-7", "--password-file", token("late.jwt", secret, Instant.now().minusSeconds(600))
                        .getFileName().toString(), "publish", "devices/device-7/temp");
        assertThat(Cli.text(json.json(), "reason")).isEqualTo("TOKEN_EXPIRED");
        assertThat(Cli.text(json.json(), "action")).isEqualTo("connect");
        assertThat(json.out()).doesNotContain(Files.readString(dir.resolve("late.jwt")));
    }
}
