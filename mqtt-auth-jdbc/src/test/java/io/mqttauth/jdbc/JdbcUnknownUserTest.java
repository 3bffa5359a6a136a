package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;
import io.mqttauth.spi.ProviderContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unknown users on a real PostgreSQL cost what a known user's wrong password costs: the timing class, measured (an
 * unknown name, answered from the negative cache without a query, against a {@code $7$} user with a wrong password;
 * before the stand-in the unknown name took microseconds and the known one milliseconds), and the without-blocking
 * path, which must leave a slow stand-in to the blocking call as it does a slow real row. Medians of interleaved runs
 * and generous bounds keep it steady on a loaded machine; this is a test of classes, not a benchmark.
 */
class JdbcUnknownUserTest {

    private static final int ITERATIONS = 10_000;
    private static final int RUNS = 7;
    private static Postgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        pg = Postgres.create();
        pg.createEmqxTables();
        pg.sql("INSERT INTO mqtt_user(username, password_hash) VALUES ('slow', '" + PasswordHashes.hash(
                HashAlgorithm.SHA512_PBKDF2, "right".getBytes(StandardCharsets.UTF_8), ITERATIONS) + "')",
            "INSERT INTO mqtt_user(username, password_hash, salt) VALUES ('fast', "
                + "encode(sha256(('s3cret' || 'salt2')::bytea), 'hex'), 'salt2')");
    }

    @AfterAll
    static void drop() {
        if (pg != null) {
            pg.close();
        }
    }

    private JdbcProvider provider(String... extra) {
        List<String> keys = new ArrayList<>(List.of("pool.timeout", "30s"));
        keys.addAll(List.of(extra));
        return (JdbcProvider) new JdbcProviderFactory().create(ProviderContext.of("jdbc",
                Fixtures.config(pg, dir, keys.toArray(String[]::new)), dir, new Fixtures.MutableClock(), () -> { }));
    }

    private static ConnectRequest connect(String user, String password) {
        return ConnectRequest.builder("c-" + user).username(user).password(password).build();
    }

    private static FailureReason reason(AuthenticationResult r) {
        if (r instanceof AuthenticationResult.Refusal refusal) {
            return refusal.reason();
        }
        return r instanceof AuthenticationResult.Abstain abstain ? abstain.reason() : null;
    }

    @Test
    void anUnknownNameCostsAboutWhatAKnownUserWithAWrongPasswordCosts() {
        try (JdbcProvider p = provider("password-hash", "auto")) {
            Authenticator authenticator = p.authenticator().orElseThrow();
            long[] known = new long[RUNS];
            long[] unknown = new long[RUNS];
            long[] unknownUncached = new long[RUNS];
            long queriesBefore = 0;
            for (int i = -2; i < RUNS; i++) {
                if (i == 0) {
                    queriesBefore = p.queryCount();
                }
                long a = time(authenticator, "slow", FailureReason.PASSWORD_MISMATCH);
                long b = time(authenticator, "ghost", FailureReason.NO_CREDENTIALS_FOUND);
                if (i >= 0) {
                    known[i] = a;
                    unknown[i] = b;
                }
            }
            assertThat(p.queryCount()).as("the row and the negative entry are cached").isEqualTo(queriesBefore);
            double ratio = (double) median(unknown) / median(known);
            assertThat(ratio).as("unknown name (negative cache) / known user with a wrong password, medians of %d runs "
                    + "(ns: %s vs %s)", RUNS, Arrays.toString(unknown), Arrays.toString(known))
                    .isBetween(1 / 3.0, 3.0);
            for (int i = 0; i < RUNS; i++) {
                unknownUncached[i] = time(authenticator, "ghost-" + i, FailureReason.NO_CREDENTIALS_FOUND);
            }
            assertThat((double) median(unknownUncached) / median(known)).as("unknown names, each queried, / known "
                    + "user (ns: %s vs %s)", Arrays.toString(unknownUncached), Arrays.toString(known))
                    .isGreaterThan(1 / 3.0);
        }
    }

    @Test
    void withoutBlockingACachedUnknownNameWaitsForTheBlockingCallWhenItsStandInIsSlow() {
        try (JdbcProvider p = provider("password-hash", "auto")) {
            Authenticator authenticator = p.authenticator().orElseThrow();
            assertThat(reason(authenticator.authenticate(connect("ghost", "x"))))
                    .isEqualTo(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(authenticator.authenticateWithoutBlocking(connect("ghost", "x"))).isEmpty();
            assertThat(reason(authenticator.authenticate(connect("ghost", "x"))))
                    .isEqualTo(FailureReason.NO_CREDENTIALS_FOUND);
            ConnectRequest noPassword = ConnectRequest.builder("c-ghost").username("ghost").build();
            assertThat(authenticator.authenticateWithoutBlocking(noPassword)).as("no password, no hash to hide")
                    .get().extracting(JdbcUnknownUserTest::reason).isEqualTo(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(p.queryCount()).as("the negative entry saves the query").isEqualTo(1);
        }
    }

    @Test
    void withoutBlockingACachedUnknownNameIsAnsweredWhenItsStandInIsADigest() {
        try (JdbcProvider p = provider("password-hash", "sha256", "salt-position", "suffix")) {
            Authenticator authenticator = p.authenticator().orElseThrow();
            authenticator.authenticate(connect("ghost", "x"));
            assertThat(authenticator.authenticateWithoutBlocking(connect("ghost", "x")))
                    .get().extracting(JdbcUnknownUserTest::reason).isEqualTo(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(authenticator.authenticate(connect("fast", "s3cret")))
                    .isInstanceOf(AuthenticationResult.Success.class);
        }
    }

    private static long time(Authenticator authenticator, String user, FailureReason expected) {
        long start = System.nanoTime();
        AuthenticationResult r = authenticator.authenticate(connect(user, "wrong password"));
        long elapsed = System.nanoTime() - start;
        assertThat(reason(r)).as(r.detail()).isEqualTo(expected);
        return elapsed;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
