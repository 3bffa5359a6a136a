package io.mqttauth.passwordfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Line syntax: what Mosquitto 2.0.11 accepts and we accept too, and what we reject with file and line. */
class PasswordFileParserTest {

    private static final Path FILE = Path.of("/etc/mqtt/passwd");
    private static final String SALT12 = "FY6C6ULWoYCnCkP9";
    private static final String HASH64 =
            "j7tgd4AtwxExG0ENlCC4d0g0FAY5pUt6nyYmojA2sL1HXSjRQrKCBlOh6jdhYPBC/Eh9gxdEPfavR4xLsZnnbg==";
    private static final String SEVEN = "$7$101$" + SALT12 + "$" + HASH64;

    private static PasswordTable parse(String content) {
        return new PasswordFileParser(false, WorkLimits.DEFAULT).parse(FILE, content.getBytes(StandardCharsets.UTF_8));
    }

    private static ConfigurationProblem onlyProblem(String content) {
        try {
            parse(content);
        } catch (ConfigurationException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("accepted: " + content);
    }

    private static byte[] name(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acceptsWhatMosquittoAccepts() {
        PasswordTable t = parse("# comment in column 0\n\n   \t\nalice:" + SEVEN + "\r\n"
                + "  spaced name \t:  " + SEVEN + "  \n"
                + "jürgen:" + SEVEN + "\n"
                + "last:" + SEVEN);
        assertThat(t.size()).isEqualTo(4);
        assertThat(t.find(name("alice")).line()).isEqualTo(4);
        assertThat(t.find(name("spaced name")).line()).isEqualTo(5);
        assertThat(t.find(name("jürgen"))).isNotNull();
        assertThat(t.find(name("last")).line()).isEqualTo(7);
        assertThat(t.find(name("Alice"))).as("user names are case-sensitive").isNull();
    }

    @Test
    void acceptsSixtyFourByteSaltsAsMosquitto21Writes() {
        String salt64 = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        assertThat(parse("u:$7$210000$" + salt64 + "$" + HASH64 + "\n").find(name("u")).salt()).hasSize(64);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        indented comment      | '   # alice:$7$101$FY6C6ULWoYCnCkP9$HASH' | indented comment
        no colon              | just some text                         | no ':' between user name and password hash
        empty user name       | :$7$101$FY6C6ULWoYCnCkP9$HASH          | empty user name before ':'
        no hash               | alice:                                 | no password hash after ':'
        extra field           | alice:$7$101$FY6C6ULWoYCnCkP9$HASH:x   | text after the hash (a second ':')
        plain text            | alice:secret                           | plain-text password
        unknown type          | alice:$5$abc$def                       | unknown hash type
        argon2i not argon2id  | alice:$argon2i$v=19$m=8,t=1,p=1$a$b    | unknown hash type
        missing leading $     | alice:7$101$FY6C6ULWoYCnCkP9$HASH      | plain-text password
        doubled $             | alice:$$7$$101$$FY6C6ULWoYCnCkP9$$HASH | empty '$' field
        trailing junk field   | alice:$7$101$FY6C6ULWoYCnCkP9$HASH$x   | a $7$ hash has the form
        iterations zero       | alice:$7$0$FY6C6ULWoYCnCkP9$HASH       | $7$ iteration count must be
        iterations junk       | alice:$7$101abc$FY6C6ULWoYCnCkP9$HASH  | $7$ iteration count must be
        iterations negative   | alice:$7$-5$FY6C6ULWoYCnCkP9$HASH      | $7$ iteration count must be
        iterations overflow   | alice:$7$2147483648$FY6C6ULWoYCnCkP9$HASH | $7$ iteration count must be
        salt bad base64       | alice:$7$101$FY6C6ULWoYC*kP9$HASH      | $7$ salt is not standard base64
        salt url-safe base64  | alice:$7$101$FY6C6ULWoYC-kP9_$HASH     | $7$ salt is not standard base64
        salt 9 bytes          | alice:$7$101$FY6C6ULWoYCn$HASH         | $7$ salt must decode to 12 bytes
        salt 16 bytes         | alice:$7$101$FY6C6ULWoYCnCkP9FY6C6Q==$HASH | $7$ salt must decode to 12 bytes
        salt 96 bytes         | alice:$7$101$SALT96$HASH                 | $7$ salt must decode to 12 bytes (Mosquitto 2.0) or 64 bytes (Mosquitto 2.1), not 96
        hash 256 bytes        | alice:$7$101$FY6C6ULWoYCnCkP9$SALT256    | $7$ hash is longer than 255 bytes, more than any password file uses
        hash unpadded         | alice:$7$101$FY6C6ULWoYCnCkP9$UNPADDED | $7$ hash is not standard base64 with '=' padding
        hash 48 bytes         | alice:$7$101$FY6C6ULWoYCnCkP9$SHORT    | $7$ hash must decode to 64 bytes, not 48
        six wrong shape       | alice:$6$FY6C6ULWoYCnCkP9              | a $6$ hash has the form
        six salt 16 bytes     | alice:$6$FY6C6ULWoYCnCkP9FY6C6Q==$HASH | $6$ salt must decode to 12 bytes, not 16
        bcrypt cost 3         | alice:$2b$03$kNC9qeRih20td6RBGaGNYOt1.VlccIrXYX43cExce/hKfy54kX.lO | bcrypt cost must be
        bcrypt short          | alice:$2b$05$kNC9qeRih20td6RBGaGNYOt1.VlccIrX   | a bcrypt hash has the form
        bcrypt bad char       | alice:$2b$05$kNC9qeRih20td6RBGaGNYOt1.VlccIrXYX43cExce/hKfy54kX+lO | bcrypt hash is not 31
        argon2 version 16     | alice:$argon2id$v=16$m=4096,t=2,p=2$c2FsdHNhbHRzYWx0MTZi$KRR37uH43Hp7/opqttWtg5P+7qxoTvNR7P/RUTVQLwc | only argon2 version 19
        argon2 param order    | alice:$argon2id$v=19$t=2,m=4096,p=2$c2FsdHNhbHRzYWx0MTZi$KRR37uH43Hp7/opqttWtg5P+7qxoTvNR7P/RUTVQLwc | m=<KiB>
        argon2 huge memory    | alice:$argon2id$v=19$m=99999999,t=2,p=2$c2FsdHNhbHRzYWx0MTZi$KRR37uH43Hp7/opqttWtg5P+7qxoTvNR7P/RUTVQLwc | m from 8*p
        argon2 padded         | alice:$argon2id$v=19$m=4096,t=2,p=2$c2FsdHNhbHRzYWx0MTZi$KRR37uH43Hp7/opqttWtg5P+7qxoTvNR7P/RUTVQLwc= | hash is not standard base64 without padding
        pbkdf2 no i=          | alice:$pbkdf2-sha256$1000$cGJrZGYyLXNhbHQtMjU2IQ$oR3n2GR+Gcv5BkTALXxrRsy39OMMu6HxQ80+Jz69ooY | i=<iterations>
        pbkdf2 short salt     | alice:$pbkdf2-sha256$i=1000$cGJr$oR3n2GR+Gcv5BkTALXxrRsy39OMMu6HxQ80+Jz69ooY | salt must decode to 8 to 64 bytes, not 3
        too many $ fields     | alice:$7$1$2$3$4$5$6$7$8               | too many '$' fields
        iterations past 64 bits | alice:$7$18446744073709551717$FY6C6ULWoYCnCkP9$HASH | $7$ iteration count must be
        bcrypt bad salt char  | alice:$2b$05$kNC9qeRih20td6RBGaGN*Ot1.VlccIrXYX43cExce/hKfy54kX.lO | bcrypt salt is not 22 characters
        argon2 empty version  | alice:$argon2id$v=$m=4096,t=2,p=2$c2FsdHNhbHRzYWx0MTZi$KRR37uH43Hp7/opqttWtg5P+7qxoTvNR7P/RUTVQLwc | only argon2 version 19
        argon2 empty m        | alice:$argon2id$v=19$m=,t=2,p=2$c2FsdHNhbHRzYWx0MTZi$KRR37uH43Hp7/opqttWtg5P+7qxoTvNR7P/RUTVQLwc | argon2id parameters must be m=<KiB>,t=<passes>,p=<lanes>, in that order
        argon2 unknown key    | alice:$argon2id$v=19$m=4096,x=2,p=2$c2FsdHNhbHRzYWx0MTZi$KRR37uH43Hp7/opqttWtg5P+7qxoTvNR7P/RUTVQLwc | argon2id parameters must be m=<KiB>,t=<passes>,p=<lanes>, in that order
        pbkdf2 i without =    | alice:$pbkdf2-sha256$i$cGJrZGYyLXNhbHQtMjU2IQ$oR3n2GR+Gcv5BkTALXxrRsy39OMMu6HxQ80+Jz69ooY | a $pbkdf2-sha256$ hash has the form $pbkdf2-sha256$i=<iterations>$<salt>$<hash>
        pbkdf2 iterations zero | alice:$pbkdf2-sha512$i=0$cGJrZGYyLXNhbHQtMjU2IQ$oR3n2GR+Gcv5BkTALXxrRsy39OMMu6HxQ80+Jz69ooY | $pbkdf2-sha512$ iteration count must be a whole number from 1 to 2147483647
        """)
    void rejectsWithFileAndLine(String kind, String line, String message) {
        String text = line.replace("SALT96", java.util.Base64.getEncoder().encodeToString(new byte[96]))
                .replace("SALT256", java.util.Base64.getEncoder().encodeToString(new byte[256]))
                .replace("UNPADDED", HASH64.substring(0, 86)).replace("SHORT", HASH64.substring(0, 64))
                .replace("HASH", HASH64);
        ConfigurationProblem p = onlyProblem("# " + kind + "\n" + text + "\n");
        assertThat(p.file()).isEqualTo(FILE);
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.message()).contains(message);
        assertThat(p.fix()).isNotBlank();
        assertThat(p.toString()).startsWith("/etc/mqtt/passwd:2: ");
    }

    private static final String ARGON_SALT = "c2FsdHNhbHRzYWx0MTZi";
    private static final String ARGON_HASH = "KRR37uH43Hp7/opqttWtg5P+7qxoTvNR7P/RUTVQLwc";
    private static final String BCRYPT_TAIL = "kNC9qeRih20td6RBGaGNYOt1.VlccIrXYX43cExce/hKfy54kX.lO";
    private static final String PBKDF2_TAIL = "cGJrZGYyLXNhbHQtMjU2IQ$oR3n2GR+Gcv5BkTALXxrRsy39OMMu6HxQ80+Jz69ooY";

    private static String argon2(String params) {
        return "$argon2id$v=19$" + params + "$" + ARGON_SALT + "$" + ARGON_HASH;
    }

    /** A work factor over its limit is a problem of the line that names the key raising the limit, in message and fix. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        $7$ iterations          | $7$10000001$SALT12$HASH64                 | $7$ iteration count 10000001 is over the limit password-file.max-pbkdf2-iterations = 10000000                     | max-pbkdf2-iterations
        $7$ half an hour        | $7$2147483647$SALT12$HASH64               | $7$ iteration count 2147483647 is over the limit password-file.max-pbkdf2-iterations = 10000000                   | max-pbkdf2-iterations
        pbkdf2-sha256 iterations| $pbkdf2-sha256$i=10000001$PBKDF2          | $pbkdf2-sha256$ iteration count 10000001 is over the limit password-file.max-pbkdf2-iterations = 10000000       | max-pbkdf2-iterations
        pbkdf2-sha512 iterations| $pbkdf2-sha512$i=99999999$PBKDF2          | $pbkdf2-sha512$ iteration count 99999999 is over the limit password-file.max-pbkdf2-iterations = 10000000       | max-pbkdf2-iterations
        bcrypt cost 17          | $2b$17$BCRYPT                             | bcrypt cost 17 is over the limit password-file.max-bcrypt-cost = 16                                               | max-bcrypt-cost
        bcrypt cost 31          | $2y$31$BCRYPT                             | bcrypt cost 31 is over the limit password-file.max-bcrypt-cost = 16                                               | max-bcrypt-cost
        argon2 memory 4 GiB     | ARGON2(m=4194304,t=1,p=1)                 | argon2id memory m (KiB) 4194304 is over the limit password-file.max-argon2-memory-kib = 1048576                   | max-argon2-memory-kib
        argon2 passes           | ARGON2(m=4096,t=17,p=1)                   | argon2id passes t 17 is over the limit password-file.max-argon2-passes = 16                                       | max-argon2-passes
        argon2 lanes            | ARGON2(m=4096,t=1,p=17)                   | argon2id lanes p 17 is over the limit password-file.max-argon2-parallelism = 16                                   | max-argon2-parallelism
        """)
    void aWorkFactorOverItsLimitIsAProblemNamingTheKeyThatRaisesIt(String kind, String field, String message,
            String key) {
        ConfigurationProblem p = onlyProblem("# " + kind + "\nalice:" + expand(field) + "\n");
        assertThat(p.file()).isEqualTo(FILE);
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.message()).isEqualTo("user \"alice\": " + message);
        assertThat(p.fix()).contains("mqtt-auth passwd FILE USER").contains("raise password-file." + key);
    }

    private static String expand(String field) {
        if (field.startsWith("ARGON2(")) {
            return argon2(field.substring(7, field.length() - 1));
        }
        return field.replace("SALT12", SALT12).replace("HASH64", HASH64).replace("PBKDF2", PBKDF2_TAIL)
                .replace("BCRYPT", BCRYPT_TAIL);
    }

    @Test
    void workFactorsAtTheLimitsAreAcceptedAndRaisedLimitsAcceptMore() {
        String atLimits = "a:$7$10000000$" + SALT12 + "$" + HASH64 + "\n"
                + "b:$pbkdf2-sha256$i=10000000$" + PBKDF2_TAIL + "\n"
                + "c:$2b$16$" + BCRYPT_TAIL + "\n"
                + "d:" + argon2("m=1048576,t=16,p=16") + "\n";
        assertThat(parse(atLimits).size()).isEqualTo(4);

        String overDefaults = "a:$7$2147483647$" + SALT12 + "$" + HASH64 + "\n"
                + "c:$2b$31$" + BCRYPT_TAIL + "\n"
                + "d:" + argon2("m=4194304,t=100,p=255") + "\n";
        WorkLimits raised = new WorkLimits(Integer.MAX_VALUE, 31, 4 * 1024 * 1024, 100, 255);
        assertThat(new PasswordFileParser(false, raised).parse(FILE, overDefaults.getBytes(StandardCharsets.UTF_8))
                .size()).isEqualTo(3);
        WorkLimits lowered = new WorkLimits(1000, 10, 4096, 2, 1);
        assertThatThrownBy(() -> new PasswordFileParser(false, lowered).parse(FILE,
                atLimits.getBytes(StandardCharsets.UTF_8))).isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.problems()).extracting(ConfigurationProblem::line)
                                .containsExactly(1, 2, 3, 4));
    }

    @Test
    void argon2MemoryMustBeAtLeastEightKibPerLane() {
        assertThat(onlyProblem("alice:" + argon2("m=15,t=1,p=2") + "\n").message())
                .contains("argon2id needs p from 1 to 255, t of at least 1, and m from 8*p to 4194304 KiB");
        assertThat(parse("alice:" + argon2("m=16,t=1,p=2") + "\n").find(name("alice")).params())
                .isEqualTo(new HashParams(HashKind.ARGON2ID, "", 1, 16, 2));
    }

    @Test
    void argon2LanesAreAtMost255WhateverTheLimit() {
        WorkLimits anyLanes = new WorkLimits(1, 4, 4 * 1024 * 1024, 1, 255);
        String lanes255 = "alice:" + argon2("m=2040,t=1,p=255") + "\n";
        assertThat(new PasswordFileParser(false, anyLanes).parse(FILE, lanes255.getBytes(StandardCharsets.UTF_8))
                .find(name("alice")).params().parallelism()).isEqualTo(255);
        assertThatThrownBy(() -> new PasswordFileParser(false, anyLanes).parse(FILE,
                ("alice:" + argon2("m=2048,t=1,p=256") + "\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
                        .extracting(ConfigurationProblem::message).asString().contains("p from 1 to 255"));
    }

    @Test
    void aSaltOfAsManyBytesAsAnEntryCanHoldIsReadAndOneMoreIsRefusedWithoutAnException() {
        String salt255 = java.util.Base64.getEncoder().encodeToString(new byte[255]);
        assertThat(onlyProblem("alice:$7$101$" + salt255 + "$" + HASH64 + "\n").message()).isEqualTo("user \"alice\": "
                + "$7$ salt must decode to 12 bytes (Mosquitto 2.0) or 64 bytes (Mosquitto 2.1), not 255");
        String salt256 = java.util.Base64.getEncoder().encodeToString(new byte[256]);
        assertThat(onlyProblem("alice:$7$101$" + salt256 + "$" + HASH64 + "\n").message())
                .isEqualTo("user \"alice\": $7$ salt is longer than 255 bytes, more than any password file uses");
    }

    @Test
    void unpaddedBase64WithOneDanglingCharacterIsRejected() {
        // 13 characters: 3 whole quads and one character that holds 6 of a byte's 8 bits.
        String field = "$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHRzY$" + ARGON_HASH;
        assertThat(onlyProblem("alice:" + field + "\n").message())
                .isEqualTo("user \"alice\": argon2id salt is not standard base64 without padding");
        assertThat(parse("alice:$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHRz$" + ARGON_HASH + "\n").size())
                .as("the same salt without the dangling character").isEqualTo(1);
    }

    @Test
    void aUserNameOf65535BytesIsTheLongestAccepted() {
        String longest = "é".repeat(32_767) + "a";
        assertThat(name(longest)).hasSize(65_535);
        PasswordTable t = parse(longest + ":" + SEVEN + "\n");
        assertThat(t.find(name(longest)).line()).isEqualTo(1);
        assertThat(onlyProblem(longest + "b:" + SEVEN + "\n").message())
                .isEqualTo("user name longer than 65535 bytes");
    }

    @Test
    void aFileOfBlankLinesDoesNotReserveMemoryPerLine() {
        byte[] blank = new byte[8 << 20];
        java.util.Arrays.fill(blank, (byte) '\n');
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()).isTrue();
        long before = threads.getCurrentThreadAllocatedBytes();
        PasswordTable t = new PasswordFileParser(false, WorkLimits.DEFAULT).parse(FILE, blank);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(t.size()).isZero();
        // Presized by its 8 Mi lines, the index alone took 256 MiB; bounded, it takes 16 MiB and the entries 8 MiB.
        assertThat(allocated).isLessThan(64L << 20);
    }

    @Test
    void problemsNeverQuoteThePasswordField() {
        ConfigurationProblem p = onlyProblem("alice:$topsecret\n");
        assertThat(p.message()).doesNotContain("topsecret");
        assertThat(onlyProblem("alice:topsecret\n").message()).doesNotContain("topsecret");
    }

    @Test
    void aFileStartingWithAColonHasAnEmptyUserNameOnLine1() {
        ConfigurationProblem p = onlyProblem(":" + SEVEN + "\nalice:" + SEVEN + "\n");
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.message()).isEqualTo("empty user name before ':'");
    }

    @Test
    void phcPbkdf2WithOneIterationIsAccepted() {
        assertThat(parse("alice:$pbkdf2-sha256$i=1$" + PBKDF2_TAIL + "\n").find(name("alice")).params())
                .isEqualTo(HashParams.of(HashKind.PBKDF2_SHA256, 1));
    }

    @Test
    void duplicateUserIsAnErrorNamingBothLines() {
        ConfigurationProblem p = onlyProblem("alice:" + SEVEN + "\nbob:" + SEVEN + "\n  alice :" + SEVEN + "\n");
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.message()).isEqualTo("duplicate user \"alice\", first on line 1 (Mosquitto silently uses the "
                + "last valid one)");
        assertThat(p.fix()).isEqualTo("keep one line per user");
    }

    @Test
    void everyProblemIsListedNotJustTheFirst() {
        assertThatThrownBy(() -> parse("a:x\nb:" + SEVEN + "\nc\nd:$9$\n"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(
                        e.problems().stream().map(ConfigurationProblem::line).toList()).containsExactly(1, 3, 4));
    }

    @Test
    void problemListIsCappedAndTheRestCounted() {
        String bad = "x\n".repeat(PasswordFileParser.MAX_PROBLEMS + 5);
        assertThatThrownBy(() -> parse(bad)).isInstanceOfSatisfying(ConfigurationException.class, e -> {
            List<ConfigurationProblem> problems = e.problems();
            assertThat(problems).hasSize(PasswordFileParser.MAX_PROBLEMS + 1);
            assertThat(problems.get(problems.size() - 1).message()).isEqualTo("5 more problems not listed");
        });
    }

    @Test
    void rejectsByteOrderMarkNulAndNonUtf8Names() {
        byte[] bom = ("\uFEFFalice:" + SEVEN + "\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new PasswordFileParser(false, WorkLimits.DEFAULT).parse(FILE, bom))
                .hasMessageContaining("byte-order mark");
        assertThat(onlyProblem("al\0ice:" + SEVEN + "\n").message()).contains("NUL");
        byte[] latin1 = ("j\u00fcrgen:" + SEVEN + "\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> new PasswordFileParser(false, WorkLimits.DEFAULT).parse(FILE, latin1))
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void plainTextIsAcceptedOnlyWhenAllowedAndNotKeptInMemory() {
        PasswordTable t = new PasswordFileParser(true, WorkLimits.DEFAULT).parse(FILE, "alice: s3cret \n".getBytes(StandardCharsets.UTF_8));
        PasswordTable.Entry e = t.find(name("alice"));
        assertThat(e.params().kind()).isEqualTo(HashKind.PLAIN);
        assertThat(new String(e.hash(), StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");
        assertThat(e.hash()).isEqualTo(DefaultKdf.INSTANCE.derive(e.params(), name("s3cret"), new byte[0], 64));
    }
}
