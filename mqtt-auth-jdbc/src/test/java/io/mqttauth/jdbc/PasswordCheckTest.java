package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.jdbc.PasswordCheck.Outcome;
import io.mqttauth.jdbc.PasswordCheck.Verdict;
import io.mqttauth.jdbc.SaltedDigests.SaltPosition;
import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code jdbc.password-hash} without a database: EMQX's PBKDF2 with each MAC and key length (vectors from Python's
 * {@code hashlib.pbkdf2_hmac("sha256", b"pw", b"salt", 10)}), the bcrypt mode, what an unusable stored hash is told,
 * which rows are cheap to check, and the mode as details show it.
 */
class PasswordCheckTest {

    private static final byte[] PW = "pw".getBytes(StandardCharsets.UTF_8);

    private static PasswordCheck pbkdf2(String mac, int length) {
        return new PasswordCheck("pbkdf2", SaltPosition.PREFIX, mac, 10, length);
    }

    private static Outcome check(PasswordCheck check, String hash, String salt) {
        return check.check(new UserRecord(hash, salt, false), PW);
    }

    @Test
    void pbkdf2MatchesPythonsVectorsForEveryMac() {
        String[][] vectors = {
            {"sha", "21666cdc0723a960de8307513199d3f1071c7f22"},
            {"sha224", "66025256e31e87ac1bdf241362e2620a63c47340c170c697b6c3b337"},
            {"SHA256", "72aecd14244887c316e24019c7e020b58888f029861490804d36e20b42d9321a"},
            {"sha384", "0b197066b3a7e4291e0bc1a73a020c8a9b5eeacf5de9e1900c3cf152a010021d77f56244e496866281a40c07eb"
                + "2b6aac"},
            {"sha512", "129f6f4fd2da1fb479c6e0d59c388b5caeef044000622bfe31e8aceef9ab6fb59c5e4b68e8ecae6c8bdb5abdc7ab61ca"
                + "6bfb28f0ea91d282cc67955a886dcfce"}};
        for (String[] v : vectors) {
            assertThat(check(pbkdf2(v[0], 0), v[1], "salt").verdict()).as(v[0]).isEqualTo(Verdict.MATCH);
            assertThat(check(pbkdf2(v[0], 0), v[1].toUpperCase(), "salt").verdict()).as(v[0])
                    .isEqualTo(Verdict.MATCH);
            assertThat(check(pbkdf2(v[0], 0), v[1], "pepper").verdict()).as(v[0]).isEqualTo(Verdict.MISMATCH);
        }
    }

    @Test
    void pbkdf2TakesTheConfiguredKeyLengthAndAMissingSaltIsEmpty() {
        assertThat(check(pbkdf2("sha256", 16), "72aecd14244887c316e24019c7e020b5", "salt").verdict())
                .isEqualTo(Verdict.MATCH);
        assertThat(check(pbkdf2("sha256", 40), "72aecd14244887c316e24019c7e020b58888f029861490804d36e20b42d9321a"
                + "ba841f3fcca0e61f", "salt").verdict()).isEqualTo(Verdict.MATCH);
        assertThat(check(pbkdf2("sha256", 0), "d7e962f955477df55d477d94c74c0cd8b8d55f9ac826033985b2b8f49ba6b07c",
                null).verdict()).isEqualTo(Verdict.MATCH);
    }

    @Test
    void aPbkdf2HashThatIsNotHexOrHasAnotherLengthIsUnusable() {
        assertThat(check(pbkdf2("sha256", 0), "xyz", "salt")).isEqualTo(new Outcome(Verdict.UNUSABLE,
                "the stored password_hash is not hex (jdbc.password-hash = pbkdf2)"));
        assertThat(check(pbkdf2("sha256", 0), "72aecd14244887c316e24019c7e020b5", "salt")).isEqualTo(
                new Outcome(Verdict.UNUSABLE, "the stored password_hash has 16 bytes, jdbc.pbkdf2 derives 32"));
    }

    @Test
    void anEmptyOrBlankStoredHashIsUnusableInEveryMode() {
        for (String mode : new String[] {"auto", "bcrypt", "pbkdf2", "sha256", "plain"}) {
            PasswordCheck check = new PasswordCheck(mode, SaltPosition.PREFIX, "sha256", 10, 0);
            assertThat(check(check, "  ", "")).as(mode).isEqualTo(new Outcome(Verdict.UNUSABLE,
                    "the stored password_hash is empty or NULL"));
        }
    }

    @Test
    void aDigestThatIsNotHexNamesTheConfiguredDigest() {
        PasswordCheck sha256 = new PasswordCheck("SHA256", SaltPosition.SUFFIX, "sha256", 10, 0);
        assertThat(check(sha256, "not hex", "s")).isEqualTo(new Outcome(Verdict.UNUSABLE,
                "the stored password_hash is not a hex sha256 digest (jdbc.password-hash = sha256)"));
        PasswordCheck plain = new PasswordCheck("plain", SaltPosition.SUFFIX, "sha256", 10, 0);
        assertThat(check(plain, "pws", "s").verdict()).isEqualTo(Verdict.MATCH);
        assertThat(check(plain, "spw", "s").verdict()).isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void bcryptModeReadsOnlyBcryptStrings() {
        PasswordCheck bcrypt = new PasswordCheck("bcrypt", SaltPosition.PREFIX, "sha256", 10, 0);
        String hash = PasswordHashes.hash(HashAlgorithm.BCRYPT, PW, 4);
        assertThat(check(bcrypt, hash, null).verdict()).isEqualTo(Verdict.MATCH);
        assertThat(bcrypt.check(new UserRecord(hash, null, false), "other".getBytes(StandardCharsets.UTF_8))
                .verdict()).isEqualTo(Verdict.MISMATCH);
        String notBcrypt = "the stored password_hash is not a bcrypt hash ($2a$, $2b$ or $2y$)";
        assertThat(check(bcrypt, PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, PW, 1000), null))
                .isEqualTo(new Outcome(Verdict.UNUSABLE, notBcrypt));
        assertThat(check(bcrypt, "$2b$04$broken", null)).isEqualTo(new Outcome(Verdict.UNUSABLE, notBcrypt));
    }

    @Test
    void modesAndMacsAreNamedWithoutCase() {
        for (String mode : new String[] {"auto", "AUTO", "Bcrypt", "PBKDF2", "plain", "md5", "sha", "sha256",
            "Sha512"}) {
            assertThat(PasswordCheck.isMode(mode)).as(mode).isTrue();
        }
        assertThat(PasswordCheck.isMode("sha3")).isFalse();
        assertThat(PasswordCheck.isMode("argon2")).isFalse();
        assertThat(PasswordCheck.isMac("SHA384")).isTrue();
        assertThat(PasswordCheck.isMac("md5")).isFalse();
        assertThat(new PasswordCheck("SHA256", SaltPosition.PREFIX, "sha256", 10, 0).mode()).isEqualTo("sha256");
    }

    @Test
    void detailsNameTheModeAndTheSaltPositionWhereASaltIsUsed() {
        assertThat(new PasswordCheck("auto", SaltPosition.PREFIX, "sha256", 10, 0).describe()).isEqualTo("auto");
        assertThat(new PasswordCheck("bcrypt", SaltPosition.PREFIX, "sha256", 10, 0).describe()).isEqualTo("bcrypt");
        assertThat(new PasswordCheck("plain", SaltPosition.SUFFIX, "sha256", 10, 0).describe()).isEqualTo("plain");
        assertThat(new PasswordCheck("sha256", SaltPosition.SUFFIX, "sha256", 10, 0).describe())
                .isEqualTo("sha256 (salt suffix)");
        assertThat(new PasswordCheck("pbkdf2", SaltPosition.DISABLE, "sha256", 10, 0).describe())
                .isEqualTo("pbkdf2 (salt disable)");
    }

    @Test
    void onlyDigestsAndSha512CryptRowsUnderAutoAreCheap() {
        PasswordCheck auto = new PasswordCheck("auto", SaltPosition.PREFIX, "sha256", 10, 0);
        String sha512crypt = PasswordHashes.hash(HashAlgorithm.SHA512, PW, 0);
        assertThat(auto.isCheap(new UserRecord(" " + sha512crypt, null, false))).isTrue();
        assertThat(auto.isCheap(new UserRecord(PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, PW, 1000), null,
                false))).isFalse();
        PasswordCheck bcrypt = new PasswordCheck("bcrypt", SaltPosition.PREFIX, "sha256", 10, 0);
        assertThat(bcrypt.isCheap(new UserRecord(sha512crypt, null, false))).isFalse();
        assertThat(pbkdf2("sha256", 0).isCheap(new UserRecord("00", "s", false))).isFalse();
        assertThat(new PasswordCheck("md5", SaltPosition.PREFIX, "sha256", 10, 0)
                .isCheap(new UserRecord("$7$1$a$b", null, false))).isTrue();
    }

    @Test
    void aPbkdf2StandInHasTheConfiguredLengthAndADigestStandInItsSalt() {
        UserRecord pbkdf2 = pbkdf2("sha", 0).standIn(new SecureRandom());
        assertThat(pbkdf2.hash()).matches("[0-9a-f]{40}");
        assertThat(pbkdf2.salt()).matches("[0-9a-f]{16}");
        assertThat(pbkdf2("sha512", 24).standIn(new SecureRandom()).hash()).matches("[0-9a-f]{48}");
        PasswordCheck sha = new PasswordCheck("sha", SaltPosition.SUFFIX, "sha256", 10, 0);
        UserRecord digest = sha.standIn(new SecureRandom());
        assertThat(digest.hash()).matches("[0-9a-f]{40}");
        assertThat(sha.check(digest, PW).verdict()).isEqualTo(Verdict.MISMATCH);
    }
}
