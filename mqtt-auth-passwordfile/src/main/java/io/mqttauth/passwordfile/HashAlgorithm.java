package io.mqttauth.passwordfile;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The hashes {@code mqtt-auth passwd} can write, by their {@code -H} names. The provider reads more formats than these
 * (see docs/password-file.md).
 */
public enum HashAlgorithm {
    /**
     * Mosquitto's {@code $7$}: PBKDF2-HMAC-SHA512 with a 12-byte salt, which every Mosquitto 2.x reads. The work factor
     * is the iteration count; the default is 210,000 (see docs/password-file.md for why).
     */
    SHA512_PBKDF2("sha512-pbkdf2", 210_000, 1, WorkLimits.DEFAULT_PBKDF2_ITERATIONS),
    /** Mosquitto's {@code $6$}: one SHA-512 over password and salt. Fast to attack; only for old tools. No work factor. */
    SHA512("sha512", 0, 0, 0),
    /** bcrypt {@code $2b$}; the work factor is the cost, 4 to 16, default 12. Mosquitto does not read it. */
    BCRYPT("bcrypt", 12, 4, WorkLimits.DEFAULT_BCRYPT_COST),
    /**
     * argon2id (v=19, m=19456 KiB, p=1); the work factor is the number of passes t, default 2. Mosquitto does not read
     * it.
     */
    ARGON2ID("argon2id", 2, 1, WorkLimits.DEFAULT_ARGON2_PASSES);

    private final String optionName;
    private final int defaultWorkFactor;
    private final int minWorkFactor;
    private final int maxWorkFactor;

    HashAlgorithm(String optionName, int defaultWorkFactor, int minWorkFactor, int maxWorkFactor) {
        this.optionName = optionName;
        this.defaultWorkFactor = defaultWorkFactor;
        this.minWorkFactor = minWorkFactor;
        this.maxWorkFactor = maxWorkFactor;
    }

    /** The name used with {@code -H}, as in {@code mosquitto_passwd}: {@code sha512-pbkdf2}, {@code sha512}, ... */
    public String optionName() {
        return optionName;
    }

    /** Whether the algorithm has a work factor ({@code -I}). */
    public boolean hasWorkFactor() {
        return maxWorkFactor > 0;
    }

    /** The default work factor: iterations, cost or passes; 0 if none. */
    public int defaultWorkFactor() {
        return defaultWorkFactor;
    }

    /** The smallest accepted work factor. */
    public int minWorkFactor() {
        return minWorkFactor;
    }

    /**
     * The largest accepted work factor: the provider's default limit ({@code password-file.max-pbkdf2-iterations},
     * {@code max-bcrypt-cost}, {@code max-argon2-passes}), so that whatever is written loads without raising a limit.
     */
    public int maxWorkFactor() {
        return maxWorkFactor;
    }

    /** The algorithm with this {@code -H} name (case-insensitive). */
    public static Optional<HashAlgorithm> fromOptionName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.optionName.equals(n)).findFirst();
    }
}
