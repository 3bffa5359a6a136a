package io.mqttauth.passwordfile;

import static io.mqttauth.passwordfile.Fixtures.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConfigurationException;
import io.mqttauth.FailureReason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named attack cases on password-file user names: overlong UTF-8 that would alias another user or smuggle a
 * {@code /} or U+0000, and names at and past the 65,535-byte limit of an MQTT string. Covered elsewhere: an unpaired
 * surrogate ({@code PasswordFileDecisionTest#unpairedSurrogateInUserNameIsMalformedNotAnException}), U+0000 and
 * Latin-1 names in the file ({@code PasswordFileParserTest#rejectsByteOrderMarkNulAndNonUtf8Names}).
 */
class AttackCasesTest {

    @TempDir
    Path dir;

    private PasswordFileProvider provider(String content) {
        return Fixtures.provider(Fixtures.write(dir, "passwd", content), DefaultKdf.INSTANCE, "allow-plaintext",
                "true");
    }

    /** The user name a broker gets when it decodes {@code bytes} as UTF-8, as every Java MQTT decoder does. */
    private static String decoded(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void anOverlongUtf8UserNameNeverAliasesAnotherUser() {
        try (PasswordFileProvider p = provider("admin:pw\n/admin:pw\nadmin/x:pw\n")) {
            // 'a' as the overlong C1 A1, '/' as C0 AF and E0 80 AF, U+0000 as C0 80: each decodes to U+FFFD.
            for (String overlong : new String[] {decoded(0xC1, 0xA1, 'd', 'm', 'i', 'n'),
                    decoded(0xC0, 0xAF, 'a', 'd', 'm', 'i', 'n'), decoded(0xE0, 0x80, 0xAF, 'a', 'd', 'm', 'i', 'n'),
                    decoded('a', 'd', 'm', 'i', 'n', 0xC0, 0xAF, 'x'), decoded('a', 'd', 'm', 'i', 'n', 0xC0, 0x80)}) {
                assertThat(overlong).contains("\uFFFD");
                AuthenticationResult r = p.authenticate(connect(overlong, "pw"));
                assertThat(r).as(overlong).isInstanceOfSatisfying(AuthenticationResult.Abstain.class,
                        a -> assertThat(a.reason()).isEqualTo(FailureReason.NO_CREDENTIALS_FOUND));
            }
        }
    }

    @Test
    void aFileCannotHoldAnOverlongUtf8UserName() {
        byte[] overlong = {(byte) 0xC1, (byte) 0xA1, 'd', 'm', 'i', 'n', ':', 'p', 'w', '\n'};
        assertThatThrownBy(() -> new PasswordFileParser(true, WorkLimits.DEFAULT).parse(dir.resolve("passwd"), overlong))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems().get(0).message())
                        .contains("not valid UTF-8"));
    }

    @Test
    void aUserNameOfExactly65535BytesWorksAndALongerOneIsNeverFound() {
        String max = "+".repeat(65_533) + "\u00e9"; // 65,535 UTF-8 bytes, starting with a wildcard
        try (PasswordFileProvider p = provider(max + ":pw\n+#:pw\n")) {
            assertThat(p.authenticate(connect(max, "pw"))).isInstanceOf(AuthenticationResult.Success.class);
            assertThat(p.authenticate(connect(max, "wrong"))).isInstanceOfSatisfying(AuthenticationResult.Refusal.class,
                    r -> assertThat(r.reason()).isEqualTo(FailureReason.PASSWORD_MISMATCH));
            assertThat(p.authenticate(connect("+#", "pw"))).isInstanceOf(AuthenticationResult.Success.class);
            AuthenticationResult longer = p.authenticate(connect(max + "x", "pw"));
            assertThat(longer).isInstanceOfSatisfying(AuthenticationResult.Abstain.class,
                    a -> assertThat(a.reason()).isEqualTo(FailureReason.NO_CREDENTIALS_FOUND));
        }
        assertThatThrownBy(() -> new PasswordFileParser(true, WorkLimits.DEFAULT).parse(dir.resolve("passwd"),
                (max + "x:pw\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems().get(0).message())
                        .contains("user name longer than 65535 bytes"));
    }
}
