package io.mqttauth.passwordfile;

import static io.mqttauth.passwordfile.Fixtures.accepted;
import static io.mqttauth.passwordfile.Fixtures.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.FailureReason;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files written by the real mosquitto_passwd 2.0.11 (Debian) and by reference bcrypt/argon2/PBKDF2 implementations
 * verify for the right passwords and refuse wrong ones.
 */
class MosquittoPasswdConformanceTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "mosquitto-2.0.11/passwd, mosquitto-2.0.11/users.tsv",
        "mosquitto-2.0.11/passwd-extra, mosquitto-2.0.11/users-extra.tsv",
        "modern/passwd, modern/users.tsv"})
    void rightPasswordsVerifyAndWrongOnesAreRefused(String passwd, String tsv) {
        Path file = Fixtures.write(dir, "passwd", Fixtures.resource(passwd));
        Map<String, String> users = Fixtures.users(tsv);
        assertThat(users).hasSizeGreaterThanOrEqualTo(3);
        try (PasswordFileProvider provider = Fixtures.provider(file, DefaultKdf.INSTANCE)) {
            for (Map.Entry<String, String> u : users.entrySet()) {
                AuthenticationResult right = provider.authenticate(connect(u.getKey(), u.getValue()));
                assertThat(accepted(right)).as("%s with its password: %s", u.getKey(), right).isTrue();
                assertThat(right.detail()).contains("password matches").doesNotContain(u.getValue());
                AuthenticationResult wrong = provider.authenticate(connect(u.getKey(), u.getValue() + "x"));
                assertThat(wrong).isInstanceOf(AuthenticationResult.Refusal.class);
                assertThat(((AuthenticationResult.Refusal) wrong).reason()).isEqualTo(FailureReason.PASSWORD_MISMATCH);
            }
        }
    }

    @Test
    void detailNamesFileLineFormatAndIterations() {
        Path file = Fixtures.write(dir, "passwd", Fixtures.resource("mosquitto-2.0.11/passwd"));
        try (PasswordFileProvider provider = Fixtures.provider(file, DefaultKdf.INSTANCE)) {
            AuthenticationResult r = provider.authenticate(connect("xena", "wrong"));
            assertThat(r.detail()).isEqualTo("user \"xena\" found (passwd line 3, $7$ PBKDF2-SHA512, 101 iterations);"
                    + " password does not match");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        modern/passwd                  | bc2a     | passwd line 2, $2a$ bcrypt, cost 5
        modern/passwd                  | pb256    | passwd line 4, $pbkdf2-sha256$ PBKDF2-SHA256, 1000 iterations
        modern/passwd                  | pb512    | passwd line 5, $pbkdf2-sha512$ PBKDF2-SHA512, 2000 iterations
        modern/passwd                  | a2id-b   | passwd line 7, $argon2id$ m=4096,t=3,p=1
        mosquitto-2.0.11/passwd-extra  | iter1000 | passwd line 7, $7$ PBKDF2-SHA512, 1000 iterations
        mosquitto-2.0.11/passwd-extra  | sha      | passwd line 8, $6$ SHA-512
        """)
    void detailNamesEachFormatAndItsWorkFactor(String passwd, String user, String found) {
        Path file = Fixtures.write(dir, "passwd", Fixtures.resource(passwd));
        try (PasswordFileProvider provider = Fixtures.provider(file, DefaultKdf.INSTANCE)) {
            assertThat(provider.authenticate(connect(user, "wrong")).detail())
                    .isEqualTo("user \"" + user + "\" found (" + found + "); password does not match");
        }
    }

    @Test
    void detailOfAPlainTextLineSaysPlainText() {
        Path file = Fixtures.write(dir, "passwd", "alice:secret\n");
        try (PasswordFileProvider provider = Fixtures.provider(file, DefaultKdf.INSTANCE, "allow-plaintext", "true")) {
            assertThat(provider.authenticate(connect("alice", "wrong")).detail())
                    .isEqualTo("user \"alice\" found (passwd line 1, plain text); password does not match");
        }
    }

    @Test
    void passwordsAreComparedAsTheirExactBytesWithoutTrimming() {
        Path file = Fixtures.write(dir, "passwd", Fixtures.resource("mosquitto-2.0.11/passwd-extra"));
        try (PasswordFileProvider provider = Fixtures.provider(file, DefaultKdf.INSTANCE)) {
            assertThat(accepted(provider.authenticate(connect("spaces", "  leading and trailing  ")))).isTrue();
            assertThat(accepted(provider.authenticate(connect("spaces", "leading and trailing")))).isFalse();
            assertThat(accepted(provider.authenticate(connect("colon", "a:b:c:")))).isTrue();
            assertThat(accepted(provider.authenticate(connect("colon", "a")))).isFalse();
        }
    }

    @Test
    void mosquittoTrimsUserNamesInTheFileSoTrimmedNamesMatch() {
        Path file = Fixtures.write(dir, "passwd", "  spaced  :" + PasswordHashes.hash(HashAlgorithm.SHA512,
                "pw".getBytes(), 0) + "  \r\n");
        try (PasswordFileProvider provider = Fixtures.provider(file, DefaultKdf.INSTANCE)) {
            assertThat(accepted(provider.authenticate(connect("spaced", "pw")))).isTrue();
            assertThat(provider.authenticate(connect("  spaced  ", "pw")))
                    .isInstanceOf(AuthenticationResult.Abstain.class);
        }
    }
}
