package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} and {@code explain} with the password-file provider, on the passwd written by mosquitto_passwd 2.0.11. */
class PasswordFileIT {

    @TempDir
    Path dir;

    @BeforeEach
    void config() throws IOException {
        Conformance.copy("passwd", dir);
        Files.writeString(dir.resolve("mqtt-auth.properties"),
                "authenticators = password-file\npassword-file.path = passwd\nanonymous = deny\n");
    }

    @Test
    void theRightPasswordIsAllowedAsTheUser() {
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "--username", "zoe",
                "--password", "zoe-pw", "connect");
        assertThat(r.status()).as(r.toString()).isEqualTo(0);
        assertThat(Cli.text(r.json(), "identity")).isEqualTo("zoe");
        assertThat(Cli.text(r.json(), "provider")).isEqualTo("password-file");
    }

    @Test
    void aWrongPasswordIsPasswordMismatchAndExplainSaysTheUserExists() {
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--username", "zoe", "--password",
                "bad-pw-123", "connect");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.firstLine()).isEqualTo("DENY PASSWORD_MISMATCH");
        assertThat(r.out()).doesNotContain("bad-pw-123");
        Cli.Result explained = Cli.run(dir, "explain", "--config", "mqtt-auth.properties", "--username", "zoe",
                "--password", "bad-pw-123", "connect");
        assertThat(explained.status()).isEqualTo(1);
        assertThat(explained.firstLine()).isEqualTo("DENY PASSWORD_MISMATCH");
        assertThat(explained.out()).contains("user \"zoe\" exists").contains("the password differs")
                .doesNotContain("bad-pw-123");
    }

    @Test
    void anUnknownUserIsNoCredentialsFoundAndExplainNamesTheUser() {
        Cli.Result r = Cli.run(dir, "explain", "--config", "mqtt-auth.properties", "--username", "nobody",
                "--password", "x", "connect");
        assertThat(r.firstLine()).isEqualTo("DENY NO_CREDENTIALS_FOUND");
        assertThat(r.out()).contains("no authenticator (password-file) knows user \"nobody\"");
    }

    @Test
    void passwordFileBytesAreSentAsTheyAre() throws IOException {
        Files.writeString(dir.resolve("exact"), "zoe-pw");
        Files.writeString(dir.resolve("with-newline"), "zoe-pw\n");
        assertThat(Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--username", "zoe",
                "--password-file", "exact", "connect").firstLine()).isEqualTo("ALLOW");
        assertThat(Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--username", "zoe",
                "--password-file", "with-newline", "connect").firstLine()).isEqualTo("DENY PASSWORD_MISMATCH");
    }

    @Test
    void validateReportsABrokenPasswordFileWithItsLine() throws IOException {
        Files.writeString(dir.resolve("passwd"), "zoe:$7$101$broken\n", java.nio.file.StandardOpenOption.APPEND);
        Cli.Result r = Cli.run(dir, "validate", "--config", "mqtt-auth.properties");
        assertThat(r.status()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("passwd:5");
    }
}
