package io.mqttauth.cli;

import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mqtt-auth passwd}: adds, updates, deletes and upgrades users in a password file, compatible with
 * {@code mosquitto_passwd} but without its data-loss bugs: comments, blank lines and lines it does not touch are kept
 * byte for byte; {@code -U} never hashes a hash again; every change is written to a temporary file in the same folder
 * and renamed over the original, so a crash leaves the old file or the new one, never half of one. Exit status: 0
 * done, 1 refused (nothing written), 2 usage error.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = {"Manage a password file, as mosquitto_passwd does.",
            "  passwd [-c] [-H HASH] [-I N] FILE USER            prompt twice for the password",
            "  passwd [-c] -b [-H HASH] [-I N] FILE USER PASSWORD",
            "  passwd -D FILE USER                               delete the user",
            "  passwd -U [-H HASH] [-I N] FILE                   hash every plain-text password",
            "Writes a temporary file and renames it over FILE. Exit status: 0 done, 1 refused, 2 usage error."})
final class PasswdCommand implements Callable<Integer> {

    private static final int REFUSED = 1;
    private static final int MAX_BYTES = 65_535;

    @Spec
    private CommandSpec spec;

    @Option(names = "-c", description = "Create FILE, or overwrite it, with this one user.")
    private boolean create;

    @Option(names = "-b", description = "Batch mode: take the password from the command line.")
    private boolean batch;

    @Option(names = "-D", description = "Delete USER.")
    private boolean delete;

    @Option(names = "-U", description = "Hash every plain-text password in FILE; hashes are left as they are.")
    private boolean upgrade;

    @Option(names = "-H", paramLabel = "HASH", defaultValue = "sha512-pbkdf2",
            description = "sha512-pbkdf2 ($7$, default), sha512 ($6$), bcrypt or argon2id.")
    private String hash;

    @Option(names = "-I", paramLabel = "N",
            description = "Work factor: iterations for sha512-pbkdf2 (default 210000), cost for bcrypt (default 12),"
                    + " passes for argon2id (default 2).")
    private Integer workFactor;

    @Parameters(index = "0", paramLabel = "FILE", description = "The password file.")
    private Path file;

    @Parameters(index = "1..2", arity = "0..2", paramLabel = "USER [PASSWORD]",
            description = "The user, and with -b the password.")
    private List<String> rest = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            HashAlgorithm algorithm = HashAlgorithm.fromOptionName(hash).orElseThrow(() -> new UsageException(
                    "Error: Unknown hash type '" + hash + "' (use sha512-pbkdf2, sha512, bcrypt or argon2id)."));
            int factor = workFactor(algorithm);
            checkOptions();
            if (upgrade) {
                return write(upgrade(read(), algorithm, factor), err);
            }
            String user = rest.get(0);
            String problem = userProblem(user);
            if (problem != null) {
                throw new Refused("Error: " + problem);
            }
            if (delete) {
                return write(delete(read(), user), err);
            }
            List<String> lines = create ? new ArrayList<>() : read();
            byte[] password = batch ? rest.get(1).getBytes(StandardCharsets.UTF_8) : prompt();
            try {
                checkPassword(password);
                String field = PasswordHashes.hash(algorithm, password, factor);
                return write(set(lines, user, field, err), err);
            } catch (IllegalArgumentException e) {
                throw new Refused("Error: " + e.getMessage() + ".");
            } finally {
                Arrays.fill(password, (byte) 0);
            }
        } catch (UsageException e) {
            err.println(e.getMessage());
            return Main.USAGE;
        } catch (Refused e) {
            err.println(e.getMessage());
            return REFUSED;
        }
    }

    /** A refusal: nothing is written; exit status 1, as mosquitto_passwd. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private int workFactor(HashAlgorithm algorithm) throws UsageException {
        if (workFactor == null) {
            return algorithm.defaultWorkFactor();
        }
        if (!algorithm.hasWorkFactor()) {
            throw new UsageException("Error: -I does not apply to " + algorithm.optionName() + ", which has no work "
                    + "factor.");
        }
        if (workFactor < algorithm.minWorkFactor() || workFactor > algorithm.maxWorkFactor()) {
            throw new UsageException("Error: -I for " + algorithm.optionName() + " must be from "
                    + algorithm.minWorkFactor() + " to " + algorithm.maxWorkFactor() + ".");
        }
        return workFactor;
    }

    private void checkOptions() throws UsageException {
        if ((upgrade ? 1 : 0) + (delete ? 1 : 0) + (create ? 1 : 0) > 1) {
            throw new UsageException("Error: -c, -D and -U cannot be combined.");
        }
        if (upgrade) {
            if (batch || !rest.isEmpty()) {
                throw new UsageException("Error: -U takes only FILE: passwd -U FILE");
            }
            return;
        }
        if (rest.isEmpty()) {
            throw new UsageException("Error: USER is missing: passwd [-c] [-b] FILE USER [PASSWORD]");
        }
        if (delete && (batch || rest.size() > 1)) {
            throw new UsageException("Error: -D takes FILE and USER only: passwd -D FILE USER");
        }
        if (!delete && batch && rest.size() != 2) {
            throw new UsageException("Error: -b needs the password: passwd -b FILE USER PASSWORD");
        }
        if (!delete && !batch && rest.size() != 1) {
            throw new UsageException("Error: a password on the command line needs -b (or leave it out to be "
                    + "prompted).");
        }
    }

    /**
     * What is wrong with a user name, or null. Besides mosquitto_passwd's rules (no ':', no control characters, at most
     * 65535 bytes) it refuses names that the broker could never match: empty, starting with '#' (a comment line), or
     * with white space at either end (trimmed when the file is read).
     */
    static String userProblem(String user) {
        if (user.isEmpty()) {
            return "Username must not be empty.";
        }
        if (user.indexOf(':') >= 0) {
            return "Username must not contain the ':' character.";
        }
        if (user.chars().anyMatch(Character::isISOControl)) {
            return "Username must not contain control characters.";
        }
        if (user.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "Username must be less than 65536 bytes long.";
        }
        if (user.startsWith("#")) {
            return "Username must not start with '#': the line would be a comment.";
        }
        if (isSpace(user.charAt(0)) || isSpace(user.charAt(user.length() - 1))) {
            return "Username must not start or end with white space: brokers trim it when they read the file.";
        }
        return null;
    }

    private static void checkPassword(byte[] password) throws Refused {
        if (password.length > MAX_BYTES) {
            throw new Refused("Error: Password must be less than 65536 bytes long.");
        }
        for (byte b : password) {
            if (b == 0) {
                throw new Refused("Error: Password must not contain a NUL character (Mosquitto would cut it there).");
            }
        }
    }

    private byte[] prompt() throws Refused {
        Console console = System.console();
        if (console == null) {
            throw new Refused("Error: no terminal to ask for the password; give it with -b.");
        }
        try {
            return PasswordPrompt.askTwice(console);
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        }
    }

    /** The file's lines, each as ISO-8859-1 text so that any byte is kept exactly; without the '\n'. */
    private List<String> read() throws Refused {
        try {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            List<String> lines = new ArrayList<>(Arrays.asList(content.split("\n", -1)));
            if (lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (NoSuchFileException e) {
            throw new Refused("Error: " + file + " does not exist; use -c to create it.");
        } catch (IOException e) {
            throw new Refused("Error: cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The user name of a line as the broker reads it (ISO-8859-1 text of the UTF-8 bytes), or null. */
    private static String userOf(String line) {
        if (trim(line).startsWith("#")) {
            return null;
        }
        int colon = line.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = trim(line.substring(0, colon));
        return user.isEmpty() ? null : user;
    }

    private static String latin1(String user) {
        return new String(user.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static List<String> set(List<String> lines, String user, String field, PrintWriter err) {
        String name = latin1(user);
        List<String> out = new ArrayList<>(lines.size() + 1);
        boolean replaced = false;
        int dropped = 0;
        for (String line : lines) {
            if (name.equals(userOf(line))) {
                if (!replaced) {
                    out.add(name + ":" + field);
                    replaced = true;
                } else {
                    dropped++;
                }
            } else {
                out.add(line);
            }
        }
        if (!replaced) {
            out.add(name + ":" + field);
        }
        if (dropped > 0) {
            err.println("Warning: removed " + dropped + " duplicate line(s) for user " + user + ".");
        }
        return out;
    }

    private static List<String> delete(List<String> lines, String user) throws Refused {
        String name = latin1(user);
        List<String> out = new ArrayList<>(lines);
        if (!out.removeIf(line -> name.equals(userOf(line)))) {
            throw new Refused("Warning: User " + user + " not found in password file.");
        }
        return out;
    }

    private List<String> upgrade(List<String> lines, HashAlgorithm algorithm, int factor) throws Refused {
        List<String> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String user = userOf(line);
            if (user == null) {
                out.add(line);
                continue;
            }
            String field = trim(line.substring(line.indexOf(':') + 1));
            String where = file + ":" + (i + 1) + ": user " + new String(user.getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8);
            if (field.indexOf(':') >= 0) {
                throw new Refused("Error: " + where + ": more than one ':' on the line; nothing was changed.");
            }
            if (field.startsWith("$")) {
                Optional<String> problem = PasswordHashes.problem(field);
                if (problem.isPresent()) {
                    throw new Refused("Error: " + where + ": not a valid hash (" + problem.get() + "); set a new "
                            + "password with mqtt-auth passwd FILE USER. Nothing was changed.");
                }
                out.add(line);
                continue;
            }
            if (field.isEmpty()) {
                throw new Refused("Error: " + where + ": empty password; nothing was changed.");
            }
            byte[] password = field.getBytes(StandardCharsets.ISO_8859_1);
            try {
                out.add(user + ":" + PasswordHashes.hash(algorithm, password, factor));
            } catch (IllegalArgumentException e) {
                throw new Refused("Error: " + where + ": " + e.getMessage() + "; nothing was changed.");
            } finally {
                Arrays.fill(password, (byte) 0);
            }
        }
        return out;
    }

    /** Writes the lines to a temporary file beside FILE, flushes it to disk and renames it over FILE. */
    private int write(List<String> lines, PrintWriter err) throws Refused {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        byte[] content = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        Path tmp = null;
        try {
            Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
            Path dir = target.getParent();
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            copyOwnerAndMode(target, tmp, err);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            syncDirectory(dir);
            return Main.OK;
        } catch (IOException e) {
            throw new Refused("Error: cannot write " + file + ": " + e.getMessage() + "; the file is unchanged.");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    err.println("Warning: could not remove " + tmp + ": " + e.getMessage());
                }
            }
        }
    }

    /** Gives the new file the old one's mode and, where allowed, owner and group. New files stay 0600. */
    private static void copyOwnerAndMode(Path target, Path tmp, PrintWriter err) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (view == null || !Files.exists(target)) {
            return;
        }
        PosixFileAttributes old = view.readAttributes();
        PosixFileAttributeView fresh = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        fresh.setPermissions(old.permissions());
        try {
            fresh.setGroup(old.group());
            fresh.setOwner(old.owner());
        } catch (FileSystemException e) {
            err.println("Warning: could not keep the owner of " + target + " (" + e.getMessage() + ").");
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can sync a directory; the rename itself is still atomic.
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static String trim(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }
}
