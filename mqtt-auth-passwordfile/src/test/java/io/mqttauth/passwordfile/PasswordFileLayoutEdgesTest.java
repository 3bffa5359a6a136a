package io.mqttauth.passwordfile;

import static io.mqttauth.passwordfile.Fixtures.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConfigurationException;
import io.mqttauth.FailureReason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a password file's values sit in the compact table and the file: line numbers that need more than one byte,
 * user names that need two length bytes, a user after a very long line, a file that is only a byte-order mark; and a
 * user name that is not UTF-8 reaching the provider directly.
 */
class PasswordFileLayoutEdgesTest {

    private static final String HASH = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0MTZi$"
            + "KRR37uH43Hp7/opqttWtg5P+7qxoTvNR7P/RUTVQLwc";

    @TempDir
    Path dir;

    private PasswordFileProvider provider(String content) {
        return Fixtures.provider(Fixtures.write(dir, "passwd", content), new RecordingKdf());
    }

    /** The detail of a wrong password for {@code user}, which names the user's line and hash settings. */
    private String found(String content, String user) {
        try (PasswordFileProvider p = provider(content)) {
            return p.authenticate(connect(user, "wrong")).detail();
        }
    }

    @Test
    void lineNumbersThatNeedTwoAndThreeBytesAreKept() {
        String content = "\n".repeat(299) + "a:" + HASH + "\n" + "\n".repeat(69_699) + "b:" + HASH + "\n";
        assertThat(found(content, "a")).contains("passwd line 300,");
        assertThat(found(content, "b")).contains("passwd line 70000,");
    }

    @Test
    void aUserAfterAVeryLongLineIsRead() {
        assertThat(found("#" + "x".repeat(70_000) + "\nalice:" + HASH + "\n", "alice")).contains("passwd line 2,");
    }

    @Test
    void aFileThatIsOnlyAByteOrderMarkIsAProblem() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        try (PasswordFileProvider p = Fixtures.provider(Fixtures.write(dir, "passwd", bom), new RecordingKdf())) {
            throw new AssertionError("accepted a lone byte-order mark");
        } catch (ConfigurationException e) {
            assertThat(e.problems()).as("the mark, and the mark read as a line without ':'")
                    .anySatisfy(p -> assertThat(p.message()).contains("byte-order mark"));
        }
    }

    @Test
    void theStandInOfANameLongerThan255BytesHasTheSaltLengthOfItsUsers() {
        byte[] pw = "pw".getBytes(StandardCharsets.UTF_8);
        String lines = "u".repeat(300) + ":" + PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, pw, 1000) + "\n";
        RecordingKdf kdf = new RecordingKdf();
        try (PasswordFileProvider p = Fixtures.provider(Fixtures.write(dir, "passwd", lines), kdf)) {
            p.authenticate(connect("u".repeat(300), "wrong"));
            p.authenticate(connect("somebody", "wrong"));
        }
        assertThat(kdf.calls).hasSize(2);
        assertThat(kdf.calls.get(1)).isEqualTo(kdf.calls.get(0));
    }

    @Test
    void aUserNameWithAnUnpairedSurrogateIsMalformed() {
        RecordingKdf kdf = new RecordingKdf();
        try (PasswordFileProvider p = Fixtures.provider(Fixtures.write(dir, "passwd", "a:" + HASH + "\n"), kdf)) {
            for (String name : new String[] {"a\uD800", "\uDC00a", "a\uD800b"}) {
                AuthenticationResult r = p.authenticate(connect(name, "pw"));
                assertThat(r).isInstanceOfSatisfying(AuthenticationResult.Refusal.class,
                        f -> assertThat(f.reason()).isEqualTo(FailureReason.MALFORMED_CREDENTIALS));
            }
            assertThat(p.authenticate(connect("\uD83D\uDE00", "pw"))).as("a pair is fine")
                    .isNotInstanceOf(AuthenticationResult.Refusal.class);
        }
        assertThat(kdf.calls).hasSize(1);
    }
}
