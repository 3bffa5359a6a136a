package io.mqttauth.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * EMQX's simple password hashes: {@code plain}, {@code md5}, {@code sha}, {@code sha256} and {@code sha512} over the
 * password and a salt column, stored as lowercase hex (plain text for {@code plain}). Fast to attack: for new tables
 * prefer a self-describing slow hash ({@code mqtt-auth hash}, {@code jdbc.password-hash = auto}). Thread-safe.
 */
public final class SaltedDigests {

    /** Where the salt goes, as EMQX's {@code salt_position} says. */
    public enum SaltPosition {
        /** {@code salt + password}. */
        PREFIX,
        /** {@code password + salt}. */
        SUFFIX,
        /** The password alone; the salt column is ignored. */
        DISABLE;

        /** The position with this name ({@code prefix}, {@code suffix}, {@code disable}), case-insensitive. */
        public static Optional<SaltPosition> fromName(String name) {
            return Arrays.stream(values()).filter(p -> p.name().equalsIgnoreCase(name.trim())).findFirst();
        }

        /** The name as configured. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The digests, by EMQX's names. */
    public enum Digest {
        /** The salted password itself. */
        PLAIN("plain", null),
        /** MD5. */
        MD5("md5", "MD5"),
        /** SHA-1. */
        SHA("sha", "SHA-1"),
        /** SHA-256. */
        SHA256("sha256", "SHA-256"),
        /** SHA-512. */
        SHA512("sha512", "SHA-512");

        private final String configName;
        private final String jcaName;

        Digest(String configName, String jcaName) {
            this.configName = configName;
            this.jcaName = jcaName;
        }

        /** EMQX's name, as in {@code jdbc.password-hash}. */
        public String configName() {
            return configName;
        }

        /** The digest with this EMQX name, case-insensitive. */
        public static Optional<Digest> fromName(String name) {
            return Arrays.stream(values()).filter(d -> d.configName.equalsIgnoreCase(name.trim())).findFirst();
        }
    }

    private SaltedDigests() {
    }

    /**
     * The stored form of {@code password}: lowercase hex of the digest of the salted password, or the salted password
     * itself for {@link Digest#PLAIN}.
     */
    public static String hash(Digest digest, byte[] password, String salt, SaltPosition position) {
        byte[] salted = salted(password, salt, position);
        try {
            if (digest == Digest.PLAIN) {
                return new String(salted, StandardCharsets.UTF_8);
            }
            return HexFormat.of().formatHex(digest(digest, salted));
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    /**
     * Whether {@code password} matches {@code stored}, compared in constant time; hex is read in either case.
     *
     * @return empty if {@code stored} is not a hash of this digest (wrong length or not hex), else whether it matches
     */
    public static Optional<Boolean> matches(Digest digest, String stored, byte[] password, String salt,
            SaltPosition position) {
        Objects.requireNonNull(stored, "stored");
        byte[] salted = salted(password, salt, position);
        try {
            if (digest == Digest.PLAIN) {
                return Optional.of(MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8), salted));
            }
            byte[] expected;
            try {
                expected = HexFormat.of().parseHex(stored.trim());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            byte[] computed = digest(digest, salted);
            if (expected.length != computed.length) {
                return Optional.empty();
            }
            return Optional.of(MessageDigest.isEqual(expected, computed));
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    private static byte[] salted(byte[] password, String salt, SaltPosition position) {
        byte[] s = position == SaltPosition.DISABLE ? new byte[0] : salt.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[password.length + s.length];
        if (position == SaltPosition.PREFIX) {
            System.arraycopy(s, 0, out, 0, s.length);
            System.arraycopy(password, 0, out, s.length, password.length);
        } else {
            System.arraycopy(password, 0, out, 0, password.length);
            System.arraycopy(s, 0, out, password.length, s.length);
        }
        return out;
    }

    private static byte[] digest(Digest digest, byte[] data) {
        try {
            return MessageDigest.getInstance(digest.jcaName).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(digest.jcaName + " is required of every Java platform", e);
        }
    }
}
