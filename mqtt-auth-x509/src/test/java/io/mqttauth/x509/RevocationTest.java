package io.mqttauth.x509;

import static io.mqttauth.x509.Fixture.authenticate;
import static io.mqttauth.x509.ValidationTest.INTERMEDIATE;
import static io.mqttauth.x509.ValidationTest.ROOT;
import static io.mqttauth.x509.ValidationTest.namesTheCertificate;
import static io.mqttauth.x509.ValidationTest.refusal;
import static io.mqttauth.x509.ValidationTest.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.ConfigurationException;
import io.mqttauth.FailureReason;
import io.mqttauth.spi.Provider;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CRLs: revoked leaves and intermediates, CRLs past their next update (reject or warn), CRLs that do not count. */
class RevocationTest {

    static final X509Certificate LEAF = INTERMEDIATE.cert("O=Plant,CN=sensor-7").certificate();
    static final X509Certificate OTHER = INTERMEDIATE.cert("O=Plant,CN=sensor-8").certificate();

    @TempDir
    Path dir;
    Fixture fixture;

    @BeforeEach
    void trustTheRoot() {
        fixture = new Fixture(dir);
        fixture.write("ca.pem", TestPki.pem(ROOT.certificate()));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private io.mqttauth.Authenticator withCrls(String... keys) {
        String[] all = new String[keys.length + 4];
        all[0] = "trust.path";
        all[1] = "ca.pem";
        all[2] = "cache.size";
        all[3] = "0";
        System.arraycopy(keys, 0, all, 4, keys.length);
        return fixture.authenticator(all);
    }

    @Test
    void aRevokedClientCertificateIsRefusedWithWhenAndWhichCrl() {
        fixture.write("intermediate.crl", TestPki.pem(INTERMEDIATE.crl(LEAF)));
        var x509 = withCrls("crl.path", "intermediate.crl");
        var r = refusal(authenticate(x509, LEAF, INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_REVOKED);
        assertThat(r.detail()).startsWith("the client certificate \"CN=sensor-7,O=Plant\"")
                .contains("was revoked at 2026-11-21T22:00:00Z (KEY_COMPROMISE) according to the CRL of "
                        + "\"CN=Test Intermediate,O=Acme\" in intermediate.crl (this update 2026-11-21T23:00:00Z, next "
                        + "update 2026-11-23T00:00:00Z)");
        namesTheCertificate(r.detail(), LEAF);

        var s = success(authenticate(x509, OTHER, INTERMEDIATE.certificate()));
        assertThat(s.detail())
                .contains("revocation: not revoked according to the CRLs of \"CN=Test Intermediate,O=Acme\"")
                .contains("not checked for certificates of \"CN=Test Root,O=Acme\" (no CRL)");
    }

    @Test
    void aRevokedIntermediateRevokesTheChainAndCrlsMayComeFromSeveralFiles() throws Exception {
        fixture.write("root.crl", ROOT.crl(INTERMEDIATE.certificate()).getEncoded());
        fixture.write("crls/intermediate.pem", TestPki.pem(INTERMEDIATE.crl()));
        var x509 = withCrls("crl.path", "root.crl, crls");
        var r = refusal(authenticate(x509, LEAF, INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_REVOKED);
        assertThat(r.detail()).startsWith("the intermediate certificate \"CN=Test Intermediate,O=Acme\"")
                .contains("according to the CRL of \"CN=Test Root,O=Acme\" in root.crl");
    }

    @Test
    void aCrlSignedByAnotherKeyDoesNotCount() {
        TestPki.Issued impostor = TestPki.ca("O=Acme,CN=Test Intermediate");
        fixture.write("fake.crl", TestPki.pem(impostor.crl(LEAF)));
        var s = success(authenticate(withCrls("crl.path", "fake.crl"), LEAF, INTERMEDIATE.certificate()));
        assertThat(s.detail()).contains("not checked for certificates of \"CN=Test Root,O=Acme\", "
                + "\"CN=Test Intermediate,O=Acme\" (no CRL)");
    }

    @Test
    void aCrlPastItsNextUpdateMakesTheStatusUnknownByDefault() {
        Instant nextUpdate = TestPki.NOW.minus(Duration.ofHours(1));
        fixture.write("old.crl", TestPki.pem(INTERMEDIATE.crl(TestPki.NOW.minus(Duration.ofDays(8)), nextUpdate)));
        Provider provider = fixture.provider("trust.path", "ca.pem", "crl.path", "old.crl");
        var r = refusal(authenticate(provider.authenticator().orElseThrow(), LEAF, INTERMEDIATE.certificate()),
                FailureReason.CERTIFICATE_REVOCATION_UNKNOWN);
        assertThat(r.detail()).contains("the revocation status of the client certificate \"CN=sensor-7,O=Plant\"")
                .contains("is unknown: the CRL of \"CN=Test Intermediate,O=Acme\" in old.crl")
                .contains("next update 2026-11-21T23:00:00Z) has passed its next update; x509.crl.expired = reject");
        assertThat(provider.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(dir.resolve("old.crl").toAbsolutePath());
            assertThat(p.key()).isEqualTo("x509.crl.path");
            assertThat(p.message()).isEqualTo("the CRL of \"CN=Test Intermediate,O=Acme\" has passed its next "
                    + "update (2026-11-21T23:00:00Z)");
        });
    }

    @Test
    void withWarnAStaleCrlStillRevokesButOtherwiseAcceptsWithAWarning() {
        fixture.write("old.crl", TestPki.pem(INTERMEDIATE.crl(TestPki.NOW.minus(Duration.ofDays(8)),
                TestPki.NOW.minus(Duration.ofHours(1)), LEAF)));
        var x509 = withCrls("crl.path", "old.crl", "crl.expired", "warn");
        refusal(authenticate(x509, LEAF, INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_REVOKED);
        assertThat(success(authenticate(x509, OTHER, INTERMEDIATE.certificate())).detail())
                .contains("WARNING: not revoked according to CRLs past their next update of "
                        + "\"CN=Test Intermediate,O=Acme\" (x509.crl.expired = warn)");
    }

    @Test
    void aFreshCrlNextToAStaleOneIsEnough() {
        fixture.write("old.crl", TestPki.pem(INTERMEDIATE.crl(TestPki.NOW.minus(Duration.ofDays(8)),
                TestPki.NOW.minus(Duration.ofHours(1)))));
        fixture.write("new.crl", TestPki.pem(INTERMEDIATE.crl()));
        success(authenticate(withCrls("crl.path", "old.crl,new.crl"), OTHER, INTERMEDIATE.certificate()));
    }

    @Test
    void aCrlBecomesStaleWhileLoadedWhenTheClockPassesItsNextUpdate() {
        fixture.write("intermediate.crl", TestPki.pem(INTERMEDIATE.crl()));
        Provider provider = fixture.provider("trust.path", "ca.pem", "crl.path", "intermediate.crl");
        success(authenticate(provider.authenticator().orElseThrow(), OTHER, INTERMEDIATE.certificate()));
        assertThat(provider.problems()).isEmpty();
        fixture.clock.advance(Duration.ofDays(2));
        refusal(authenticate(provider.authenticator().orElseThrow(), OTHER, INTERMEDIATE.certificate()),
                FailureReason.CERTIFICATE_REVOCATION_UNKNOWN);
        assertThat(provider.problems()).hasSize(1);
    }

    @Test
    void unreadableOrMissingCrlFilesFailAtStartUpNamingTheFile() {
        fixture.write("broken.crl", "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
        fixture.write("empty.crl", "");
        assertThatThrownBy(() -> withCrls("crl.path", "broken.crl,missing.crl"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(1))
                .hasMessageContaining("missing.crl: file not found");
        assertThatThrownBy(() -> withCrls("crl.path", "broken.crl,empty.crl"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("broken.crl: CRL 1 cannot be parsed")
                .hasMessageContaining("empty.crl: holds no CRL");
    }
}
