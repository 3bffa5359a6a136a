package io.mqttauth.cli;

import io.mqttauth.jdbc.SaltedDigests;
import io.mqttauth.jdbc.SaltedDigests.SaltPosition;
import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mqtt-auth hash}: prints the stored form of a password, read from the terminal (asked twice) or else from
 * standard input (its first line), to paste into a database table that the {@code jdbc} provider reads. The password
 * is never an argument, so it stays out of shell histories and process lists. Exit status: 0 done, 1 refused, 2 usage
 * error.
 */
@Command(name = "hash", mixinStandardHelpOptions = true,
        description = {"Print a password hash for a database row that the jdbc provider reads.",
            "The password is read from the terminal (asked twice) or from the first line of standard input.",
            "sha512-pbkdf2 ($7$), sha512 ($6$), bcrypt and argon2id print one self-describing hash, read by "
                + "jdbc.password-hash = auto (or bcrypt).",
            "emqx-md5, emqx-sha, emqx-sha256 and emqx-sha512 print EMQX's hex digest and a fresh salt, separated by "
                + "a space, for jdbc.password-hash = md5, sha, sha256 or sha512 with the same --salt-position.",
            "With --sql-user NAME, print an INSERT INTO mqtt_user statement instead.",
            "Exit status: 0 done, 1 refused, 2 usage error."})
final class HashCommand implements Callable<Integer> {

    private static final int REFUSED = 1;
    private static final int MAX_BYTES = 65_535;
    private static final String EMQX = "emqx-";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-H", "--algorithm"}, paramLabel = "HASH", defaultValue = "sha512-pbkdf2",
            description = "sha512-pbkdf2 (default), sha512, bcrypt, argon2id, emqx-md5, emqx-sha, emqx-sha256 or "
                    + "emqx-sha512.")
    private String algorithm;

    @Option(names = {"-I", "--work-factor"}, paramLabel = "N",
            description = "Iterations for sha512-pbkdf2 (default 210000), cost for bcrypt (default 12), passes for "
                    + "argon2id (default 2).")
    private Integer workFactor;

    @Option(names = "--salt-position", paramLabel = "POSITION", defaultValue = "prefix",
            description = "For emqx-*: prefix (default, as EMQX), suffix or disable; as jdbc.salt-position.")
    private String saltPosition;

    @Option(names = "--sql-user", paramLabel = "NAME",
            description = "Print INSERT INTO mqtt_user (username, password_hash, salt) VALUES (...) for this user.")
    private String sqlUser;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = algorithm.toLowerCase(Locale.ROOT);
        byte[] password = null;
        try {
            String[] stored = null;
            if (name.startsWith(EMQX)) {
                SaltedDigests.Digest digest = SaltedDigests.Digest.fromName(name.substring(EMQX.length()))
                        .filter(d -> d != SaltedDigests.Digest.PLAIN).orElseThrow(() -> unknown());
                SaltPosition position = SaltPosition.fromName(saltPosition).orElseThrow(() -> new UsageException(
                        "Error: --salt-position must be prefix, suffix or disable."));
                if (workFactor != null) {
                    throw new UsageException("Error: -I does not apply to " + name + ", which has no work factor.");
                }
                password = read();
                String salt = position == SaltPosition.DISABLE ? "" : salt();
                stored = new String[] {SaltedDigests.hash(digest, password, salt, position), salt};
            } else {
                HashAlgorithm a = HashAlgorithm.fromOptionName(name).orElseThrow(() -> unknown());
                int factor = workFactor == null ? a.defaultWorkFactor() : workFactor;
                if (workFactor != null && !a.hasWorkFactor()) {
                    throw new UsageException("Error: -I does not apply to " + a.optionName() + ", which has no work "
                            + "factor.");
                }
                password = read();
                try {
                    stored = new String[] {PasswordHashes.hash(a, password, factor), null};
                } catch (IllegalArgumentException e) {
                    throw new Refused("Error: " + e.getMessage() + ".");
                }
            }
            if (sqlUser != null) {
                out.println("INSERT INTO mqtt_user (username, password_hash, salt) VALUES (" + literal(sqlUser) + ", "
                        + literal(stored[0]) + ", " + (stored[1] == null ? "NULL" : literal(stored[1])) + ");");
            } else {
                out.println(stored[1] == null ? stored[0] : stored[0] + " " + stored[1]);
            }
            return Main.OK;
        } catch (UsageException e) {
            err.println(e.getMessage());
            return Main.USAGE;
        } catch (Refused e) {
            err.println(e.getMessage());
            return REFUSED;
        } finally {
            if (password != null) {
                Arrays.fill(password, (byte) 0);
            }
        }
    }

    private UsageException unknown() {
        return new UsageException("Error: Unknown hash type '" + algorithm + "' (use sha512-pbkdf2, sha512, bcrypt, "
                + "argon2id, emqx-md5, emqx-sha, emqx-sha256 or emqx-sha512).");
    }

    /** A refusal: nothing printed on standard output; exit status 1. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** An SQL string literal: quotes doubled. */
    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String salt() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The password from the terminal (asked twice) or the first line of standard input. */
    private static byte[] read() throws Refused {
        Console console = System.console();
        byte[] password = console != null ? prompt(console) : firstLine(System.in);
        if (password.length == 0) {
            Arrays.fill(password, (byte) 0);
            throw new Refused("Error: the password is empty (MQTT brokers treat an empty password as none).");
        }
        if (password.length > MAX_BYTES) {
            Arrays.fill(password, (byte) 0);
            throw new Refused("Error: Password must be less than 65536 bytes long.");
        }
        return password;
    }

    private static byte[] prompt(Console console) throws Refused {
        try {
            return PasswordPrompt.askTwice(console);
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        }
    }

    private static byte[] firstLine(InputStream in) throws Refused {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0 && b != '\n' && line.size() <= MAX_BYTES) {
                line.write(b);
            }
        } catch (IOException e) {
            throw new Refused("Error: cannot read the password from standard input: " + e.getMessage());
        }
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        byte[] password = Arrays.copyOf(bytes, end);
        Arrays.fill(bytes, (byte) 0);
        return password;
    }
}
