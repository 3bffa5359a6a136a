package io.mqttauth.passwordfile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Writes and checks the password field of a password file line ({@code user:<field>}), for tools such as
 * {@code mqtt-auth passwd}. Thread-safe.
 */
public final class PasswordHashes {

    /** The argon2id memory cost written by {@link #hash}, in KiB (OWASP's minimum recommendation). */
    public static final int ARGON2ID_MEMORY_KIB = 19_456;
    private static final int BCRYPT_MAX_BYTES = 72;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashes() {
    }

    /**
     * Hashes {@code password} with a fresh random salt.
     *
     * @param workFactor iterations ({@code sha512-pbkdf2}), cost ({@code bcrypt}) or passes ({@code argon2id});
     *     ignored for {@code sha512}
     * @return the password field, such as {@code $7$210000$<salt>$<hash>}
     * @throws IllegalArgumentException if the work factor is out of range, the password is empty, or it is longer
     *     than bcrypt's 72 bytes
     */
    public static String hash(HashAlgorithm algorithm, byte[] password, int workFactor) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (password.length == 0) {
            throw new IllegalArgumentException("an empty password can never log in (MQTT brokers treat it as none)");
        }
        if (algorithm.hasWorkFactor()
                && (workFactor < algorithm.minWorkFactor() || workFactor > algorithm.maxWorkFactor())) {
            throw new IllegalArgumentException(algorithm.optionName() + " work factor must be from "
                    + algorithm.minWorkFactor() + " to " + algorithm.maxWorkFactor() + ", not " + workFactor);
        }
        Base64.Encoder padded = Base64.getEncoder();
        Base64.Encoder phc = Base64.getEncoder().withoutPadding();
        switch (algorithm) {
            case SHA512_PBKDF2: {
                byte[] salt = salt(12);
                HashParams params = HashParams.of(HashKind.MOSQUITTO_PBKDF2_SHA512, workFactor);
                return "$7$" + workFactor + "$" + padded.encodeToString(salt) + "$"
                        + padded.encodeToString(DefaultKdf.INSTANCE.derive(params, password, salt, 64));
            }
            case SHA512: {
                byte[] salt = salt(12);
                byte[] hash = DefaultKdf.INSTANCE.derive(HashParams.of(HashKind.MOSQUITTO_SHA512), password, salt, 64);
                return "$6$" + padded.encodeToString(salt) + "$" + padded.encodeToString(hash);
            }
            case BCRYPT: {
                if (password.length > BCRYPT_MAX_BYTES) {
                    throw new IllegalArgumentException("bcrypt uses only the first 72 bytes of a password; "
                            + "choose sha512-pbkdf2 or argon2id for longer passwords");
                }
                return OpenBSDBCrypt.generate("2b", password, salt(16), workFactor);
            }
            case ARGON2ID: {
                byte[] salt = salt(16);
                HashParams params = new HashParams(HashKind.ARGON2ID, "", workFactor, ARGON2ID_MEMORY_KIB, 1);
                return "$argon2id$v=19$m=" + ARGON2ID_MEMORY_KIB + ",t=" + workFactor + ",p=1$"
                        + phc.encodeToString(salt) + "$"
                        + phc.encodeToString(DefaultKdf.INSTANCE.derive(params, password, salt, 32));
            }
            default:
                throw new IllegalArgumentException("unsupported algorithm " + algorithm);
        }
    }

    /**
     * Whether {@code field} is a well-formed hash of a format the provider reads ({@code $7$}, {@code $6$}, bcrypt,
     * argon2id, PBKDF2 PHC) within the provider's default work-factor limits; false for plain text, for broken hashes
     * and for work factors over the limits.
     */
    public static boolean isHash(String field) {
        return problem(field).isEmpty();
    }

    /**
     * What keeps {@code field} from being read as a hash with the provider's default work-factor limits, as the
     * provider would report it, such as {@code bcrypt cost 20 is over the limit password-file.max-bcrypt-cost = 16};
     * empty if it is a good hash. Never quotes the field, which may be a plain-text password.
     */
    public static Optional<String> problem(String field) {
        byte[] b = field.trim().getBytes(StandardCharsets.UTF_8);
        if (b.length == 0) {
            return Optional.of("no password hash");
        }
        return Optional.ofNullable(new PasswordFileParser(false, WorkLimits.DEFAULT).parseHash(b, 0, b.length));
    }

    /**
     * Checks {@code password} against a hash field in constant time.
     *
     * @return true if the field is a supported hash and the password matches it
     */
    public static boolean verify(String field, byte[] password) {
        byte[] b = field.trim().getBytes(StandardCharsets.UTF_8);
        PasswordFileParser parser = new PasswordFileParser(false, WorkLimits.DEFAULT);
        if (b.length == 0 || b[0] != '$' || parser.parseHash(b, 0, b.length) != null) {
            return false;
        }
        PasswordTable.Entry entry = parser.entry();
        byte[] computed = DefaultKdf.INSTANCE.derive(entry.params(), password, entry.salt(), entry.hash().length);
        return MessageDigest.isEqual(computed, entry.hash());
    }

    private static byte[] salt(int length) {
        byte[] salt = new byte[length];
        RANDOM.nextBytes(salt);
        return salt;
    }
}
