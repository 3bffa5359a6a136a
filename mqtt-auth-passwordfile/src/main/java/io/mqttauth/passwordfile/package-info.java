/**
 * The {@code password-file} provider: reads Mosquitto password files ({@code $7$} PBKDF2-HMAC-SHA512, {@code $6$}
 * salted SHA-512) and modern hashes (bcrypt, argon2id, PBKDF2 in PHC form), verifies passwords in constant time,
 * reloads the file without ever losing the last good version, and writes hashes for {@code mqtt-auth passwd}.
 *
 * <p>Public: {@link io.mqttauth.passwordfile.PasswordFileProviderFactory} (found by ServiceLoader),
 * {@link io.mqttauth.passwordfile.HashAlgorithm} and {@link io.mqttauth.passwordfile.PasswordHashes} (for tools that
 * write password files). Everything else is package-private.
 *
 * <p>Nullability: every parameter and return value is non-null unless it is marked {@code @Nullable}.
 */
package io.mqttauth.passwordfile;
