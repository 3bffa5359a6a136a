package io.mqttauth.passwordfile;

import static io.mqttauth.passwordfile.Fixtures.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unknown user costs the same hash work as a known user with a wrong password: the same function, work factor,
 * salt length and output length run exactly once on both paths. Shown by counting, not by timing.
 */
class UnknownUserCostTest {

    @TempDir
    Path dir;

    @Test
    void unknownUserRunsTheSameHashFunctionAndWorkFactorAsAKnownUser() {
        RecordingKdf kdf = new RecordingKdf();
        Path file = Fixtures.write(dir, "passwd", Fixtures.resource("mosquitto-2.0.11/passwd"));
        try (PasswordFileProvider p = Fixtures.provider(file, kdf)) {
            p.authenticate(connect("zoe", "wrong-pw"));
            p.authenticate(connect("nobody", "wrong-pw"));
        }
        assertThat(kdf.calls).hasSize(2);
        assertThat(kdf.calls.get(1)).isEqualTo(kdf.calls.get(0));
        assertThat(kdf.calls.get(0).params()).isEqualTo(HashParams.of(HashKind.MOSQUITTO_PBKDF2_SHA512, 101));
    }

    @Test
    void theStandInUsesTheFilesMostCommonFormatAndWorkFactor() {
        byte[] pw = "pw".getBytes();
        String lines = "a:" + PasswordHashes.hash(HashAlgorithm.SHA512, pw, 0) + "\n"
                + "b:" + PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, pw, 1000) + "\n"
                + "c:" + PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, pw, 1000) + "\n";
        RecordingKdf kdf = new RecordingKdf();
        try (PasswordFileProvider p = Fixtures.provider(Fixtures.write(dir, "passwd", lines), kdf)) {
            p.authenticate(connect("b", "wrong"));
            p.authenticate(connect("somebody", "wrong"));
        }
        assertThat(kdf.calls).hasSize(2);
        assertThat(kdf.calls.get(1)).isEqualTo(kdf.calls.get(0));
        assertThat(kdf.calls.get(1).params().cost()).isEqualTo(1000);
    }

    @Test
    void anEmptyFileDoesNoHashWorkBecauseNoUserExists() {
        RecordingKdf kdf = new RecordingKdf();
        try (PasswordFileProvider p = Fixtures.provider(Fixtures.write(dir, "passwd", "# nobody yet\n"), kdf)) {
            assertThat(p.authenticate(connect("x", "y")).detail()).isEqualTo("user \"x\" is not in passwd");
        }
        assertThat(kdf.calls).isEmpty();
    }
}
