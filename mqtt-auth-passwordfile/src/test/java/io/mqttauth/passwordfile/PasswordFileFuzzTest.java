package io.mqttauth.passwordfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.FailureReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the password-file parser and verifier: a file is a table or a {@link ConfigurationException} whose every
 * problem names the file and a line of it (line 0 only for the "more problems" summary), never another exception;
 * the provider over a parsed file finds the user of its first line, accepts that user's plain-text password where
 * plain text is allowed, and answers any user name and password with a result, never an exception or
 * {@link FailureReason#INTERNAL_ERROR}. Run long: see docs/fuzzing.md.
 *
 * <p>Hashes are computed by {@link DefaultKdf} up to small work factors; above them the verifier is given a stand-in
 * hash, so that one input with {@code $7$2000000000$...} does not spend the whole run in PBKDF2 (capping the work
 * factors a file may ask for is the parser's business, not this test's).
 *
 * <p>An input is a line {@code FLAG USER-NAME TAB PASSWORD} ({@code FLAG} {@code p} allows plain-text passwords),
 * then the file.
 */
class PasswordFileFuzzTest {

    private static final Set<FailureReason> CREDENTIAL_REASONS = Set.of(FailureReason.PASSWORD_MISMATCH,
            FailureReason.NO_PASSWORD, FailureReason.NO_CREDENTIALS_FOUND, FailureReason.MALFORMED_CREDENTIALS);
    private static final Path DIR = tempDir();
    private static final Path FILE = DIR.resolve("passwd");

    /** The real hash functions at small work factors, a stand-in hash above them. */
    private static final Kdf CHEAP = (params, password, salt, length) -> {
        boolean cheap = switch (params.kind()) {
            case MOSQUITTO_PBKDF2_SHA512, PBKDF2_SHA256, PBKDF2_SHA512 -> params.cost() <= 1_000;
            case BCRYPT -> params.cost() <= 5;
            case ARGON2ID -> params.cost() <= 2 && params.memoryKib() <= 256;
            case MOSQUITTO_SHA512, PLAIN -> true;
        };
        return cheap ? DefaultKdf.INSTANCE.derive(params, password, salt, length) : new byte[length];
    };

    @AfterAll
    static void cleanUp() throws IOException {
        Files.deleteIfExists(FILE);
        Files.deleteIfExists(DIR);
    }

    @FuzzTest
    void passwordFileParsesOrNamesFileAndLineAndVerifyingNeverThrows(byte[] input) throws IOException {
        int newline = 0;
        while (newline < input.length && input[newline] != '\n') {
            newline++;
        }
        String first = new String(input, 0, newline, StandardCharsets.UTF_8);
        boolean plaintext = first.startsWith("p");
        String[] client = first.isEmpty() ? new String[] {""} : first.substring(1).split("\t", 2);
        String username = client[0];
        byte[] password = client.length > 1 ? client[1].getBytes(StandardCharsets.UTF_8) : null;
        byte[] content = Arrays.copyOfRange(input, Math.min(newline + 1, input.length), input.length);
        int lines = 1;
        for (byte c : content) {
            lines += c == '\n' ? 1 : 0;
        }

        try {
            new PasswordFileParser(plaintext, WorkLimits.DEFAULT).parse(FILE, content);
        } catch (ConfigurationException e) {
            assertThat(e.problems()).isNotEmpty();
            for (ConfigurationProblem p : e.problems()) {
                assertThat(p.file()).isEqualTo(FILE);
                assertThat(p.line()).as("%s", p).isBetween(p.message().endsWith("more problems not listed") ? 0 : 1,
                        lines);
            }
            return;
        }

        Files.write(FILE, content);
        try (PasswordFileProvider provider = Fixtures.provider(FILE, CHEAP, "allow-plaintext",
                String.valueOf(plaintext))) {
            check(provider.authenticate(Fixtures.connect(username, password)));
            String[] user = firstUser(content);
            if (user != null) {
                AuthenticationResult known = provider.authenticate(Fixtures.connect(user[0], password));
                check(known);
                assertThat(known).as("user %s of the first line: %s", user[0], known.detail())
                        .isNotInstanceOf(AuthenticationResult.Abstain.class);
                // A plain-text password that is not UTF-8 cannot be typed back from the decoded text.
                if (plaintext && user[1].charAt(0) != '$' && user[1].indexOf('\uFFFD') < 0) {
                    AuthenticationResult right = provider.authenticate(Fixtures.connect(user[0],
                            user[1].getBytes(StandardCharsets.UTF_8)));
                    assertThat(right).as(right.detail()).isInstanceOf(AuthenticationResult.Success.class);
                }
            }
        }
    }

    private static void check(AuthenticationResult result) {
        if (result instanceof AuthenticationResult.Refusal r) {
            assertThat(r.reason()).as(r.detail()).isIn(CREDENTIAL_REASONS);
        } else if (result instanceof AuthenticationResult.Abstain a) {
            assertThat(a.reason()).as(a.detail()).isIn(FailureReason.NO_CREDENTIALS_FOUND, null);
        }
    }

    /**
     * The user name and password field of the first line that is neither blank nor a comment, read independently of
     * the parser (split at the first {@code :}, trimmed of ASCII white space), or null if there is none.
     */
    private static String[] firstUser(byte[] content) {
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            String t = trim(line);
            if (t.isEmpty()) {
                continue;
            }
            int colon = t.indexOf(':');
            return new String[] {trim(t.substring(0, colon)), trim(t.substring(colon + 1))};
        }
        return null;
    }

    private static String trim(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && " \t\n\u000B\f\r".indexOf(s.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && " \t\n\u000B\f\r".indexOf(s.charAt(to - 1)) >= 0) {
            to--;
        }
        return s.substring(from, to);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("password-file-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
