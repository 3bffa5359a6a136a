package io.mqttauth.passwordfile;

/** The password hash formats a password file may hold. */
enum HashKind {
    /** Mosquitto 2.x {@code $7$}: PBKDF2-HMAC-SHA512, 64-byte hash. */
    MOSQUITTO_PBKDF2_SHA512("$7$", "PBKDF2-SHA512"),
    /** Mosquitto {@code $6$}: one SHA-512 over the password bytes followed by the salt (not crypt(3)). */
    MOSQUITTO_SHA512("$6$", "SHA-512"),
    /** PHC-style {@code $pbkdf2-sha256$i=N$salt$hash}. */
    PBKDF2_SHA256("$pbkdf2-sha256$", "PBKDF2-SHA256"),
    /** PHC-style {@code $pbkdf2-sha512$i=N$salt$hash}. */
    PBKDF2_SHA512("$pbkdf2-sha512$", "PBKDF2-SHA512"),
    /** OpenBSD bcrypt, {@code $2a$}, {@code $2b$} or {@code $2y$}. */
    BCRYPT("$2b$", "bcrypt"),
    /** Argon2id in PHC form, version 19. */
    ARGON2ID("$argon2id$", "argon2id"),
    /** A plain-text password (only with {@code allow-plaintext}). */
    PLAIN("", "plain text");

    private final String prefix;
    private final String label;

    HashKind(String prefix, String label) {
        this.prefix = prefix;
        this.label = label;
    }

    /** The format's prefix as written in files, such as {@code $7$}. */
    String prefix() {
        return prefix;
    }

    /** The algorithm's name for operators. */
    String label() {
        return label;
    }
}
