package io.mqttauth.jdbc;

import jakarta.annotation.Nullable;
import java.util.Objects;

/**
 * One user's row as the authentication query returns it: the stored hash (never a password), the salt, and the
 * superuser flag. {@link #toString()} leaves the hash and salt out.
 *
 * @param hash the {@code password_hash} column, empty when it is SQL NULL
 * @param salt the {@code salt} column, or {@code null} when the query has none or it is NULL
 * @param superuser the {@code is_superuser} column, false when the query has none
 */
record UserRecord(String hash, @Nullable String salt, boolean superuser) {

    /** Checks for nulls. */
    UserRecord {
        Objects.requireNonNull(hash, "hash");
    }

    /** Without the hash and the salt. */
    @Override
    public String toString() {
        return "UserRecord[superuser=" + superuser + "]";
    }
}
