package io.mqttauth.passwordfile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;

/**
 * Password files that mix settings (format, work factor, lengths), written fast: the salts and hashes are random bytes
 * of the right lengths, which parse like real ones; no password matches them.
 */
final class Settings {

    private static final Random RANDOM = new Random(7);

    /** A {@code $6$} field. */
    static final String SIX = "$6$" + b64(12) + "$" + b64(64);

    private Settings() {
    }

    /** A {@code $7$} field with a 12-byte salt. */
    static String seven(int iterations) {
        return "$7$" + iterations + "$" + b64(12) + "$" + b64(64);
    }

    /** A {@code $7$} field with a 64-byte salt, as Mosquitto 2.1 writes. */
    static String sevenSalt64(int iterations) {
        return "$7$" + iterations + "$" + b64(64) + "$" + b64(64);
    }

    /** A {@code $2b$} field. */
    static String bcrypt(int cost) {
        return String.format("$2b$%02d$kNC9qeRih20td6RBGaGNYOt1.VlccIrXYX43cExce/hKfy54kX.lO", cost);
    }

    /**
     * A file of users {@code u0, u1, ...}, in groups: field, count, field, count, ... (each group's users share the
     * field's setting).
     */
    static String file(Object... groups) {
        StringBuilder lines = new StringBuilder();
        int user = 0;
        for (int g = 0; g < groups.length; g += 2) {
            for (int i = 0; i < (Integer) groups[g + 1]; i++) {
                lines.append('u').append(user++).append(':').append(groups[g]).append('\n');
            }
        }
        return lines.toString();
    }

    /** The file parsed with the default limits. */
    static PasswordTable parse(String lines) {
        return new PasswordFileParser(false, WorkLimits.DEFAULT).parse(Path.of("passwd"),
                lines.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(int bytes) {
        byte[] b = new byte[bytes];
        synchronized (RANDOM) {
            RANDOM.nextBytes(b);
        }
        return Base64.getEncoder().encodeToString(b);
    }
}
