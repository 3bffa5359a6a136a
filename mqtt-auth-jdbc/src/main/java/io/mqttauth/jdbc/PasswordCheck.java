package io.mqttauth.jdbc;

import io.mqttauth.jdbc.SaltedDigests.Digest;
import io.mqttauth.jdbc.SaltedDigests.SaltPosition;
import io.mqttauth.passwordfile.PasswordHashes;
import jakarta.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Checks a password against a stored row by {@code jdbc.password-hash}: {@code auto} reads every self-describing hash
 * the password-file provider reads ({@code $7$}, {@code $6$}, bcrypt, argon2id, PBKDF2 PHC) through its
 * {@link PasswordHashes}; {@code plain}, {@code md5}, {@code sha}, {@code sha256}, {@code sha512} are EMQX's salted
 * digests ({@link SaltedDigests}); {@code bcrypt} is a bcrypt string; {@code pbkdf2} is EMQX's hex PBKDF2 with the salt
 * column and {@code jdbc.pbkdf2.*} parameters. Immutable.
 */
final class PasswordCheck {

    /** What a check found. */
    enum Verdict {
        /** The password matches. */
        MATCH,
        /** The password does not match. */
        MISMATCH,
        /** The stored hash is not of the configured kind: no password can match it. */
        UNUSABLE
    }

    /**
     * The verdict, and for {@link Verdict#UNUSABLE} what is wrong with the stored hash (never the hash itself).
     *
     * @param verdict the verdict
     * @param problem what is wrong with the stored hash, or {@code null}
     */
    record Outcome(Verdict verdict, @Nullable String problem) {
    }

    /** The {@code jdbc.password-hash} values. */
    static final String NAMES = "auto, plain, md5, sha, sha256, sha512, bcrypt or pbkdf2";

    private static final String AUTO_FORMATS = "$7$, $6$, bcrypt $2a$/$2b$/$2y$, $argon2id$, $pbkdf2-sha256$ or "
            + "$pbkdf2-sha512$";

    private final String mode;
    private final @Nullable Digest digest;
    private final SaltPosition saltPosition;
    private final String pbkdf2Mac;
    private final int pbkdf2Iterations;
    private final int pbkdf2Length;

    /**
     * A check for one mode.
     *
     * @param mode {@code auto}, {@code bcrypt}, {@code pbkdf2} or a {@link Digest} name (checked by the caller)
     * @param pbkdf2Length the derived key's length in bytes, 0 for the MAC's output length
     */
    PasswordCheck(String mode, SaltPosition saltPosition, String pbkdf2Mac, int pbkdf2Iterations, int pbkdf2Length) {
        this.mode = mode.toLowerCase(Locale.ROOT);
        this.digest = Digest.fromName(mode).orElse(null);
        this.saltPosition = saltPosition;
        this.pbkdf2Mac = pbkdf2Mac.toLowerCase(Locale.ROOT);
        this.pbkdf2Iterations = pbkdf2Iterations;
        this.pbkdf2Length = pbkdf2Length > 0 ? pbkdf2Length : macLength(this.pbkdf2Mac);
    }

    /** Whether {@code name} is a {@code jdbc.password-hash} value. */
    static boolean isMode(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("auto") || n.equals("bcrypt") || n.equals("pbkdf2") || Digest.fromName(n).isPresent();
    }

    /** Whether {@code name} is a {@code jdbc.pbkdf2.mac-fun} value. */
    static boolean isMac(String name) {
        return macLength(name.toLowerCase(Locale.ROOT)) > 0;
    }

    /** Checks {@code password} against the row. */
    Outcome check(UserRecord row, byte[] password) {
        String stored = row.hash().trim();
        if (stored.isEmpty()) {
            return unusable("the stored password_hash is empty or NULL");
        }
        if (digest != null) {
            Optional<Boolean> m = SaltedDigests.matches(digest, stored, password, salt(row), saltPosition);
            return m.map(PasswordCheck::verdict).orElseGet(() -> unusable("the stored password_hash is not a hex "
                    + digest.configName() + " digest (jdbc.password-hash = " + mode + ")"));
        }
        switch (mode) {
            case "pbkdf2": {
                byte[] expected;
                try {
                    expected = HexFormat.of().parseHex(stored);
                } catch (IllegalArgumentException e) {
                    return unusable("the stored password_hash is not hex (jdbc.password-hash = pbkdf2)");
                }
                byte[] computed = pbkdf2(password, salt(row).getBytes(StandardCharsets.UTF_8));
                if (expected.length != computed.length) {
                    return unusable("the stored password_hash has " + expected.length + " bytes, jdbc.pbkdf2 "
                            + "derives " + computed.length);
                }
                return verdict(MessageDigest.isEqual(expected, computed));
            }
            case "bcrypt":
                if (!stored.startsWith("$2") || !PasswordHashes.isHash(stored)) {
                    return unusable("the stored password_hash is not a bcrypt hash ($2a$, $2b$ or $2y$)");
                }
                return verdict(PasswordHashes.verify(stored, password));
            default:
                if (!PasswordHashes.isHash(stored)) {
                    return unusable("the stored password_hash is not a format jdbc.password-hash = auto reads ("
                            + AUTO_FORMATS + "); for EMQX's digests set jdbc.password-hash to the table's algorithm");
                }
                return verdict(PasswordHashes.verify(stored, password));
        }
    }

    /**
     * A stand-in row for an unknown user when the mode fixes the cost (a digest or {@code pbkdf2}): random, of the
     * configured kind, so that checking a password against it costs what a real row costs. Not for {@code auto} and
     * {@code bcrypt}, whose cost each stored hash sets ({@link StandIns}).
     */
    UserRecord standIn(SecureRandom random) {
        String salt = hex(random, 8);
        if (digest != null) {
            byte[] password = new byte[16];
            random.nextBytes(password);
            return new UserRecord(SaltedDigests.hash(digest, password, salt, saltPosition), salt, false);
        }
        return new UserRecord(hex(random, pbkdf2Length), salt, false);
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Whether checking the row costs microseconds (a digest) rather than milliseconds (a key derivation), so that a
     * cached row may be checked on a broker's I/O thread.
     */
    boolean isCheap(UserRecord row) {
        return digest != null || mode.equals("auto") && row.hash().trim().startsWith("$6$");
    }

    /** The configured mode ({@code jdbc.password-hash}, lower case). */
    String mode() {
        return mode;
    }

    /** The configured mode, for details. */
    String describe() {
        return digest != null && digest != Digest.PLAIN || mode.equals("pbkdf2")
                ? mode + " (salt " + saltPosition.configName() + ")" : mode;
    }

    private String salt(UserRecord row) {
        return row.salt() == null ? "" : row.salt();
    }

    private byte[] pbkdf2(byte[] password, byte[] salt) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(switch (pbkdf2Mac) {
            case "sha" -> new SHA1Digest();
            case "sha224" -> new SHA224Digest();
            case "sha384" -> new SHA384Digest();
            case "sha512" -> new SHA512Digest();
            default -> new SHA256Digest();
        });
        generator.init(password, salt, pbkdf2Iterations);
        return ((KeyParameter) generator.generateDerivedMacParameters(pbkdf2Length * 8)).getKey();
    }

    private static int macLength(String mac) {
        return switch (mac) {
            case "sha" -> 20;
            case "sha224" -> 28;
            case "sha256" -> 32;
            case "sha384" -> 48;
            case "sha512" -> 64;
            default -> 0;
        };
    }

    private static Outcome verdict(boolean matches) {
        return new Outcome(matches ? Verdict.MATCH : Verdict.MISMATCH, null);
    }

    private static Outcome unusable(String problem) {
        return new Outcome(Verdict.UNUSABLE, problem);
    }
}
