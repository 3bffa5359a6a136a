/**
 * The {@code jdbc} provider: an authenticator and an authorizer over any JDBC database, reading EMQX's tables
 * ({@code mqtt_user}, {@code mqtt_acl}) through operator-written queries whose {@code ${username}},
 * {@code ${clientid}}, {@code ${peerhost}} and {@code ${cert_common_name}} placeholders become bind parameters.
 * Rows are cached (positive and negative entries, refresh ahead, one query per key however many clients ask), a
 * cached positive answer outlives a database outage for a grace period, and anything else is
 * {@link io.mqttauth.FailureReason#PROVIDER_UNAVAILABLE} while the database is down. See docs/jdbc.md.
 *
 * <p>Public: {@link io.mqttauth.jdbc.JdbcProviderFactory} (found by ServiceLoader) and
 * {@link io.mqttauth.jdbc.SaltedDigests} (for tools that write EMQX-style hashes). Everything else is package-private.
 *
 * <p>Nullability: every parameter and return value is non-null unless it is marked {@code @Nullable}.
 */
package io.mqttauth.jdbc;
