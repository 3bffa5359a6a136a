package io.mqttauth.jdbc;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.TlsFacts;
import io.mqttauth.passwordfile.VerificationCache;
import jakarta.annotation.Nullable;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The {@code jdbc} authenticator: looks the user up with {@code jdbc.authn.query} (through the cache) and checks the
 * password against the row's hash. A matching password is a success (a superuser if {@code is_superuser} says so); a
 * wrong one {@link FailureReason#PASSWORD_MISMATCH}; no row makes it abstain with
 * {@link FailureReason#NO_CREDENTIALS_FOUND}, after checking the password against a stand-in ({@link StandIns}) so
 * that an unknown name costs what a wrong password costs; a hash it cannot read {@link FailureReason#INTERNAL_ERROR}
 * for that user; a database that does not answer {@link FailureReason#PROVIDER_UNAVAILABLE}, never a credentials
 * reason.
 */
final class JdbcAuthenticator implements Authenticator {

    private static final System.Logger LOG = System.getLogger(JdbcAuthenticator.class.getName());

    private final SqlTemplate query;
    private final LookupCache<UserRecord> cache;
    private final PasswordCheck passwords;
    private final VerificationCache<String> verified;
    private final StandIns standIns;

    JdbcAuthenticator(SqlTemplate query, LookupCache<UserRecord> cache, PasswordCheck passwords,
            VerificationCache<String> verified, StandIns standIns) {
        this.query = query;
        this.cache = cache;
        this.passwords = passwords;
        this.verified = verified;
        this.standIns = standIns;
    }

    /** True: a cache miss waits on the database, and slow hashes take milliseconds. */
    @Override
    public boolean mayBlock() {
        return true;
    }

    @Override
    public AuthenticationResult authenticate(ConnectRequest request) {
        String username = request.username().orElse(null);
        if (username == null) {
            return AuthenticationResult.notApplicable("no user name sent");
        }
        return decide(request, username, cache.get(key(query, request)), true);
    }

    @Override
    public Optional<AuthenticationResult> authenticateWithoutBlocking(ConnectRequest request) {
        String username = request.username().orElse(null);
        if (username == null) {
            return Optional.of(AuthenticationResult.notApplicable("no user name sent"));
        }
        Lookup<UserRecord> cached = cache.getIfFresh(key(query, request));
        return cached == null ? Optional.empty() : Optional.ofNullable(decide(request, username, cached, false));
    }

    /** The decision on a lookup; {@code null} if {@code mayHash} is false and deciding needs a slow hash. */
    private @Nullable AuthenticationResult decide(ConnectRequest request, String username, Lookup<UserRecord> lookup,
            boolean mayHash) {
        if (lookup instanceof Lookup.Failed<UserRecord> f) {
            return AuthenticationResult.refuse(FailureReason.PROVIDER_UNAVAILABLE,
                    "the database did not answer for user \"" + username + "\" (" + f.why()
                            + "); the client should retry");
        }
        if (!(lookup instanceof Lookup.Found<UserRecord> found)) {
            // An unknown user's password costs a stand-in check, as a known user's wrong password costs a real one.
            byte[] password = request.password().orElse(null);
            if (password != null) {
                try {
                    UserRecord standIn = standIns.standInFor(username);
                    if (!mayHash && !passwords.isCheap(standIn)) {
                        return null;
                    }
                    passwords.check(standIn, password);
                } finally {
                    ConnectRequest.clear(password);
                }
            }
            return AuthenticationResult.unknown(FailureReason.NO_CREDENTIALS_FOUND,
                    "user \"" + username + "\" is not in the database (jdbc.authn.query returned no row)");
        }
        UserRecord row = found.value();
        String what = "user \"" + username + "\" found in the database (" + passwords.describe() + ")"
                + (found.stale() ? " [cached row served within jdbc.outage-grace: the database is unavailable]" : "");
        byte[] password = request.password().orElse(null);
        if (password == null) {
            return AuthenticationResult.refuse(FailureReason.NO_PASSWORD, what + "; no password sent");
        }
        try {
            boolean cheap = passwords.isCheap(row);
            if (!cheap && verified.verified(username, password, row.hash())) {
                return success(request, username, row, what + "; password matches (cached check)");
            }
            if (!cheap && !mayHash) {
                return null;
            }
            PasswordCheck.Outcome outcome = passwords.check(row, password);
            switch (outcome.verdict()) {
                case MATCH:
                    if (!cheap) {
                        verified.put(username, password, row.hash());
                    }
                    return success(request, username, row, what + "; password matches");
                case MISMATCH:
                    return AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH,
                            what + "; password does not match");
                default:
                    LOG.log(System.Logger.Level.WARNING, "jdbc: user \"{0}\": {1}", username, outcome.problem());
                    return AuthenticationResult.refuse(FailureReason.INTERNAL_ERROR, what + "; but "
                            + outcome.problem() + ", so no password can match: fix the user's row");
            }
        } finally {
            ConnectRequest.clear(password);
        }
    }

    private static AuthenticationResult success(ConnectRequest request, String username, UserRecord row,
            String detail) {
        Identity identity = Identity.builder(username, request).superuser(row.superuser()).build();
        return AuthenticationResult.success(identity, row.superuser() ? detail + "; is_superuser" : detail);
    }

    /** The values the query is bound to for this request, in placeholder order. */
    static List<String> key(SqlTemplate query, ConnectRequest request) {
        String[] values = new String[query.placeholders().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (query.placeholders().get(i)) {
                case USERNAME -> request.username().orElse(null);
                case CLIENTID -> request.clientId();
                case PEERHOST -> request.remoteAddress().map(a -> a.getHostAddress()).orElse(null);
                case CERT_COMMON_NAME -> request.tls().map(JdbcAuthenticator::commonName).orElse(null);
            };
        }
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /** The common name of the client certificate's subject, or {@code null}. */
    private static @Nullable String commonName(TlsFacts tls) {
        if (tls.peerCertificates().isEmpty()) {
            return null;
        }
        X509Certificate leaf = tls.peerCertificates().get(0);
        try {
            List<Rdn> rdns = new LdapName(leaf.getSubjectX500Principal().getName()).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdns.get(i).getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    /**
     * Reads the first row of {@code jdbc.authn.query}.
     *
     * @return the row, or {@code null} if there is none
     * @throws SQLException if the query has no {@code password_hash} column (SQLState 42703)
     */
    static @Nullable UserRecord readUser(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int hash = AclRule.column(md, "password_hash");
        if (hash == 0) {
            throw new SQLException("jdbc.authn.query returns no column password_hash", "42703");
        }
        int salt = AclRule.column(md, "salt");
        int superuser = AclRule.column(md, "is_superuser");
        if (!rs.next()) {
            return null;
        }
        String stored = rs.getString(hash);
        return new UserRecord(stored == null ? "" : stored, salt == 0 ? null : rs.getString(salt),
                superuser != 0 && isTrue(rs.getObject(superuser)));
    }

    private static boolean isTrue(@Nullable Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        if (value == null) {
            return false;
        }
        return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "t", "yes", "y", "on" -> true;
            default -> false;
        };
    }
}
