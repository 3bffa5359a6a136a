package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.jdbc.SaltedDigests.SaltPosition;
import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The unknown-user stand-ins, without a database: which settings they take (the configured kind, the settings of the
 * rows read, or {@code mqtt-auth hash}'s defaults before any row), that a name keeps its stand-in, and that the record
 * is bounded and holds no user's salt or hash.
 */
class StandInsTest {

    private static final byte[] PW = "pw".getBytes(StandardCharsets.UTF_8);

    private static PasswordCheck check(String mode) {
        return new PasswordCheck(mode, SaltPosition.PREFIX, "sha256", 1000, 0);
    }

    private static UserRecord row(HashAlgorithm algorithm, int workFactor) {
        return new UserRecord(PasswordHashes.hash(algorithm, PW, workFactor), null, false);
    }

    /** The part of a hash string before its salt: format and work factor. */
    private static String settings(UserRecord standIn) {
        String h = standIn.hash();
        return h.startsWith("$2") ? h.substring(0, 7) : h.substring(0, h.lastIndexOf('$', h.lastIndexOf('$') - 1) + 1);
    }

    @Test
    void beforeAnyRowTheStandInHasTheSettingsMqttAuthHashWritesByDefault() {
        UserRecord auto = new StandIns(check("auto")).standInFor("nobody");
        assertThat(auto.hash()).startsWith("$7$210000$");
        assertThat(PasswordHashes.isHash(auto.hash())).isTrue();
        UserRecord bcrypt = new StandIns(check("bcrypt")).standInFor("nobody");
        assertThat(bcrypt.hash()).startsWith("$2b$12$");
        assertThat(PasswordHashes.isHash(bcrypt.hash())).isTrue();
    }

    @Test
    void theStandInTakesTheSettingsOfTheRowsReadButNotTheirSaltOrHash() {
        StandIns standIns = new StandIns(check("auto"));
        UserRecord real = row(HashAlgorithm.SHA512_PBKDF2, 1234);
        standIns.saw(real);
        UserRecord standIn = standIns.standInFor("nobody");
        assertThat(standIn.hash()).startsWith("$7$1234$").hasSameSizeAs(real.hash()).isNotEqualTo(real.hash());
        String realSalt = real.hash().split("\\$")[3];
        assertThat(standIn.hash().split("\\$")[3]).isNotEqualTo(realSalt);
        assertThat(PasswordHashes.isHash(standIn.hash())).isTrue();
        assertThat(check("auto").check(standIn, PW).verdict()).isEqualTo(PasswordCheck.Verdict.MISMATCH);
    }

    @Test
    void everyFormatAutoReadsGivesAWellFormedStandIn() {
        for (UserRecord real : new UserRecord[] {row(HashAlgorithm.SHA512_PBKDF2, 1000), row(HashAlgorithm.SHA512, 0),
                row(HashAlgorithm.BCRYPT, 4), row(HashAlgorithm.ARGON2ID, 1)}) {
            StandIns standIns = new StandIns(check("auto"));
            standIns.saw(real);
            assertThat(standIns.settings()).as(real.hash()).isEqualTo(1);
            UserRecord standIn = standIns.standInFor("nobody");
            assertThat(settings(standIn)).isEqualTo(settings(real));
            assertThat(PasswordHashes.isHash(standIn.hash())).as(standIn.hash()).isTrue();
        }
    }

    @Test
    void theSameNameGetsTheSameSettingsAndNamesSpreadOverEverySettingSeen() {
        StandIns standIns = new StandIns(check("auto"));
        standIns.saw(row(HashAlgorithm.SHA512_PBKDF2, 1000));
        standIns.saw(row(HashAlgorithm.SHA512_PBKDF2, 1000));
        standIns.saw(row(HashAlgorithm.BCRYPT, 4));
        standIns.saw(row(HashAlgorithm.SHA512_PBKDF2, 2000));
        assertThat(standIns.settings()).isEqualTo(3);
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String name = "unknown-" + i;
            UserRecord first = standIns.standInFor(name);
            assertThat(standIns.standInFor(name)).isEqualTo(first);
            used.add(settings(first));
        }
        assertThat(used).containsExactlyInAnyOrder("$7$1000$", "$2b$04$", "$7$2000$");
    }

    @Test
    void theRecordKeepsAtMostEightSettings() {
        StandIns standIns = new StandIns(check("auto"));
        for (int i = 1; i <= 20; i++) {
            standIns.saw(row(HashAlgorithm.SHA512_PBKDF2, i));
        }
        assertThat(standIns.settings()).isEqualTo(StandIns.MAX_SETTINGS);
    }

    @Test
    void rowsTheModeDoesNotReadAreNotRecorded() {
        StandIns bcrypt = new StandIns(check("bcrypt"));
        bcrypt.saw(row(HashAlgorithm.SHA512_PBKDF2, 1000));
        bcrypt.saw(new UserRecord("plain text", null, false));
        assertThat(bcrypt.settings()).isZero();
        assertThat(bcrypt.standInFor("nobody").hash()).startsWith("$2b$12$");
        StandIns auto = new StandIns(check("auto"));
        auto.saw(new UserRecord("$7$1000$broken", null, false));
        auto.saw(new UserRecord("", null, false));
        assertThat(auto.settings()).isZero();
    }

    @Test
    void digestModesCheckARandomRowOfTheConfiguredDigest() {
        StandIns sha256 = new StandIns(check("sha256"));
        sha256.saw(row(HashAlgorithm.SHA512_PBKDF2, 1000));
        assertThat(sha256.settings()).isZero();
        UserRecord standIn = sha256.standInFor("nobody");
        assertThat(standIn.hash()).matches("[0-9a-f]{64}");
        assertThat(standIn.salt()).isNotEmpty();
        assertThat(check("sha256").isCheap(standIn)).isTrue();
        assertThat(new StandIns(check("md5")).standInFor("nobody").hash()).matches("[0-9a-f]{32}");
        assertThat(check("sha256").check(standIn, PW).verdict()).isEqualTo(PasswordCheck.Verdict.MISMATCH);
    }

    @Test
    void pbkdf2ModeChecksARandomRowOfTheConfiguredLength() {
        UserRecord standIn = new StandIns(check("pbkdf2")).standInFor("nobody");
        assertThat(standIn.hash()).matches("[0-9a-f]{64}");
        assertThat(check("pbkdf2").check(standIn, PW).verdict()).isEqualTo(PasswordCheck.Verdict.MISMATCH);
    }

    @Test
    void aSlowStandInIsNotCheap() {
        assertThat(check("auto").isCheap(new StandIns(check("auto")).standInFor("nobody"))).isFalse();
        StandIns sha512 = new StandIns(check("auto"));
        sha512.saw(row(HashAlgorithm.SHA512, 0));
        assertThat(check("auto").isCheap(sha512.standInFor("nobody"))).isTrue();
    }

    @Test
    void bcryptModeRecordsTheSettingsOfBcryptRows() {
        StandIns bcrypt = new StandIns(check("bcrypt"));
        bcrypt.saw(row(HashAlgorithm.BCRYPT, 4));
        assertThat(bcrypt.settings()).isEqualTo(1);
        assertThat(bcrypt.standInFor("nobody").hash()).startsWith("$2b$04$");
    }

    @Test
    void bcryptCostsAndPbkdf2IterationsAreDistinctSettings() {
        StandIns standIns = new StandIns(check("auto"));
        standIns.saw(row(HashAlgorithm.BCRYPT, 4));
        standIns.saw(row(HashAlgorithm.BCRYPT, 5));
        standIns.saw(row(HashAlgorithm.SHA512_PBKDF2, 1000));
        standIns.saw(row(HashAlgorithm.SHA512_PBKDF2, 2000));
        assertThat(standIns.settings()).isEqualTo(4);
    }

    @Test
    void everyCharacterOfTheSaltAndHashButTheLastIsRandom() {
        for (UserRecord real : new UserRecord[] {row(HashAlgorithm.SHA512_PBKDF2, 1000), row(HashAlgorithm.BCRYPT, 4),
                row(HashAlgorithm.SHA512, 0)}) {
            String hash = real.hash();
            int fixed = hash.startsWith("$2") ? 7 : hash.lastIndexOf('$', hash.lastIndexOf('$') - 1) + 1;
            // Positions of the salt and hash that stayed as in the real row, over 20 stand-ins: with 64 letters,
            // a random character stays with probability 1/64 each time, so no position stays in all 20.
            Set<Integer> alwaysKept = new HashSet<>();
            for (int i = fixed; i < hash.length(); i++) {
                alwaysKept.add(i);
            }
            for (int n = 0; n < 20; n++) {
                StandIns standIns = new StandIns(check("auto"));
                standIns.saw(real);
                String standIn = standIns.standInFor("nobody").hash();
                assertThat(standIn.substring(0, fixed)).isEqualTo(hash.substring(0, fixed));
                alwaysKept.removeIf(i -> standIn.charAt(i) != hash.charAt(i));
            }
            // Kept: each field's last character (its unused bits), the '$' between salt and hash, '=' padding.
            assertThat(alwaysKept.size()).as(hash + " kept " + alwaysKept).isLessThanOrEqualTo(6);
            int middle = hash.startsWith("$2") ? 7 + 11 : (fixed + hash.lastIndexOf('$')) / 2;
            int inHash = hash.length() - 5;
            assertThat(alwaysKept).as(hash).doesNotContain(fixed, middle, inHash);
        }
    }

    @Test
    void eachInstanceHasItsOwnKeySoTheChoiceOfSettingsCannotBePredicted() {
        StandIns a = new StandIns(check("auto"));
        StandIns b = new StandIns(check("auto"));
        for (StandIns s : new StandIns[] {a, b}) {
            s.saw(row(HashAlgorithm.SHA512_PBKDF2, 1000));
            s.saw(row(HashAlgorithm.SHA512_PBKDF2, 2000));
            s.saw(row(HashAlgorithm.SHA512_PBKDF2, 3000));
        }
        int same = 0;
        for (int i = 0; i < 100; i++) {
            String name = "unknown-" + i;
            if (settings(a.standInFor(name)).equals(settings(b.standInFor(name)))) {
                same++;
            }
        }
        // Two random keys agree on about a third of the names; the same key would agree on all 100.
        assertThat(same).isLessThan(70);
    }

    @Test
    void theChoiceDependsOnTheWholeNameNotOnlyItsEnd() {
        StandIns standIns = new StandIns(check("auto"));
        for (int i = 1; i <= StandIns.MAX_SETTINGS; i++) {
            standIns.saw(row(HashAlgorithm.SHA512_PBKDF2, 1000 * i));
        }
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            used.add(settings(standIns.standInFor("device-" + i)));
        }
        assertThat(used).hasSize(StandIns.MAX_SETTINGS);
    }

    @Test
    void aRowsToStringHoldsNeitherItsHashNorItsSalt() {
        UserRecord row = new UserRecord("$7$1000$c2FsdA==$aGFzaA==", "pepper", true);
        assertThat(row.toString()).isEqualTo("UserRecord[superuser=true]");
        assertThat(new StandIns(check("auto")).standInFor("nobody").toString())
                .isEqualTo("UserRecord[superuser=false]");
    }

    @Test
    void settingsSeenByManyThreadsAtOnceAreAllRecorded() throws Exception {
        UserRecord[] rows = new UserRecord[StandIns.MAX_SETTINGS];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(HashAlgorithm.SHA512_PBKDF2, 1000 + i);
        }
        for (int round = 0; round < 20; round++) {
            StandIns standIns = new StandIns(check("auto"));
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (UserRecord r : rows) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    standIns.saw(r);
                });
                t.start();
                threads.add(t);
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(5_000);
            }
            assertThat(standIns.settings()).as("a lost compare-and-set is retried").isEqualTo(rows.length);
        }
    }
}
