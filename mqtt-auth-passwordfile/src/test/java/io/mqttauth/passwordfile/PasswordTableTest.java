package io.mqttauth.passwordfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The compact table itself, below the parser: a builder presized for fewer users and bytes than it gets (as for a file
 * over the presizing bounds) grows and keeps every entry exactly; line numbers of any size are kept; and settings that
 * differ only in salt or hash length are separate settings for the stand-in.
 */
class PasswordTableTest {

    private static final HashParams CHEAP = HashParams.of(HashKind.MOSQUITTO_PBKDF2_SHA512, 101);
    private static final HashParams COSTLY = HashParams.of(HashKind.MOSQUITTO_PBKDF2_SHA512, 210_000);

    private static byte[] name(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes {@code seed, seed + 1, ...}, so that every user's salt and hash differ. */
    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    private static int add(PasswordTable.Builder builder, int line, String user, HashParams params, byte[] salt,
            byte[] hash) {
        byte[] n = name(user);
        return builder.add(line, n, 0, n.length, params, salt, salt.length, hash, hash.length);
    }

    @Test
    void aBuilderPresizedForNoUsersGrowsToHoldEveryEntryExactly() {
        PasswordTable.Builder builder = new PasswordTable.Builder(Path.of("passwd"), 0, 0);
        int users = 1_000;
        for (int i = 0; i < users; i++) {
            assertThat(add(builder, i + 1, "user-" + i, i % 3 == 0 ? COSTLY : CHEAP, bytes(12 + i % 53, i),
                    bytes(64, 7 * i))).isZero();
        }
        assertThat(add(builder, users + 1, "user-500", CHEAP, bytes(12, 0), bytes(64, 0)))
                .as("a duplicate found after the table grew").isEqualTo(501);
        PasswordTable table = builder.build();
        assertThat(table.size()).isEqualTo(users);
        for (int i = 0; i < users; i++) {
            PasswordTable.Entry e = table.find(name("user-" + i));
            assertThat(e).as("user-%d", i).isNotNull();
            assertThat(e.line()).isEqualTo(i + 1);
            assertThat(e.params()).isEqualTo(i % 3 == 0 ? COSTLY : CHEAP);
            assertThat(e.salt()).isEqualTo(bytes(12 + i % 53, i));
            assertThat(e.hash()).isEqualTo(bytes(64, 7 * i));
        }
        assertThat(table.find(name("user-1000"))).isNull();
        assertThat(table.find(name("user-"))).isNull();
    }

    @Test
    void lineNumbersThatNeedAllFourBytesAreKept() {
        PasswordTable.Builder builder = new PasswordTable.Builder(Path.of("passwd"), 0, 0);
        int[] lines = {1 << 24, (1 << 24) + 0x010203, Integer.MAX_VALUE};
        for (int i = 0; i < lines.length; i++) {
            add(builder, lines[i], "u" + i, CHEAP, bytes(12, i), bytes(64, i));
        }
        PasswordTable table = builder.build();
        for (int i = 0; i < lines.length; i++) {
            assertThat(table.find(name("u" + i)).line()).isEqualTo(lines[i]);
        }
    }

    @Test
    void settingsThatDifferOnlyInSaltLengthAreSeparateStandInSettings() {
        // Mosquitto 2.0 writes 12-byte salts, 2.1 64-byte ones, both with the same iterations.
        PasswordTable table = Settings.parse(Settings.file(Settings.seven(101), 1, Settings.sevenSalt64(101), 1));
        assertThat(standIns(table, CHEAP, e -> e.salt().length)).containsExactlyInAnyOrder(12, 64);
    }

    @Test
    void settingsThatDifferOnlyInHashLengthAreSeparateStandInSettings() {
        String field = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0MTZi$";
        PasswordTable table = Settings.parse("a:" + field + "KRR37uH43Hp7/opqttWtg5P+7qxoTvNR7P/RUTVQLwc\n"
                + "b:" + field + "KRR37uH43Hp7/opqttWtg5\n");
        assertThat(standIns(table, new HashParams(HashKind.ARGON2ID, "", 1, 8, 1), e -> e.hash().length))
                .containsExactlyInAnyOrder(32, 16);
    }

    /** What {@code property} takes over the stand-ins of 200 unknown names, each of which has {@code params}. */
    private static Set<Integer> standIns(PasswordTable table, HashParams params,
            Function<PasswordTable.Entry, Integer> property) {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            PasswordTable.Entry standIn = table.standInFor(name("nobody-" + i));
            assertThat(standIn.params()).isEqualTo(params);
            seen.add(property.apply(standIn));
        }
        return seen;
    }
}
