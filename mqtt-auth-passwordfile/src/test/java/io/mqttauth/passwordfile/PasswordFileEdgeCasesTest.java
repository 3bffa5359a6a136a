package io.mqttauth.passwordfile;

import static io.mqttauth.passwordfile.Fixtures.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The limits of the password file at their exact boundaries, one value inside and one outside: argon2's memory of at
 * least 8 KiB per lane and at most 255 lanes, unpadded base64 that leaves one character over, the longest user name
 * MQTT can send. (Which settings an unknown user's stand-in takes is in {@link UnknownUserCostTest}.)
 */
class PasswordFileEdgeCasesTest {

    /** 15 bytes of salt (20 characters) and 32 of hash (43 characters), in standard base64 without padding. */
    private static final String SALT = "c2FsdHNhbHRzYWx0MTZi";
    private static final String HASH = "KRR37uH43Hp7/opqttWtg5P+7qxoTvNR7P/RUTVQLwc";

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

    private ConfigurationProblem onlyProblem(String content) {
        try (PasswordFileProvider p = provider(content)) {
            throw new AssertionError("accepted: " + content.substring(0, Math.min(80, content.length())));
        } catch (ConfigurationException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
    }

    private static String argon2(String mtp) {
        return "alice:$argon2id$v=19$" + mtp + "$" + SALT + "$" + HASH + "\n";
    }

    @ParameterizedTest(name = "{0} is accepted")
    @CsvSource(delimiter = '|', textBlock = """
            m=8,t=1,p=1
            m=16,t=1,p=2
            """)
    void argon2ParametersAtTheirLimitsAreAccepted(String mtp) {
        assertThat(found(argon2(mtp), "alice")).contains("found (passwd line 1").contains(mtp);
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', textBlock = """
            m=7,t=1,p=1
            m=15,t=1,p=2
            m=2048,t=1,p=256
            m=4194305,t=1,p=1
            m=8,t=0,p=1
            m=8,t=1,p=0
            """)
    void argon2ParametersJustPastTheirLimitsAreRefused(String mtp) {
        assertThat(onlyProblem(argon2(mtp)).message())
                .contains("argon2id needs p from 1 to 255, t of at least 1, and m from 8*p to 4194304 KiB");
    }

    @Test
    void unpaddedBase64WithOneCharacterOverIsRefused() {
        // 21 characters: five groups of four and one character, which cannot encode a whole byte.
        assertThat(onlyProblem(argon2("m=8,t=1,p=1").replace(SALT, SALT + "A")).message())
                .contains("argon2id salt is not standard base64 without padding");
        assertThat(onlyProblem(argon2("m=8,t=1,p=1").replace(HASH, HASH + "AB")).message())
                .as("45 characters: eleven groups of four and one over")
                .contains("argon2id hash is not standard base64 without padding");
    }

    @Test
    void unpaddedBase64WithTwoOrThreeCharactersOverDecodesTheirBytes() {
        RecordingKdf kdf = new RecordingKdf();
        for (String extra : new String[] {"YQ", "YWI"}) {
            try (PasswordFileProvider p = Fixtures.provider(Fixtures.write(dir, "passwd",
                    argon2("m=8,t=1,p=1").replace(SALT, SALT + extra)), kdf)) {
                p.authenticate(connect("alice", "wrong"));
            }
        }
        assertThat(kdf.calls).extracting(RecordingKdf.Call::saltLength).containsExactly(15 + 1, 15 + 2);
    }

    @Test
    void aUserNameOf65535BytesIsAcceptedAndFound() {
        String name = "u".repeat(65_535);
        String content = argon2("m=8,t=1,p=1").replace("alice", name);
        assertThat(found(content, name)).contains("found (passwd line 1");
        assertThat(found(content, name.substring(1))).contains("is not in passwd");
    }

    @Test
    void aUserNameOf65536BytesIsRefused() {
        assertThat(onlyProblem(argon2("m=8,t=1,p=1").replace("alice", "u".repeat(65_536))).message())
                .contains("user name longer than 65535 bytes");
    }
}
