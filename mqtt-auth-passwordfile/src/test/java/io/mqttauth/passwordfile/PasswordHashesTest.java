package io.mqttauth.passwordfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Writing hashes for mqtt-auth passwd, and the two PBKDF2 implementations agreeing. */
class PasswordHashesTest {

    private static final byte[] PW = "pässwörd: x".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void writtenHashesParseAndVerify(HashAlgorithm algorithm) {
        int factor = switch (algorithm) {
            case SHA512_PBKDF2 -> 101;
            case BCRYPT -> 4;
            default -> algorithm.minWorkFactor();
        };
        String field = PasswordHashes.hash(algorithm, PW, factor);
        assertThat(PasswordHashes.isHash(field)).isTrue();
        assertThat(PasswordHashes.verify(field, PW)).isTrue();
        assertThat(PasswordHashes.verify(field, "other".getBytes())).isFalse();
        assertThat(PasswordHashes.hash(algorithm, PW, factor)).as("fresh salt each time").isNotEqualTo(field);
    }

    @Test
    void formatsMatchWhatMosquittoWrites() {
        assertThat(PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, PW, 101))
                .matches("\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==");
        assertThat(PasswordHashes.hash(HashAlgorithm.SHA512, PW, 0))
                .matches("\\$6\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==");
        assertThat(PasswordHashes.hash(HashAlgorithm.ARGON2ID, PW, 1))
                .startsWith("$argon2id$v=19$m=19456,t=1,p=1$");
        assertThat(PasswordHashes.hash(HashAlgorithm.BCRYPT, PW, 4)).startsWith("$2b$04$").hasSize(60);
    }

    @Test
    void refusesWhatCouldNeverLogInOrWouldBeSilentlyTruncated() {
        assertThatThrownBy(() -> PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, new byte[0], 101))
                .hasMessageContaining("empty password");
        assertThatThrownBy(() -> PasswordHashes.hash(HashAlgorithm.BCRYPT, new byte[73], 4))
                .hasMessageContaining("72 bytes");
        assertThatThrownBy(() -> PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, PW, 0))
                .hasMessageContaining("from 1 to");
    }

    @ParameterizedTest
    @CsvSource({"sha512-pbkdf2, SHA512_PBKDF2, 210000", "SHA512, SHA512, 0", "BCrypt, BCRYPT, 12",
        "argon2id, ARGON2ID, 2"})
    void everyAlgorithmIsFoundByItsOptionNameInAnyCaseWithItsDefaultWorkFactor(String option, HashAlgorithm algorithm,
            int defaultWorkFactor) {
        assertThat(HashAlgorithm.fromOptionName(option)).contains(algorithm);
        assertThat(algorithm.defaultWorkFactor()).isEqualTo(defaultWorkFactor);
        assertThat(algorithm.hasWorkFactor()).isEqualTo(defaultWorkFactor > 0);
    }

    @Test
    void anUnknownOptionNameIsNoAlgorithm() {
        assertThat(HashAlgorithm.fromOptionName("md5")).isEmpty();
        assertThat(HashAlgorithm.fromOptionName("sha512-pbkdf")).isEmpty();
    }

    @Test
    void sha512IgnoresTheWorkFactor() {
        String field = PasswordHashes.hash(HashAlgorithm.SHA512, PW, 210_000);
        assertThat(field).startsWith("$6$");
        assertThat(PasswordHashes.verify(field, PW)).isTrue();
    }

    @Test
    void bcryptTakesAPasswordOfExactly72Bytes() {
        byte[] longest = "p".repeat(72).getBytes(StandardCharsets.UTF_8);
        String field = PasswordHashes.hash(HashAlgorithm.BCRYPT, longest, 4);
        assertThat(PasswordHashes.verify(field, longest)).isTrue();
    }

    @Test
    void theHighestWorkFactorIsWritten() {
        String field = PasswordHashes.hash(HashAlgorithm.ARGON2ID, PW, HashAlgorithm.ARGON2ID.maxWorkFactor());
        assertThat(field).startsWith("$argon2id$v=19$m=19456,t=16,p=1$");
        assertThat(PasswordHashes.isHash(field)).isTrue();
    }

    @Test
    void neverWritesAWorkFactorTheProviderWouldRefuseByDefault() {
        assertThat(HashAlgorithm.SHA512_PBKDF2.maxWorkFactor()).isEqualTo(WorkLimits.DEFAULT.pbkdf2Iterations());
        assertThat(HashAlgorithm.BCRYPT.maxWorkFactor()).isEqualTo(WorkLimits.DEFAULT.bcryptCost());
        assertThat(HashAlgorithm.ARGON2ID.maxWorkFactor()).isEqualTo(WorkLimits.DEFAULT.argon2Passes());
        assertThat(PasswordHashes.ARGON2ID_MEMORY_KIB).isLessThanOrEqualTo(WorkLimits.DEFAULT.argon2MemoryKib());
        assertThatThrownBy(() -> PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, PW, 10_000_001))
                .hasMessage("sha512-pbkdf2 work factor must be from 1 to 10000000, not 10000001");
        assertThatThrownBy(() -> PasswordHashes.hash(HashAlgorithm.BCRYPT, PW, 17))
                .hasMessage("bcrypt work factor must be from 4 to 16, not 17");
        assertThatThrownBy(() -> PasswordHashes.hash(HashAlgorithm.ARGON2ID, PW, 17))
                .hasMessage("argon2id work factor must be from 1 to 16, not 17");
    }

    @Test
    void problemExplainsWhyAFieldIsNotAHashWithoutQuotingIt() {
        assertThat(PasswordHashes.problem("$2b$20$kNC9qeRih20td6RBGaGNYOt1.VlccIrXYX43cExce/hKfy54kX.lO"))
                .contains("bcrypt cost 20 is over the limit password-file.max-bcrypt-cost = 16");
        assertThat(PasswordHashes.problem("$2b$05$kNC9qeRih20td6RBGaGNYOt1.VlccIrXYX43cExce/hKfy54kX.lO")).isEmpty();
        assertThat(PasswordHashes.problem("  ")).contains("no password hash");
        assertThat(PasswordHashes.problem("s3cret")).hasValueSatisfying(p -> assertThat(p).doesNotContain("s3cret"));
    }

    @Test
    void isHashRejectsPlainTextAndBrokenHashes() {
        assertThat(PasswordHashes.isHash("secret")).isFalse();
        assertThat(PasswordHashes.isHash("$7$101$abc$def")).isFalse();
        assertThat(PasswordHashes.verify("secret", "secret".getBytes())).isFalse();
    }

    @Test
    void jdkAndBouncyCastlePbkdf2AgreeOnUtf8Passwords() {
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] salt = new byte[12];
            random.nextBytes(salt);
            String pw = "pw-" + i + "-ü€😀".substring(0, i % 5);
            byte[] bytes = pw.getBytes(StandardCharsets.UTF_8);
            byte[] jdk = DefaultKdf.pbkdf2(DefaultKdf.factory("PBKDF2WithHmacSHA512"), new SHA512Digest(), bytes,
                    salt, 101, 64);
            byte[] bc = DefaultKdf.pbkdf2BouncyCastle(new SHA512Digest(), bytes, salt, 101, 64);
            assertThat(jdk).isEqualTo(bc);
        }
    }
}
