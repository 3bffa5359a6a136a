package io.mqttauth.passwordfile;

/**
 * The non-secret parameters of a stored hash: the format and its work factor. Many users share one instance, which
 * keeps a large file compact.
 *
 * @param kind the format
 * @param version the bcrypt variant ({@code 2a}, {@code 2b}, {@code 2y}); empty for other kinds
 * @param cost the PBKDF2 iteration count, the bcrypt cost or the argon2 time cost; 0 when the kind has none
 * @param memoryKib the argon2 memory cost in KiB; 0 for other kinds
 * @param parallelism the argon2 parallelism; 0 for other kinds
 */
record HashParams(HashKind kind, String version, int cost, int memoryKib, int parallelism) {

    /** Parameters of a kind without a work factor. */
    static HashParams of(HashKind kind) {
        return new HashParams(kind, "", 0, 0, 0);
    }

    /** Parameters of a kind with one work factor (iterations or cost). */
    static HashParams of(HashKind kind, int cost) {
        return new HashParams(kind, "", cost, 0, 0);
    }

    /** Describes the format and work factor, such as {@code $7$ PBKDF2-SHA512, 101 iterations}. */
    String describe() {
        return switch (kind) {
            case MOSQUITTO_PBKDF2_SHA512, PBKDF2_SHA256, PBKDF2_SHA512 ->
                    kind.prefix() + " " + kind.label() + ", " + cost + " iterations";
            case MOSQUITTO_SHA512 -> kind.prefix() + " " + kind.label();
            case BCRYPT -> "$" + version + "$ bcrypt, cost " + cost;
            case ARGON2ID -> kind.prefix() + " m=" + memoryKib + ",t=" + cost + ",p=" + parallelism;
            case PLAIN -> "plain text";
        };
    }
}
