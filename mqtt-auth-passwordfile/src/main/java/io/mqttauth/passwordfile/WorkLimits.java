package io.mqttauth.passwordfile;

import io.mqttauth.spi.ProviderContext;

/**
 * The highest work factors a password file may hold. Every check of a line costs its work factor, and so does every
 * failed login of an unknown user whose stand-in has that line's settings; without a bound, one hostile or mistyped
 * line ({@code $7$2147483647$...}: about half an hour of a core per check; argon2id with 4 GiB) hangs or exhausts the
 * broker. A line over a limit is a problem of the file, with the key that raises the limit. The defaults are far above
 * what any tool writes.
 *
 * @param pbkdf2Iterations the most iterations of {@code $7$} and PHC PBKDF2 lines
 * @param bcryptCost the highest bcrypt cost
 * @param argon2MemoryKib the most argon2id memory, in KiB
 * @param argon2Passes the most argon2id passes ({@code t})
 * @param argon2Parallelism the most argon2id lanes ({@code p})
 */
record WorkLimits(int pbkdf2Iterations, int bcryptCost, int argon2MemoryKib, int argon2Passes,
        int argon2Parallelism) {

    /** Key of {@link #pbkdf2Iterations}. */
    static final String PBKDF2_ITERATIONS_KEY = "max-pbkdf2-iterations";
    /** Key of {@link #bcryptCost}. */
    static final String BCRYPT_COST_KEY = "max-bcrypt-cost";
    /** Key of {@link #argon2MemoryKib}. */
    static final String ARGON2_MEMORY_KEY = "max-argon2-memory-kib";
    /** Key of {@link #argon2Passes}. */
    static final String ARGON2_PASSES_KEY = "max-argon2-passes";
    /** Key of {@link #argon2Parallelism}. */
    static final String ARGON2_PARALLELISM_KEY = "max-argon2-parallelism";

    /** Default of {@link #pbkdf2Iterations}: 10,000,000, about 50 times the 210,000 that OWASP recommends. */
    static final int DEFAULT_PBKDF2_ITERATIONS = 10_000_000;
    /** Default of {@link #bcryptCost}: 16, sixteen times the work of the usual 12. */
    static final int DEFAULT_BCRYPT_COST = 16;
    /** Default of {@link #argon2MemoryKib}: 1 GiB, libsodium's most expensive preset; OWASP recommends 19 to 46 MiB. */
    static final int DEFAULT_ARGON2_MEMORY_KIB = 1024 * 1024;
    /** Default of {@link #argon2Passes}: 16; RFC 9106 and OWASP recommend 1 to 5. */
    static final int DEFAULT_ARGON2_PASSES = 16;
    /** Default of {@link #argon2Parallelism}: 16; RFC 9106 recommends 4. */
    static final int DEFAULT_ARGON2_PARALLELISM = 16;

    /** The defaults, also the limits of what {@code mqtt-auth passwd} writes. */
    static final WorkLimits DEFAULT = new WorkLimits(DEFAULT_PBKDF2_ITERATIONS, DEFAULT_BCRYPT_COST,
            DEFAULT_ARGON2_MEMORY_KIB, DEFAULT_ARGON2_PASSES, DEFAULT_ARGON2_PARALLELISM);

    /** The limits set in a provider's configuration, each within what its format allows. */
    static WorkLimits from(ProviderContext context) {
        return new WorkLimits(
                (int) context.integer(PBKDF2_ITERATIONS_KEY, DEFAULT_PBKDF2_ITERATIONS, 1, Integer.MAX_VALUE),
                (int) context.integer(BCRYPT_COST_KEY, DEFAULT_BCRYPT_COST, 4, 31),
                (int) context.integer(ARGON2_MEMORY_KEY, DEFAULT_ARGON2_MEMORY_KIB, 8, 4 * 1024 * 1024),
                (int) context.integer(ARGON2_PASSES_KEY, DEFAULT_ARGON2_PASSES, 1, Integer.MAX_VALUE),
                (int) context.integer(ARGON2_PARALLELISM_KEY, DEFAULT_ARGON2_PARALLELISM, 1, 255));
    }

    /** The full configuration key of a limit, such as {@code password-file.max-bcrypt-cost}. */
    static String fullKey(String key) {
        return PasswordFileProviderFactory.NAME + "." + key;
    }
}
