package io.mqttauth.jdbc;

import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stand-in rows for unknown users, so that an unknown user's password costs the check a real user's wrong password
 * costs and response time does not tell which user names exist.
 *
 * <p>For {@code jdbc.password-hash = auto} and {@code bcrypt} the cost is set by each stored hash's settings (format
 * and work factor), so this remembers the settings of the rows the provider has read: up to {@link #MAX_SETTINGS}
 * distinct ones, in order of first sight, each as a hash string with those settings and random salt and hash. An
 * HMAC-SHA256 of the user name under a random key made for this process picks one of them per name, so a name always
 * costs the same while the record is unchanged (it only grows, and stops at {@link #MAX_SETTINGS}). Before any row
 * was read, the stand-in has the settings {@code mqtt-auth hash} writes by default ({@code $7$}, 210,000 iterations;
 * bcrypt cost 12 for {@code bcrypt}). For the digests and {@code pbkdf2}, whose cost is fixed by configuration, the
 * stand-in is one random row of the configured kind. Stand-ins hold no user's salt or hash, and never a password.
 *
 * <p>Thread-safe and lock-free: the record is an immutable array swapped by compare-and-set.
 */
final class StandIns {

    /** The most distinct settings remembered; rows with further settings leave the record unchanged. */
    static final int MAX_SETTINGS = 8;

    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String BCRYPT64 = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** The characters of a bcrypt string after {@code $2b$NN$}: 22 of salt, 31 of hash. */
    private static final int BCRYPT_BODY = 53;
    private static final int BCRYPT_SALT = 22;

    /** One remembered setting: its key (the hash without salt and hash bytes) and a stand-in with it. */
    private record Setting(String key, UserRecord standIn) {
    }

    private final boolean bySettings;
    private final boolean bcryptOnly;
    private final UserRecord fallback;
    private final AtomicReference<Setting[]> seen = new AtomicReference<>(new Setting[0]);
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Mac> mac;

    StandIns(PasswordCheck passwords) {
        this.bcryptOnly = passwords.mode().equals("bcrypt");
        this.bySettings = bcryptOnly || passwords.mode().equals("auto");
        if (bcryptOnly) {
            this.fallback = row(randomize("$2b$" + HashAlgorithm.BCRYPT.defaultWorkFactor() + "$"
                    + ".".repeat(BCRYPT_BODY)));
        } else if (bySettings) {
            this.fallback = row(randomize("$7$" + HashAlgorithm.SHA512_PBKDF2.defaultWorkFactor() + "$"
                    + "A".repeat(16) + "$" + "A".repeat(86) + "=="));
        } else {
            this.fallback = passwords.standIn(random);
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
            }
        });
    }

    /**
     * Notes the settings of a row read from the database (called once per query, not per decision). Rows whose hash
     * the configured mode does not read, and settings beyond {@link #MAX_SETTINGS}, are ignored.
     */
    void saw(UserRecord row) {
        if (!bySettings) {
            return;
        }
        String stored = row.hash().trim();
        String key = settingsKey(stored);
        if (key == null || bcryptOnly && !stored.startsWith("$2")) {
            return;
        }
        while (true) {
            Setting[] now = seen.get();
            if (now.length >= MAX_SETTINGS || Arrays.stream(now).anyMatch(s -> s.key().equals(key))) {
                return;
            }
            String standIn = randomize(stored);
            if (!PasswordHashes.isHash(standIn)) {
                return;
            }
            Setting[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = new Setting(key, row(standIn));
            if (seen.compareAndSet(now, next)) {
                return;
            }
        }
    }

    /**
     * The stand-in row for the unknown user {@code username}, to check the given password against (and discard the
     * verdict): the same one for a name while the record is unchanged.
     */
    UserRecord standInFor(String username) {
        Setting[] now = seen.get();
        if (now.length == 0) {
            return fallback;
        }
        byte[] h = mac.get().doFinal(username.getBytes(StandardCharsets.UTF_8));
        long point = 0;
        for (int i = 0; i < 8; i++) {
            point = (point << 8) | (h[i] & 0xFF);
        }
        return now[(int) Long.remainderUnsigned(point, now.length)].standIn();
    }

    /** The number of distinct settings remembered. */
    int settings() {
        return seen.get().length;
    }

    /**
     * The settings of a stored hash: everything but its salt and hash bytes (whose lengths it keeps); null if it is
     * not a {@code $}-separated hash.
     */
    private static String settingsKey(String stored) {
        if (stored.startsWith("$2")) {
            return stored.length() == 7 + BCRYPT_BODY ? stored.substring(0, 7) : null;
        }
        int hash = stored.lastIndexOf('$');
        int salt = hash <= 0 ? -1 : stored.lastIndexOf('$', hash - 1);
        if (!stored.startsWith("$") || salt < 0) {
            return null;
        }
        return stored.substring(0, salt + 1) + (hash - salt - 1) + "/" + (stored.length() - hash - 1);
    }

    /**
     * {@code stored}, a {@code $}-separated hash (one with a {@link #settingsKey}), with the characters of its salt and
     * hash replaced by random ones of the same encoding, except each field's last character (whose unused bits a
     * strict decoder checks) and its {@code =} padding.
     */
    private String randomize(String stored) {
        char[] c = stored.toCharArray();
        if (stored.startsWith("$2")) {
            randomize(c, 7, 7 + BCRYPT_SALT, BCRYPT64);
            randomize(c, 7 + BCRYPT_SALT, c.length, BCRYPT64);
        } else {
            int hash = stored.lastIndexOf('$');
            int salt = stored.lastIndexOf('$', hash - 1);
            randomize(c, salt + 1, hash, BASE64);
            randomize(c, hash + 1, c.length, BASE64);
        }
        return new String(c);
    }

    private void randomize(char[] c, int from, int to, String alphabet) {
        int end = to;
        while (end > from && c[end - 1] == '=') {
            end--;
        }
        for (int i = from; i < end - 1; i++) {
            c[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
    }

    private static UserRecord row(String hash) {
        return new UserRecord(hash, null, false);
    }
}
