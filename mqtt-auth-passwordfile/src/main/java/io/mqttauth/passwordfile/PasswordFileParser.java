package io.mqttauth.passwordfile;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses a password file the way Mosquitto 2.0 does where that is sane, and rejects, with file and line, what
 * Mosquitto accepts silently or unsafely.
 *
 * <p>As in Mosquitto: a {@code #} in column 0 starts a comment; blank lines are skipped; the user name is the text
 * before the first {@code :} and the hash the text after it, both trimmed of ASCII white space; CRLF works. Rejected
 * (Mosquitto skips, guesses or lets the last one win): duplicate users, indented comments (Mosquitto reads
 * {@code "  # x:..."} as the user {@code "# x"}), lines without {@code :}, empty user names or hashes, text after a
 * second {@code :}, unknown hash types, non-canonical {@code $} syntax, bad base64 (including missing padding),
 * salts and hashes of the wrong length, iteration counts below 1 or with trailing junk, NUL bytes, user names that are
 * not UTF-8 or longer than 65535 bytes, a byte-order mark, and plain-text passwords unless allowed. Work factors over
 * the {@link WorkLimits} are rejected too, naming the key that raises the limit: Mosquitto would spend up to half an
 * hour of a core on each check of such a line.
 *
 * <p>One instance parses one file on one thread.
 */
final class PasswordFileParser {

    /** At most this many problems are listed; the rest are counted. */
    static final int MAX_PROBLEMS = 100;
    private static final int MAX_NAME_BYTES = 65_535;
    private static final String HASH_FIX = "write the line again with mqtt-auth passwd FILE USER";

    private final boolean allowPlaintext;
    private final WorkLimits limits;
    private final byte[] salt = new byte[255];
    private final byte[] hash = new byte[255];
    private final int[] tokenStart = new int[8];
    private final int[] tokenEnd = new int[8];
    private int saltLength;
    private int hashLength;
    private HashParams params;
    private HashParams lastPbkdf2 = HashParams.of(HashKind.MOSQUITTO_PBKDF2_SHA512, 101);
    /** The key of the limit the last line exceeded, or null. */
    private String overLimit;

    PasswordFileParser(boolean allowPlaintext, WorkLimits limits) {
        this.allowPlaintext = allowPlaintext;
        this.limits = limits;
    }

    /**
     * Parses a whole file.
     *
     * @throws ConfigurationException listing every problem (up to {@link #MAX_PROBLEMS}) with file and line
     */
    PasswordTable parse(Path file, byte[] content) {
        List<ConfigurationProblem> problems = new ArrayList<>();
        int[] more = {0};
        int lines = 1;
        for (byte c : content) {
            if (c == '\n') {
                lines++;
            }
        }
        PasswordTable.Builder table = new PasswordTable.Builder(file, content.length, lines);
        if (content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
                && (content[2] & 0xFF) == 0xBF) {
            report(problems, more, file, 1, "the file starts with a UTF-8 byte-order mark, which Mosquitto reads as "
                    + "part of the first user name", "save the file as UTF-8 without a byte-order mark");
        }
        int line = 0;
        int start = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            line++;
            overLimit = null;
            String problem = parseLine(content, start, end, line, table);
            if (problem != null) {
                report(problems, more, file, line, problem, problem.startsWith("duplicate") ? "keep one line per user"
                        : problem.contains("plain-text password") ? "hash it with mqtt-auth passwd -U FILE, or set "
                                + "password-file.allow-plaintext = true"
                        : overLimit != null ? HASH_FIX + ", or raise " + WorkLimits.fullKey(overLimit)
                                + " if this work factor is intended (every check of the line costs it)" : HASH_FIX);
            }
            start = end + 1;
        }
        if (more[0] > 0) {
            problems.add(ConfigurationProblem.atLine(file, 0, more[0] + " more problems not listed", null));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return table.build();
    }

    private static void report(List<ConfigurationProblem> problems, int[] more, Path file, int line, String message,
            String fix) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(ConfigurationProblem.atLine(file, line, message, fix));
        } else {
            more[0]++;
        }
    }

    /** Parses one line; returns the problem, or null if the line is fine (added, a comment, or blank). */
    private String parseLine(byte[] b, int start, int end, int line, PasswordTable.Builder table) {
        // b[start] is the line's first byte, or its '\n' if the line is empty.
        if (b[start] == '#') {
            return null;
        }
        int from = skipSpace(b, start, end);
        int to = trimEnd(b, from, end);
        if (from == to) {
            return null;
        }
        if (b[from] == '#') {
            return "indented comment: Mosquitto reads it as a user whose name starts with '#'; "
                    + "put the '#' in column 0";
        }
        for (int i = from; i < to; i++) {
            if (b[i] == 0) {
                return "the line contains a NUL byte";
            }
        }
        int colon = indexOf(b, from, to, (byte) ':');
        if (colon < 0) {
            return "no ':' between user name and password hash";
        }
        int nameTo = trimEnd(b, from, colon);
        if (nameTo == from) {
            return "empty user name before ':'";
        }
        if (nameTo - from > MAX_NAME_BYTES) {
            return "user name longer than 65535 bytes";
        }
        if (!isUtf8(b, from, nameTo)) {
            return "the user name is not valid UTF-8, so no MQTT client can send it";
        }
        int fieldFrom = skipSpace(b, colon + 1, to);
        String error = fieldFrom == to ? "no password hash after ':'"
                : indexOf(b, fieldFrom, to, (byte) ':') >= 0
                        ? "text after the hash (a second ':'); Mosquitto ignores it silently, remove it"
                        : parseHash(b, fieldFrom, to);
        if (error != null) {
            return userName(b, from, nameTo) + ": " + error;
        }
        int first = table.add(line, b, from, nameTo, params, salt, saltLength, hash, hashLength);
        if (first != 0) {
            return "duplicate " + userName(b, from, nameTo) + ", first on line " + first
                    + " (Mosquitto silently uses the last valid one)";
        }
        return null;
    }

    private static String userName(byte[] b, int from, int to) {
        return "user \"" + new String(b, from, to - from, StandardCharsets.UTF_8) + "\"";
    }

    /**
     * Parses a password field into {@link #params}, the salt and the hash; returns the problem or null. Never names
     * the field's text, which may be a plain-text password.
     */
    String parseHash(byte[] b, int from, int to) {
        if (b[from] != '$') {
            if (!allowPlaintext) {
                return "plain-text password (Mosquitto 2.0 refuses plain text too)";
            }
            params = HashParams.of(HashKind.PLAIN);
            saltLength = 0;
            hashLength = 64;
            System.arraycopy(sha512(b, from, to), 0, hash, 0, 64);
            return null;
        }
        int tokens = 0;
        int s = from + 1;
        for (int i = from + 1; i <= to; i++) {
            if (i == to || b[i] == '$') {
                if (tokens == tokenStart.length) {
                    return "too many '$' fields";
                }
                tokenStart[tokens] = s;
                tokenEnd[tokens] = i;
                tokens++;
                s = i + 1;
            }
        }
        for (int t = 0; t < tokens; t++) {
            if (tokenStart[t] == tokenEnd[t]) {
                return "empty '$' field (the format is $7$<iterations>$<salt>$<hash>)";
            }
        }
        // $7$, the format of nearly every line, without making a string of its id.
        if (tokenEnd[0] - tokenStart[0] == 1 && b[tokenStart[0]] == '7') {
            return mosquittoPbkdf2(b, tokens);
        }
        String id = new String(b, tokenStart[0], Math.min(16, tokenEnd[0] - tokenStart[0]),
                StandardCharsets.ISO_8859_1);
        return switch (id) {
            case "6" -> mosquittoSha512(b, tokens);
            case "2a", "2b", "2y" -> bcrypt(b, tokens, id);
            case "argon2id" -> argon2id(b, tokens);
            case "pbkdf2-sha256" -> phcPbkdf2(b, tokens, HashKind.PBKDF2_SHA256);
            case "pbkdf2-sha512" -> phcPbkdf2(b, tokens, HashKind.PBKDF2_SHA512);
            default -> "unknown hash type (supported: $7$, $6$, $2a$, $2b$, $2y$, $argon2id$, $pbkdf2-sha256$, "
                    + "$pbkdf2-sha512$)";
        };
    }

    private String mosquittoPbkdf2(byte[] b, int tokens) {
        if (tokens != 4) {
            return "a $7$ hash has the form $7$<iterations>$<salt>$<hash>";
        }
        int iterations = positiveInt(b, tokenStart[1], tokenEnd[1]);
        if (iterations < 1) {
            return "$7$ iteration count must be a whole number from 1 to 2147483647";
        }
        String error = standard(b, 2, 3, true, "$7$", 0, 255, 64, 64);
        if (error != null) {
            return error;
        }
        if (saltLength != 12 && saltLength != 64) {
            return "$7$ salt must decode to 12 bytes (Mosquitto 2.0) or 64 bytes (Mosquitto 2.1), not " + saltLength;
        }
        error = overLimit("$7$ iteration count", iterations, limits.pbkdf2Iterations(),
                WorkLimits.PBKDF2_ITERATIONS_KEY);
        if (error != null) {
            return error;
        }
        if (lastPbkdf2.cost() != iterations) {
            lastPbkdf2 = HashParams.of(HashKind.MOSQUITTO_PBKDF2_SHA512, iterations);
        }
        params = lastPbkdf2;
        return null;
    }

    private String mosquittoSha512(byte[] b, int tokens) {
        if (tokens != 3) {
            return "a $6$ hash has the form $6$<salt>$<hash>";
        }
        String error = standard(b, 1, 2, true, "$6$", 12, 12, 64, 64);
        params = HashParams.of(HashKind.MOSQUITTO_SHA512);
        return error;
    }

    private String bcrypt(byte[] b, int tokens, String version) {
        if (tokens != 3 || tokenEnd[1] - tokenStart[1] != 2 || tokenEnd[2] - tokenStart[2] != 53) {
            return "a bcrypt hash has the form $" + version + "$<2-digit cost>$<22 salt + 31 hash characters>";
        }
        int cost = positiveInt(b, tokenStart[1], tokenEnd[1]);
        if (cost < 4 || cost > 31) {
            return "bcrypt cost must be from 04 to 31";
        }
        int saltEnd = tokenStart[2] + 22;
        if (Base64Text.decode(b, tokenStart[2], saltEnd, Base64Text.BCRYPT, false, salt) != 16) {
            return "bcrypt salt is not 22 characters of bcrypt base64";
        }
        saltLength = 16;
        // Decoded (31 characters are 23 bytes) only to check the alphabet: bcrypt stores and compares the characters.
        if (Base64Text.decode(b, saltEnd, tokenEnd[2], Base64Text.BCRYPT, false, hash) != 23) {
            return "bcrypt hash is not 31 characters of bcrypt base64";
        }
        hashLength = 31;
        System.arraycopy(b, saltEnd, hash, 0, 31);
        params = new HashParams(HashKind.BCRYPT, version, cost, 0, 0);
        return overLimit("bcrypt cost", cost, limits.bcryptCost(), WorkLimits.BCRYPT_COST_KEY);
    }

    private String argon2id(byte[] b, int tokens) {
        if (tokens != 5 || !startsWith(b, 1, "v=") || !startsWith(b, 2, "m=")) {
            return "an argon2id hash has the form $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>";
        }
        if (positiveInt(b, tokenStart[1] + 2, tokenEnd[1]) != 19) {
            return "only argon2 version 19 (v=19) is supported";
        }
        int[] mtp = new int[3];
        String[] keys = {"m=", "t=", "p="};
        int p = tokenStart[2];
        for (int k = 0; k < 3; k++) {
            int comma = k < 2 ? indexOf(b, p, tokenEnd[2], (byte) ',') : tokenEnd[2];
            if (comma < 0 || comma - p < 3 || b[p] != keys[k].charAt(0) || b[p + 1] != '=') {
                return "argon2id parameters must be m=<KiB>,t=<passes>,p=<lanes>, in that order";
            }
            mtp[k] = positiveInt(b, p + 2, comma);
            p = comma + 1;
        }
        if (mtp[2] < 1 || mtp[2] > 255 || mtp[1] < 1 || mtp[0] < 8 * mtp[2] || mtp[0] > 4 * 1024 * 1024) {
            return "argon2id needs p from 1 to 255, t of at least 1, and m from 8*p to 4194304 KiB";
        }
        String error = standard(b, 3, 4, false, "argon2id", 8, 64, 16, 64);
        if (error == null) {
            error = overLimit("argon2id memory m (KiB)", mtp[0], limits.argon2MemoryKib(),
                    WorkLimits.ARGON2_MEMORY_KEY);
        }
        if (error == null) {
            error = overLimit("argon2id passes t", mtp[1], limits.argon2Passes(), WorkLimits.ARGON2_PASSES_KEY);
        }
        if (error == null) {
            error = overLimit("argon2id lanes p", mtp[2], limits.argon2Parallelism(),
                    WorkLimits.ARGON2_PARALLELISM_KEY);
        }
        params = new HashParams(HashKind.ARGON2ID, "", mtp[1], mtp[0], mtp[2]);
        return error;
    }

    private String phcPbkdf2(byte[] b, int tokens, HashKind kind) {
        if (tokens != 4 || !startsWith(b, 1, "i=")) {
            return "a " + kind.prefix() + " hash has the form " + kind.prefix() + "i=<iterations>$<salt>$<hash>";
        }
        int iterations = positiveInt(b, tokenStart[1] + 2, tokenEnd[1]);
        if (iterations < 1) {
            return kind.prefix() + " iteration count must be a whole number from 1 to 2147483647";
        }
        String error = standard(b, 2, 3, false, kind.prefix(), 8, 64, 16, 64);
        if (error == null) {
            error = overLimit(kind.prefix() + " iteration count", iterations, limits.pbkdf2Iterations(),
                    WorkLimits.PBKDF2_ITERATIONS_KEY);
        }
        params = HashParams.of(kind, iterations);
        return error;
    }

    /** The problem of a work factor over its limit (remembering the key for the fix), or null. */
    private String overLimit(String what, int value, int limit, String key) {
        if (value <= limit) {
            return null;
        }
        overLimit = key;
        return what + " " + value + " is over the limit " + WorkLimits.fullKey(key) + " = " + limit;
    }

    /** Decodes salt and hash tokens in standard base64 and checks their lengths. */
    private String standard(byte[] b, int saltToken, int hashToken, boolean padded, String format, int minSalt,
            int maxSalt, int minHash, int maxHash) {
        String encoding = padded ? "standard base64 with '=' padding" : "standard base64 without padding";
        saltLength = Base64Text.decode(b, tokenStart[saltToken], tokenEnd[saltToken], Base64Text.STANDARD, padded,
                salt);
        if (saltLength < 0) {
            return format + " salt " + (saltLength == Base64Text.TOO_LONG ? tooLong(salt.length)
                    : "is not " + encoding);
        }
        hashLength = Base64Text.decode(b, tokenStart[hashToken], tokenEnd[hashToken], Base64Text.STANDARD, padded,
                hash);
        if (hashLength < 0) {
            return format + " hash " + (hashLength == Base64Text.TOO_LONG ? tooLong(hash.length)
                    : "is not " + encoding);
        }
        if (saltLength < minSalt || saltLength > maxSalt) {
            return format + " salt must decode to " + range(minSalt, maxSalt) + " bytes, not " + saltLength;
        }
        if (hashLength < minHash || hashLength > maxHash) {
            return format + " hash must decode to " + range(minHash, maxHash) + " bytes, not " + hashLength;
        }
        return null;
    }

    /** The result of the last successful {@link #parseHash}, as an entry without a line. */
    PasswordTable.Entry entry() {
        return new PasswordTable.Entry(0, params, Arrays.copyOf(salt, saltLength),
                Arrays.copyOf(hash, hashLength));
    }

    private static String tooLong(int bytes) {
        return "is longer than " + bytes + " bytes, more than any password file uses";
    }

    private static String range(int min, int max) {
        return min == max ? String.valueOf(min) : min + " to " + max;
    }

    private boolean startsWith(byte[] b, int token, String prefix) {
        if (tokenEnd[token] - tokenStart[token] < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[tokenStart[token] + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses ASCII digits only; returns 0, which every caller refuses, if the text is empty, not all digits, or above
     * {@code Integer.MAX_VALUE}.
     */
    private static int positiveInt(byte[] b, int from, int to) {
        if (to - from > 10) {
            return 0;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return 0;
            }
            n = n * 10 + (b[i] - '0');
        }
        return n > Integer.MAX_VALUE ? 0 : (int) n;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static int skipSpace(byte[] b, int from, int to) {
        while (from < to && isSpace(b[from])) {
            from++;
        }
        return from;
    }

    private static int trimEnd(byte[] b, int from, int to) {
        while (to > from && isSpace(b[to - 1])) {
            to--;
        }
        return to;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isUtf8(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(b, from, to - from));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static byte[] sha512(byte[] b, int from, int to) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            sha.update(b, from, to - from);
            return sha.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-512 is required of every Java platform", e);
        }
    }
}
