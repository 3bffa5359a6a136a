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
