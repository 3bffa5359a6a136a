package io.mqttauth.passwordfile;

import static io.mqttauth.passwordfile.Fixtures.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An unknown user costs the same hash work as a known user with a wrong password: the same function, work factor,
 * salt length and output length run exactly once on both paths; in a file that mixes settings, each unknown name always
 * gets the same one, and settings are spread over names as over the users. Shown by counting, not by timing (see
 * {@link UnknownUserTimingTest} for the timing).
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
    void anUnknownNameIsHashedAgainstItsOwnStandInWithTheSameWorkAsAUserOfThatSetting() {
        String lines = Settings.file(Settings.seven(101), 3, Settings.seven(1000), 3, Settings.SIX, 3);
        PasswordTable table = Settings.parse(lines);
        RecordingKdf kdf = new RecordingKdf();
        try (PasswordFileProvider p = Fixtures.provider(Fixtures.write(dir, "passwd", lines), kdf)) {
            for (int i = 0; i < 30; i++) {
                String name = "nobody-" + i;
                PasswordTable.Entry standIn = table.standInFor(name.getBytes(StandardCharsets.UTF_8));
                kdf.calls.clear();
                p.authenticate(connect(name, "wrong"));
                assertThat(kdf.calls).singleElement().isEqualTo(new RecordingKdf.Call(standIn.params(),
                        standIn.salt().length, 5, standIn.hash().length));
            }
        }
    }

    @Test
    void anUnknownNameAlwaysGetsTheSameStandInSettingsWithTheLengthsOfThatSetting() {
        String lines = Settings.file(Settings.seven(101), 5, Settings.sevenSalt64(210_000), 2, Settings.SIX, 1,
                Settings.bcrypt(10), 1);
        PasswordTable first = Settings.parse(lines);
        PasswordTable again = Settings.parse(lines);
        Map<HashParams, PasswordTable.Entry> settings = new HashMap<>();
        for (String user : new String[] {"u0", "u5", "u7", "u8"}) {
            PasswordTable.Entry e = first.find(user.getBytes(StandardCharsets.UTF_8));
            settings.put(e.params(), e);
        }
        assertThat(settings).hasSize(4);
        for (int i = 0; i < 500; i++) {
            byte[] name = ("nobody-" + i).getBytes(StandardCharsets.UTF_8);
            PasswordTable.Entry standIn = first.standInFor(name);
            assertThat(first.standInFor(name).params()).isEqualTo(standIn.params());
            assertThat(again.standInFor(name).params()).as("a reload of the same file").isEqualTo(standIn.params());
            PasswordTable.Entry like = settings.get(standIn.params());
            assertThat(like).as("one of the file's settings").isNotNull();
            assertThat(standIn.salt()).hasSameSizeAs(like.salt()).isNotEqualTo(like.salt());
            assertThat(standIn.hash()).hasSameSizeAs(like.hash()).isNotEqualTo(like.hash());
        }
    }

    @Test
    void standInSettingsAreSpreadOverNamesAsTheSettingsAreOverTheUsers() {
        // Most common first, so neither "the last" nor "the first" setting would pass by accident.
        Map<HashParams, Double> shares = shareOfNames(Settings.file(Settings.seven(101), 50, Settings.SIX, 30,
                Settings.seven(210_000), 15, Settings.bcrypt(10), 5));
        assertThat(shares.get(HashParams.of(HashKind.MOSQUITTO_PBKDF2_SHA512, 101))).isCloseTo(0.50, within(0.03));
        assertThat(shares.get(HashParams.of(HashKind.MOSQUITTO_SHA512))).isCloseTo(0.30, within(0.03));
        assertThat(shares.get(HashParams.of(HashKind.MOSQUITTO_PBKDF2_SHA512, 210_000))).isCloseTo(0.15,
                within(0.03));
        assertThat(shares.get(new HashParams(HashKind.BCRYPT, "2b", 10, 0, 0))).isCloseTo(0.05, within(0.02));
    }

    @ParameterizedTest(name = "most common setting {0} of three")
    @ValueSource(ints = {0, 1, 2})
    void theMostCommonSettingIsTheStandInOfMostNamesWhereverItIsInTheFile(int position) {
        String[] others = {Settings.SIX, Settings.seven(1000)};
        String common = Settings.seven(101);
        List<Object> layout = new ArrayList<>();
        for (int i = 0, o = 0; i < 3; i++) {
            layout.add(i == position ? common : others[o++]);
            layout.add(i == position ? 6 : 2);
        }
        Map<HashParams, Double> shares = shareOfNames(Settings.file(layout.toArray()));
        HashParams modal = Collections.max(shares.entrySet(), Map.Entry.comparingByValue()).getKey();
        assertThat(modal).isEqualTo(HashParams.of(HashKind.MOSQUITTO_PBKDF2_SHA512, 101));
        assertThat(shares.get(modal)).isCloseTo(0.6, within(0.03));
    }

    /** The share of 10,000 unknown names whose stand-in has each setting. */
    private static Map<HashParams, Double> shareOfNames(String lines) {
        PasswordTable table = Settings.parse(lines);
        int names = 10_000;
        Map<HashParams, Double> shares = new HashMap<>();
        for (int i = 0; i < names; i++) {
            HashParams params = table.standInFor(("unknown-" + i).getBytes(StandardCharsets.UTF_8)).params();
            shares.merge(params, 1.0 / names, Double::sum);
        }
        return shares;
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
