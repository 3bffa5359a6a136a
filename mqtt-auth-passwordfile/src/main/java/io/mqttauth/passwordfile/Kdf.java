package io.mqttauth.passwordfile;

/**
 * The hash functions behind every stored format: the one place where password work is done, so that tests can count
 * and compare it (the unknown-user path must do the same work as the known-user path).
 */
@FunctionalInterface
interface Kdf {

    /**
     * Computes the stored form of {@code password} for {@code params} and {@code salt}: the raw hash for PBKDF2,
     * SHA-512 and argon2id, the 31 hash characters for bcrypt, SHA-512 of the password for plain text.
     *
     * @param length the stored hash's length in bytes
     */
    byte[] derive(HashParams params, byte[] password, byte[] salt, int length);
}
