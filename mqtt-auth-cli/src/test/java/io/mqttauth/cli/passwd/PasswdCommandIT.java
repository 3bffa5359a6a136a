package io.mqttauth.cli.passwd;

import io.mqttauth.cli.Cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.passwordfile.PasswordHashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code mqtt-auth passwd}: mosquitto_passwd's behaviour, minus its data-loss bugs. */
class PasswdCommandIT {

    @TempDir
    Path dir;

    private Cli.Result passwd(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "passwd";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(dir, all);
    }

    private Map<String, String> fields() throws IOException {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("pw"))) {
            if (!line.startsWith("#") && line.contains(":")) {
                fields.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1));
            }
        }
        return fields;
    }

    private static boolean verifies(String field, String password) {
        return PasswordHashes.verify(field, password.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void createWritesTheDefaultSevenWithTheDocumentedIterationCountAndMode0600() throws IOException {
        Cli.Result r = passwd("-c", "-b", "pw", "alice", "pässwörd: €");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEmpty();
        String field = fields().get("alice");
        assertThat(field).startsWith("$7$210000$");
        assertThat(verifies(field, "pässwörd: €")).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pw"))))
                .isEqualTo("rw-------");
    }

    @Test
    void addUpdateAndDeleteKeepEveryOtherLineByteForByte() throws IOException {
        String kept = "# comment\r\n\n  # indented note\nbob:$6$GvnmrrrGOM5ixC6P$tqKE1uudiYu8KXLjnjt9T7fV9s7qdxkhApDiQyjAoSZ"
                + "Vui4qPOj45C+X4k24dCrxHVfkTftrBvwNhj2+/wVnhQ==\r\nnot a user line\n";
        Files.writeString(dir.resolve("pw"), kept);
        Files.setPosixFilePermissions(dir.resolve("pw"), PosixFilePermissions.fromString("rw-r-----"));
        assertThat(passwd("-b", "-I", "101", "pw", "carol", "c1").status()).isZero();
        assertThat(Files.readString(dir.resolve("pw"))).startsWith(kept).contains("\ncarol:$7$101$");
        assertThat(passwd("-b", "-H", "sha512", "pw", "carol", "c2").status()).isZero();
        assertThat(verifies(fields().get("carol"), "c2")).isTrue();
        assertThat(passwd("-D", "pw", "carol").status()).isZero();
        assertThat(Files.readString(dir.resolve("pw"))).isEqualTo(kept);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pw"))))
                .as("mode kept").isEqualTo("rw-r-----");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("pw");
        }
    }

    @Test
    void updatingAUserWithDuplicateLinesLeavesOneLine() throws IOException {
        Files.writeString(dir.resolve("pw"), "u:x\nv:y\nu:z\n");
        Cli.Result r = passwd("-b", "-I", "101", "pw", "u", "new");
        assertThat(r.status()).isZero();
        assertThat(r.err()).contains("removed 1 duplicate line(s) for user u");
        List<String> lines = Files.readAllLines(dir.resolve("pw"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo("v:y");
        assertThat(verifies(fields().get("u"), "new")).isTrue();
    }

    @Test
    void upgradeHashesPlainTextOnlyAndNeverHashesAHashAgain() throws IOException {
        String seven = "$7$101$8xLLi6oiT+mht9ah$L5Oa4GMBJwHoGNUzs60uLmVcuWfNqR2CotEv9qR+jL0Ven4+1U7FjfGszQdqi7uiPH3WcM"
                + "R08YG/rLA96xa5vg==";
        Files.writeString(dir.resolve("pw"), "# plain file\nuser1:" + seven + "\nplain: plain pw \n");
        assertThat(passwd("-U", "-I", "101", "pw").status()).isZero();
        assertThat(passwd("-U", "-I", "101", "pw").status()).as("idempotent").isZero();
        Map<String, String> f = fields();
        assertThat(f.get("user1")).isEqualTo(seven);
        assertThat(verifies(f.get("user1"), "pass1")).isTrue();
        assertThat(verifies(f.get("plain"), "plain pw")).isTrue();
        assertThat(Files.readString(dir.resolve("pw"))).startsWith("# plain file\n");
    }

    @Test
    void upgradeRefusesABrokenHashAndChangesNothing() throws IOException {
        String content = "a:plain\nb:$7$0$xx$yy\n";
        Files.writeString(dir.resolve("pw"), content);
        Cli.Result r = passwd("-U", "pw");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("pw:2: user b: not a valid hash");
        assertThat(Files.readString(dir.resolve("pw"))).isEqualTo(content);
    }

    @Test
    void upgradeRefusesAHashOverTheProvidersWorkFactorLimitSayingSo() throws IOException {
        String content = "a:plain\nb:$2b$20$kNC9qeRih20td6RBGaGNYOt1.VlccIrXYX43cExce/hKfy54kX.lO\n";
        Files.writeString(dir.resolve("pw"), content);
        Cli.Result r = passwd("-U", "pw");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("pw:2: user b: not a valid hash (bcrypt cost 20 is over the limit "
                + "password-file.max-bcrypt-cost = 16)");
        assertThat(Files.readString(dir.resolve("pw"))).isEqualTo(content);
    }

    @Test
    void neverWritesAWorkFactorOverTheProvidersDefaultLimits() {
        Cli.Result pbkdf2 = passwd("-c", "-b", "-I", "10000001", "pw", "a", "b");
        assertThat(pbkdf2.status()).isEqualTo(2);
        assertThat(pbkdf2.err()).contains("Error: -I for sha512-pbkdf2 must be from 1 to 10000000.");
        Cli.Result bcrypt = passwd("-c", "-b", "-H", "bcrypt", "-I", "17", "pw", "a", "b");
        assertThat(bcrypt.status()).isEqualTo(2);
        assertThat(bcrypt.err()).contains("Error: -I for bcrypt must be from 4 to 16.");
        Cli.Result argon2 = passwd("-c", "-b", "-H", "argon2id", "-I", "17", "pw", "a", "b");
        assertThat(argon2.status()).isEqualTo(2);
        assertThat(argon2.err()).contains("Error: -I for argon2id must be from 1 to 16.");
        assertThat(Files.exists(dir.resolve("pw"))).isFalse();
    }

    @Test
    void deletingAnUnknownUserIsRefusedAndTheFileUnchanged() throws IOException {
        Files.writeString(dir.resolve("pw"), "a:b\n");
        Cli.Result r = passwd("-D", "pw", "nobody");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("Warning: User nobody not found in password file.");
        assertThat(Files.readString(dir.resolve("pw"))).isEqualTo("a:b\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:b", "tab\there", "", "#hash", " lead", "trail "})
    void refusesUserNamesNoBrokerCouldMatch(String user) {
        Cli.Result r = passwd("-c", "-b", "pw", user, "pw");
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: Username must not");
        assertThat(Files.exists(dir.resolve("pw"))).isFalse();
    }

    @Test
    void refusesAnEmptyPasswordWhichCouldNeverLogIn() {
        Cli.Result r = passwd("-c", "-b", "pw", "alice", "");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("empty password");
    }

    @Test
    void withoutATerminalItAsksForMinusB() {
        Cli.Result r = passwd("-c", "pw", "alice");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("no terminal to ask for the password; give it with -b");
    }

    @Test
    void withoutMinusCTheFileMustExist() {
        Cli.Result r = passwd("-b", "pw", "alice", "x");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("does not exist; use -c to create it");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(passwd("-b", "-H", "md5", "pw", "a", "b").status()).isEqualTo(2);
        assertThat(passwd("-b", "-H", "sha512", "-I", "5", "pw", "a", "b").status()).isEqualTo(2);
        assertThat(passwd("-b", "-I", "0", "pw", "a", "b").status()).isEqualTo(2);
        assertThat(passwd("-c", "-D", "pw", "a").status()).isEqualTo(2);
        assertThat(passwd("pw", "a", "b").status()).as("password without -b").isEqualTo(2);
        assertThat(passwd("-U", "pw", "a").status()).isEqualTo(2);
    }

    @Test
    void modernHashesAreWrittenAndVerify() throws IOException {
        assertThat(passwd("-c", "-b", "-H", "bcrypt", "-I", "4", "pw", "b", "bcrypt pw").status()).isZero();
        assertThat(passwd("-b", "-H", "argon2id", "-I", "1", "pw", "a", "argon pw").status()).isZero();
        assertThat(fields().get("b")).startsWith("$2b$04$");
        assertThat(verifies(fields().get("b"), "bcrypt pw")).isTrue();
        assertThat(fields().get("a")).startsWith("$argon2id$v=19$m=19456,t=1,p=1$");
        assertThat(verifies(fields().get("a"), "argon pw")).isTrue();
    }
}
