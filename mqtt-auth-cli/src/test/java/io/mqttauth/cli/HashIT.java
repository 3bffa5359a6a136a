package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.jdbc.SaltedDigests;
import io.mqttauth.passwordfile.PasswordHashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mqtt-auth hash} through the built jar: the password from standard input, never an argument. */
class HashIT {

    @TempDir
    Path dir;

    @Test
    void printsASelfDescribingHashThatVerifies() {
        Cli.Result r = Cli.runWithInput(dir, "s3cret-pw\n", "hash", "--algorithm", "bcrypt", "-I", "4");
        assertThat(r.status()).as(r.toString()).isZero();
        String hash = r.firstLine();
        assertThat(hash).startsWith("$2b$04$");
        assertThat(PasswordHashes.verify(hash, "s3cret-pw".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(r.out() + r.err()).doesNotContain("s3cret-pw");
    }

    @Test
    void printsAnEmqxDigestAndItsSalt() {
        Cli.Result r = Cli.runWithInput(dir, "s3cret-pw\r\n", "hash", "--algorithm", "emqx-sha256",
                "--salt-position", "suffix");
        assertThat(r.status()).as(r.toString()).isZero();
        String[] parts = r.firstLine().split(" ");
        assertThat(parts).hasSize(2);
        assertThat(SaltedDigests.matches(SaltedDigests.Digest.SHA256, parts[0],
                "s3cret-pw".getBytes(StandardCharsets.UTF_8), parts[1], SaltedDigests.SaltPosition.SUFFIX))
                .contains(true);
    }

    @Test
    void printsAnInsertWithTheUserNameQuoted() {
        Cli.Result r = Cli.runWithInput(dir, "pw\n", "hash", "-H", "sha512", "--sql-user", "o'brien");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.firstLine()).startsWith("INSERT INTO mqtt_user (username, password_hash, salt) VALUES "
                + "('o''brien', '$6$").endsWith("', NULL);");
    }

    @Test
    void anUnknownAlgorithmOrAnEmptyPasswordIsRefused() {
        Cli.Result unknown = Cli.runWithInput(dir, "pw\n", "hash", "-H", "md4");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown hash type 'md4'");
        Cli.Result empty = Cli.runWithInput(dir, "\n", "hash");
        assertThat(empty.status()).isEqualTo(1);
        assertThat(empty.out()).isEmpty();
    }
}
