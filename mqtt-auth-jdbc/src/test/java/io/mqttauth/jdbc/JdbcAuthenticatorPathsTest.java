package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.TlsFacts;
import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;
import io.mqttauth.spi.ProviderContext;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authenticator's paths on a real PostgreSQL beyond EMQX's table: the forms of {@code is_superuser}, the values of
 * {@code ${peerhost}} and {@code ${cert_common_name}}, the answers without blocking, a user name holding U+0000, and
 * what a refusal's detail says.
 */
class JdbcAuthenticatorPathsTest {

    /** openssl req -x509 -subj "/CN=outer/O=Fleet/CN=device-7": the most specific CN is device-7. */
    private static final String TWO_CNS = """
            -----BEGIN CERTIFICATE-----
            MIIBvTCCAWOgAwIBAgIUGwX6CEfuPoSAFeO5enbO5aIl3b0wCgYIKoZIzj0EAwIw
            MzEOMAwGA1UEAwwFb3V0ZXIxDjAMBgNVBAoMBUZsZWV0MREwDwYDVQQDDAhkZXZp
            Y2UtNzAgFw0yNjExMzAwMTQwNDlaGA8yMTI2MTEwNjAxNDA0OVowMzEOMAwGA1UE
            AwwFb3V0ZXIxDjAMBgNVBAoMBUZsZWV0MREwDwYDVQQDDAhkZXZpY2UtNzBZMBMG
            ByqGSM49AgEGCCqGSM49AwEHA0IABG2XytiRZJkaYkhHVdL2JEFJ6y6uWkLUogkq
            pkaurPVjHUaCF1g/E3JwVMxKjpfoD+SgIN33YNQwEkoSW6A+ikejUzBRMB0GA1Ud
            DgQWBBQWaHRIpIONVTbWQBsyWPdEsBmRwjAfBgNVHSMEGDAWgBQWaHRIpIONVTbW
            QBsyWPdEsBmRwjAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIHpw
            5E/MSGX879F+0vndIYZFIDLt9mu/cW80iqNgkFA7AiEAl93CeXwYPVPOM/ovwAeL
            0VxSncRcpg/zj1DnGQk+tSQ=
            -----END CERTIFICATE-----
            """;
    /** openssl req -x509 -subj "/O=Fleet/OU=no-cn": no CN at all. */
    private static final String NO_CN = """
            -----BEGIN CERTIFICATE-----
            MIIBljCCAT2gAwIBAgIUTvVqa8ymdpidbjspkCxuL3EdxLswCgYIKoZIzj0EAwIw
            IDEOMAwGA1UECgwFRmxlZXQxDjAMBgNVBAsMBW5vLWNuMCAXDTI2MTEzMDAxNDA1
            MFoYDzIxMjYxMTA2MDE0MDUwWjAgMQ4wDAYDVQQKDAVGbGVldDEOMAwGA1UECwwF
            bm8tY24wWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASurOuPogInQUuLWk+EcjQD
            rsJlqfeztTforLbtXzKociE2ZJKVF7UrUfLl8mbuKAWtXc5WS9TMRWpGfzArIhDv
            o1MwUTAdBgNVHQ4EFgQU+MO97HYD3kirN2Gz4YSdhRtPYsEwHwYDVR0jBBgwFoAU
            +MO97HYD3kirN2Gz4YSdhRtPYsEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQD
            AgNHADBEAiAjxWZqDvBMTapRC9UZ3ogOlKI72kS/iL+7fNVRSOyCCgIgaSPYLKvA
            LIr6nEjMkQ9TYcABvXsvJXQOCCexqdNr8UA=
            -----END CERTIFICATE-----
            """;

    /** openssl req -x509 -subj "/CN=solo/O=Fleet": the only CN is the first RDN. */
    private static final String FIRST_CN = """
            -----BEGIN CERTIFICATE-----
            MIIBljCCATugAwIBAgIUfOnHHwy7mn+szFiKVybs27Az5+cwCgYIKoZIzj0EAwIw
            HzENMAsGA1UEAwwEc29sbzEOMAwGA1UECgwFRmxlZXQwIBcNMjYxMTMwMDQ0OTI4
            WhgPMjEyNjExMDYwNDQ5MjhaMB8xDTALBgNVBAMMBHNvbG8xDjAMBgNVBAoMBUZs
            ZWV0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEtLKRFrT0LQkprVcOoNa83sV2
            4FXdyrPCzqhWWDJa94OLldCG8rEBCDuvVfBuMbxYNuG2rpPiUDMSrxTne27EUqNT
            MFEwHQYDVR0OBBYEFLD30DC/wBCropoVpVe0XyfHZjtXMB8GA1UdIwQYMBaAFLD3
            0DC/wBCropoVpVe0XyfHZjtXMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwID
            SQAwRgIhAMFIYtBa20Bd/M/IKZcbblM8N6e8S1IYCaJVOQZ3tcxwAiEAp9m5fnge
            sxX9Di+6iM/InNm208FfqewhZQFKp1iArww=
            -----END CERTIFICATE-----
            """;

    private static Postgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        pg = Postgres.create();
        pg.createEmqxTables();
        pg.sql("CREATE TABLE flags (username text, password_hash text, flag text, num int, host text, cn text)",
            "INSERT INTO flags VALUES ('t', 'pw', 't', 1, '10.0.0.7', 'device-7'), "
                + "('yes', 'pw', ' YES ', 2, NULL, NULL), "
                + "('y', 'pw', 'y', -1, NULL, NULL), ('on', 'pw', 'on', 0, NULL, NULL), "
                + "('true', 'pw', 'true', 0, NULL, NULL), ('one', 'pw', '1', 0, NULL, NULL), "
                + "('no', 'pw', 'no', 0, NULL, NULL), ('zero', 'pw', '0', 0, NULL, NULL), "
                + "('f', 'pw', 'f', 0, NULL, NULL), ('null', 'pw', NULL, NULL, NULL, NULL), "
                + "('other', 'pw', 'admin', 0, NULL, NULL), ('outer', 'pw', NULL, NULL, NULL, NULL)",
            "INSERT INTO mqtt_user(username, password_hash, salt) VALUES ('slow', '" + PasswordHashes.hash(
                HashAlgorithm.SHA512_PBKDF2, "right".getBytes(StandardCharsets.UTF_8), 1000) + "', NULL), "
                + "('fast', encode(sha256(('s3cret' || 'salt2')::bytea), 'hex'), 'salt2'), "
                + "('broken', 'not hex', 'salt2')");
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

    private static boolean superuser(AuthenticationResult r) {
        assertThat(r).as(r.detail()).isInstanceOf(AuthenticationResult.Success.class);
        boolean superuser = ((AuthenticationResult.Success) r).identity().isSuperuser();
        assertThat(r.detail().endsWith("; is_superuser")).as(r.detail()).isEqualTo(superuser);
        return superuser;
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void isSuperuserIsTrueForTrueWordsAndNonZeroNumbers() {
        try (JdbcProvider p = provider("password-hash", "plain", "salt-position", "disable", "authn.query",
                "SELECT password_hash, flag AS is_superuser FROM flags WHERE username = ${username}")) {
            Authenticator a = p.authenticator().orElseThrow();
            for (String yes : new String[] {"t", "yes", "y", "on", "true", "one"}) {
                assertThat(superuser(a.authenticate(connect(yes, "pw")))).as(yes).isTrue();
            }
            for (String no : new String[] {"no", "zero", "f", "null", "other"}) {
                assertThat(superuser(a.authenticate(connect(no, "pw")))).as(no).isFalse();
            }
        }
        try (JdbcProvider p = provider("password-hash", "plain", "salt-position", "disable", "authn.query",
                "SELECT password_hash, num AS is_superuser FROM flags WHERE username = ${username}")) {
            Authenticator a = p.authenticator().orElseThrow();
            assertThat(superuser(a.authenticate(connect("yes", "pw")))).isTrue();
            assertThat(superuser(a.authenticate(connect("y", "pw")))).isTrue();
            assertThat(superuser(a.authenticate(connect("on", "pw")))).isFalse();
            assertThat(superuser(a.authenticate(connect("null", "pw")))).isFalse();
        }
    }

    @Test
    void peerhostIsTheClientsAddressAndWithoutOneFindsNothing() throws Exception {
        try (JdbcProvider p = provider("password-hash", "plain", "salt-position", "disable", "authn.query",
                "SELECT password_hash FROM flags WHERE host = ${peerhost}")) {
            Authenticator a = p.authenticator().orElseThrow();
            ConnectRequest from = ConnectRequest.builder("c").username("any").password("pw")
                    .remoteAddress(InetAddress.getByName("10.0.0.7")).build();
            assertThat(a.authenticate(from)).isInstanceOf(AuthenticationResult.Success.class);
            assertThat(reason(a.authenticate(connect("any", "pw")))).isEqualTo(FailureReason.NO_CREDENTIALS_FOUND);
        }
    }

    @Test
    void certCommonNameIsTheMostSpecificCnOfTheClientCertificate() throws Exception {
        try (JdbcProvider p = provider("password-hash", "plain", "salt-position", "disable", "authn.query",
                "SELECT password_hash FROM flags WHERE cn = ${cert_common_name}")) {
            Authenticator a = p.authenticator().orElseThrow();
            assertThat(a.authenticate(withCertificate(certificate(TWO_CNS))))
                    .isInstanceOf(AuthenticationResult.Success.class);
            assertThat(reason(a.authenticate(withCertificate(certificate(NO_CN)))))
                    .isEqualTo(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(reason(a.authenticate(ConnectRequest.builder("c").username("any").password("pw")
                    .tls(new TlsFacts(List.of(), null, "TLSv1.3", null)).build())))
                    .isEqualTo(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(p.queryCount()).as("no CN twice: one NULL key, queried once").isEqualTo(2);
        }
    }

    @Test
    void certCommonNameIsFoundInTheSubjectsFirstRdnToo() throws Exception {
        pg.sql("INSERT INTO flags VALUES ('solo', 'pw', NULL, NULL, NULL, 'solo')");
        try (JdbcProvider p = provider("password-hash", "plain", "salt-position", "disable", "authn.query",
                "SELECT password_hash FROM flags WHERE cn = ${cert_common_name}")) {
            assertThat(p.authenticator().orElseThrow().authenticate(withCertificate(certificate(FIRST_CN))))
                    .isInstanceOf(AuthenticationResult.Success.class);
        }
    }

    private static ConnectRequest withCertificate(X509Certificate c) {
        return ConnectRequest.builder("c").username("any").password("pw")
                .tls(new TlsFacts(List.of(c), null, "TLSv1.3", null)).build();
    }

    @Test
    void withoutAUserNameItDoesNotApplyWithOrWithoutBlocking() {
        try (JdbcProvider p = provider()) {
            Authenticator a = p.authenticator().orElseThrow();
            ConnectRequest anonymous = ConnectRequest.builder("c").password("pw").build();
            assertThat(a.authenticate(anonymous)).isInstanceOf(AuthenticationResult.Abstain.class)
                    .extracting(AuthenticationResult::detail).isEqualTo("no user name sent");
            assertThat(a.authenticateWithoutBlocking(anonymous)).get()
                    .isInstanceOf(AuthenticationResult.Abstain.class)
                    .extracting(AuthenticationResult::detail).isEqualTo("no user name sent");
            assertThat(p.queryCount()).isZero();
        }
    }

    @Test
    void withoutBlockingASlowRowIsDecidedOnlyOnceItsPasswordWasVerified() {
        try (JdbcProvider p = provider("password-hash", "auto")) {
            Authenticator a = p.authenticator().orElseThrow();
            assertThat(a.authenticateWithoutBlocking(connect("slow", "right"))).as("not cached").isEmpty();
            assertThat(reason(a.authenticate(connect("slow", "wrong")))).isEqualTo(FailureReason.PASSWORD_MISMATCH);
            assertThat(a.authenticateWithoutBlocking(connect("slow", "right"))).as("cached row, slow hash")
                    .isEmpty();
            AuthenticationResult blocking = a.authenticate(connect("slow", "right"));
            assertThat(blocking).isInstanceOf(AuthenticationResult.Success.class);
            assertThat(blocking.detail()).endsWith("; password matches");
            AuthenticationResult fast = a.authenticateWithoutBlocking(connect("slow", "right")).orElseThrow();
            assertThat(fast).isInstanceOf(AuthenticationResult.Success.class);
            assertThat(fast.detail()).endsWith("; password matches (cached check)");
            assertThat(a.authenticateWithoutBlocking(connect("slow", "wrong"))).as("a wrong password needs the hash")
                    .isEmpty();
            assertThat(p.queryCount()).isEqualTo(1);
        }
    }

    @Test
    void withoutBlockingACachedDigestRowIsDecided() {
        try (JdbcProvider p = provider("password-hash", "sha256", "salt-position", "suffix")) {
            Authenticator a = p.authenticator().orElseThrow();
            a.authenticate(connect("fast", "s3cret"));
            assertThat(a.authenticateWithoutBlocking(connect("fast", "s3cret"))).get()
                    .isInstanceOf(AuthenticationResult.Success.class);
            assertThat(a.authenticateWithoutBlocking(connect("fast", "nope"))).get()
                    .extracting(JdbcAuthenticatorPathsTest::reason).isEqualTo(FailureReason.PASSWORD_MISMATCH);
            assertThat(a.authenticateWithoutBlocking(ConnectRequest.builder("c").username("fast").build())).get()
                    .extracting(JdbcAuthenticatorPathsTest::reason).isEqualTo(FailureReason.NO_PASSWORD);
        }
    }

    @Test
    void anUnusableRowSaysWhatIsWrongAndHowToFixIt() {
        try (LogCapture log = new LogCapture(JdbcAuthenticator.class);
                JdbcProvider p = provider("password-hash", "sha256", "salt-position", "suffix")) {
            AuthenticationResult r = p.authenticator().orElseThrow().authenticate(connect("broken", "x"));
            assertThat(log.lines()).as("the operator is told, without the password").containsExactly("WARNING jdbc: "
                    + "user \"broken\": the stored password_hash is not a hex sha256 digest (jdbc.password-hash = "
                    + "sha256)");
            assertThat(reason(r)).isEqualTo(FailureReason.INTERNAL_ERROR);
            assertThat(r.detail()).isEqualTo("user \"broken\" found in the database (sha256 (salt suffix)); but the "
                    + "stored password_hash is not a hex sha256 digest (jdbc.password-hash = sha256), so no password "
                    + "can match: fix the user's row");
        }
    }

    @Test
    void aUserNameHoldingNulFindsNothingWithoutAQuery() {
        try (JdbcProvider p = provider("password-hash", "sha256", "salt-position", "suffix")) {
            AuthenticationResult r = p.authenticator().orElseThrow().authenticate(connect("fast\0", "s3cret"));
            assertThat(reason(r)).isEqualTo(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(p.queryCount()).isZero();
        }
    }

    @Test
    void aQueryWithoutPasswordHashIsUnavailableNamingTheColumn() {
        try (JdbcProvider p = provider("authn.query", "SELECT password_hash AS pw FROM mqtt_user WHERE username = "
                + "${username}")) {
            AuthenticationResult r = p.authenticator().orElseThrow().authenticate(connect("fast", "s3cret"));
            assertThat(reason(r)).isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
            assertThat(r.detail()).contains("SQLState 42703: jdbc.authn.query returns no column password_hash");
        }
    }
}
