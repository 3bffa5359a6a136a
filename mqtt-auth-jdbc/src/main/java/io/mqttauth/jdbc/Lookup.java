package io.mqttauth.jdbc;

import java.util.Objects;

/**
 * What a database lookup found: a value, nothing (an unknown user, no rules), or a failure (the database is down, a
 * query is wrong). A failure is never cached and never read as "not found".
 *
 * @param <V> the value read from the rows
 */
sealed interface Lookup<V> {

    /**
     * Rows were read.
     *
     * @param value what they say
     * @param stale whether the database failed just now and this is a cached value served within the outage grace
     */
    record Found<V>(V value, boolean stale) implements Lookup<V> {
        /** Checks for nulls. */
        public Found {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The query returned no row. */
    record Missing<V>() implements Lookup<V> {
    }

    /**
     * The database did not answer or refused the query.
     *
     * @param why operator-safe words: the SQL state and the driver's message, never a password
     */
    record Failed<V>(String why) implements Lookup<V> {
        /** Checks for nulls. */
        public Failed {
            Objects.requireNonNull(why, "why");
        }
    }
}
