package io.mqttauth.x509;

import static io.mqttauth.x509.Fixture.authenticate;
import static io.mqttauth.x509.ValidationTest.INTERMEDIATE;
import static io.mqttauth.x509.ValidationTest.ROOT;
import static io.mqttauth.x509.ValidationTest.refusal;
import static io.mqttauth.x509.ValidationTest.success;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.FailureReason;
import io.mqttauth.spi.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust anchors and CRLs reload with the last good version kept, and the validation cache: hits, failures cached,
 * never past the leaf's validity, bounded by its expiry, cleared on reload.
 */
class ReloadAndCacheTest {

    static final TestPki.Issued SECOND_ROOT = TestPki.ca("CN=Second Root");
    static final X509Certificate LEAF = INTERMEDIATE.cert("CN=sensor-7").certificate();
    static final X509Certificate SECOND_LEAF = SECOND_ROOT.cert("CN=sensor-9").certificate();

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

    private static boolean cached(AuthenticationResult r) {
        return r.detail().endsWith("(cached validation)");
    }

    @Test
    void aNewAnchorIsTrustedAfterReloadAndABrokenTrustFileKeepsTheLastGood() {
        Provider provider = fixture.provider("trust.path", "ca.pem");
        Authenticator x509 = provider.authenticator().orElseThrow();
        refusal(authenticate(x509, SECOND_LEAF), FailureReason.CERTIFICATE_UNTRUSTED);

        fixture.write("ca.pem", TestPki.pem(ROOT.certificate(), SECOND_ROOT.certificate()));
        assertThat(provider.reload()).isEmpty();
        assertThat(fixture.reloads).hasValue(1);
        assertThat(cached(success(authenticate(x509, SECOND_LEAF)))).as("the cache was cleared").isFalse();

        fixture.write("ca.pem", TestPki.pem(ROOT.certificate()) + "-----BEGIN CERTIFICATE-----\nAAAA\n"
                + "-----END CERTIFICATE-----\n");
        List<ConfigurationProblem> problems = provider.reload();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(dir.resolve("ca.pem").toAbsolutePath());
            assertThat(p.message()).startsWith("certificate 2 cannot be parsed");
        });
        assertThat(provider.problems()).isEqualTo(problems);
        success(authenticate(x509, SECOND_LEAF));
        assertThat(fixture.reloads).hasValue(1);
    }

    @Test
    void removingAnAnchorTakesEffectDespiteCachedSuccesses() {
        fixture.write("ca.pem", TestPki.pem(ROOT.certificate(), SECOND_ROOT.certificate()));
        Provider provider = fixture.provider("trust.path", "ca.pem");
        Authenticator x509 = provider.authenticator().orElseThrow();
        success(authenticate(x509, SECOND_LEAF));
        assertThat(cached(success(authenticate(x509, SECOND_LEAF)))).isTrue();

        fixture.write("ca.pem", TestPki.pem(ROOT.certificate()));
        assertThat(provider.reload()).isEmpty();
        refusal(authenticate(x509, SECOND_LEAF), FailureReason.CERTIFICATE_UNTRUSTED);
    }

    @Test
    void aFolderOfAnchorsPicksUpNewFilesAndIgnoresOthers() {
        fixture.write("cas/root.pem", TestPki.pem(ROOT.certificate()));
        fixture.write("cas/README", "not a certificate");
        Provider provider = fixture.provider("trust.path", "cas");
        Authenticator x509 = provider.authenticator().orElseThrow();
        success(authenticate(x509, LEAF, INTERMEDIATE.certificate()));
        refusal(authenticate(x509, SECOND_LEAF), FailureReason.CERTIFICATE_UNTRUSTED);

        fixture.write("cas/second.crt", TestPki.pem(SECOND_ROOT.certificate()));
        assertThat(provider.reload()).isEmpty();
        success(authenticate(x509, SECOND_LEAF));
    }

    @Test
    void aCrlReloadClearsCachedSuccesses() {
        fixture.write("intermediate.crl", TestPki.pem(INTERMEDIATE.crl()));
        Provider provider = fixture.provider("trust.path", "ca.pem", "crl.path", "intermediate.crl");
        Authenticator x509 = provider.authenticator().orElseThrow();
        assertThat(cached(success(authenticate(x509, LEAF, INTERMEDIATE.certificate())))).isFalse();
        assertThat(cached(success(authenticate(x509, LEAF, INTERMEDIATE.certificate())))).isTrue();

        fixture.write("intermediate.crl", TestPki.pem(INTERMEDIATE.crl(LEAF)));
        assertThat(provider.reload()).isEmpty();
        refusal(authenticate(x509, LEAF, INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_REVOKED);

        fixture.write("intermediate.crl", "garbage");
        assertThat(provider.reload()).singleElement().satisfies(p -> assertThat(p.file())
                .isEqualTo(dir.resolve("intermediate.crl").toAbsolutePath()));
        refusal(authenticate(x509, LEAF, INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_REVOKED);
    }

    @Test
    void refusalsAreCachedToo() {
        Authenticator x509 = fixture.authenticator("trust.path", "ca.pem");
        assertThat(cached(refusal(authenticate(x509, SECOND_LEAF), FailureReason.CERTIFICATE_UNTRUSTED))).isFalse();
        assertThat(cached(refusal(authenticate(x509, SECOND_LEAF), FailureReason.CERTIFICATE_UNTRUSTED))).isTrue();
    }

    @Test
    void theChainAsPresentedIsTheKey() {
        Authenticator x509 = fixture.authenticator("trust.path", "ca.pem");
        refusal(authenticate(x509, LEAF), FailureReason.CERTIFICATE_UNTRUSTED);
        assertThat(cached(success(authenticate(x509, LEAF, INTERMEDIATE.certificate())))).isFalse();
    }

    @Test
    void aCachedSuccessNeverOutlivesTheLeaf() {
        X509Certificate shortLived = INTERMEDIATE.cert("CN=short")
                .validity(TestPki.NOW.minusSeconds(60), TestPki.NOW.plusSeconds(10)).certificate();
        Authenticator x509 = fixture.authenticator("trust.path", "ca.pem", "cache.expiry", "1h");
        success(authenticate(x509, shortLived, INTERMEDIATE.certificate()));
        assertThat(cached(success(authenticate(x509, shortLived, INTERMEDIATE.certificate())))).isTrue();
        fixture.clock.advance(Duration.ofSeconds(11));
        refusal(authenticate(x509, shortLived, INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_EXPIRED);
    }

    @Test
    void aCachedNotYetValidRefusalEndsAtNotBefore() {
        X509Certificate early = INTERMEDIATE.cert("CN=early")
                .validity(TestPki.NOW.plusSeconds(10), TestPki.NOW.plus(Duration.ofDays(1))).certificate();
        Authenticator x509 = fixture.authenticator("trust.path", "ca.pem");
        refusal(authenticate(x509, early, INTERMEDIATE.certificate()), FailureReason.CERTIFICATE_NOT_YET_VALID);
        assertThat(cached(authenticate(x509, early, INTERMEDIATE.certificate()))).isTrue();
        fixture.clock.advance(Duration.ofSeconds(10));
        success(authenticate(x509, early, INTERMEDIATE.certificate()));
    }

    @Test
    void everyEntryExpiresAfterTheConfiguredExpiry() {
        Authenticator x509 = fixture.authenticator("trust.path", "ca.pem", "cache.expiry", "1m");
        success(authenticate(x509, LEAF, INTERMEDIATE.certificate()));
        fixture.clock.advance(Duration.ofSeconds(59));
        assertThat(cached(success(authenticate(x509, LEAF, INTERMEDIATE.certificate())))).isTrue();
        fixture.clock.advance(Duration.ofSeconds(2));
        assertThat(cached(success(authenticate(x509, LEAF, INTERMEDIATE.certificate())))).isFalse();
    }

    @Test
    void cacheSizeZeroTurnsTheCacheOff() {
        Authenticator x509 = fixture.authenticator("trust.path", "ca.pem", "cache.size", "0");
        success(authenticate(x509, LEAF, INTERMEDIATE.certificate()));
        assertThat(cached(success(authenticate(x509, LEAF, INTERMEDIATE.certificate())))).isFalse();
    }

    @Test
    void theCacheIsBounded() {
        ValidationCache cache = new ValidationCache(2, Duration.ofHours(1), Clock.systemUTC());
        TrustAnchors anchors = new TrustAnchors.Parser(dir, null, "k", "p").parse(
                java.util.Map.of(dir.resolve("ca.pem"), TestPki.pem(ROOT.certificate()).getBytes()));
        for (int i = 0; i < 20; i++) {
            X509Certificate c = INTERMEDIATE.cert("CN=n" + i).certificate();
            cache.put(ValidationCache.Key.of(List.of(c)), new Validation.Invalid(FailureReason.CERTIFICATE_UNTRUSTED,
                    "x"), anchors, Crls.NONE);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(2);
    }

    @Test
    void aValidationMadeAgainstOtherAnchorsIsNotServed() {
        ValidationCache cache = new ValidationCache(10, Duration.ofHours(1), Clock.systemUTC());
        TrustAnchors.Parser parser = new TrustAnchors.Parser(dir, null, "k", "p");
        java.util.Map<Path, byte[]> files = java.util.Map.of(dir.resolve("ca.pem"),
                TestPki.pem(ROOT.certificate()).getBytes());
        TrustAnchors before = parser.parse(files);
        TrustAnchors after = parser.parse(files);
        ValidationCache.Key key = ValidationCache.Key.of(List.of(LEAF));
        Validation v = new Validation.Invalid(FailureReason.CERTIFICATE_UNTRUSTED, "x");
        cache.put(key, v, before, Crls.NONE);
        assertThat(cache.get(key, before, Crls.NONE)).isEqualTo(v);
        assertThat(cache.get(key, after, Crls.NONE)).isNull();
    }

    @Test
    void watchingPicksUpANewAnchorFileInTheTrustFolder() throws Exception {
        fixture.write("cas/root.pem", TestPki.pem(ROOT.certificate()));
        Authenticator x509 = fixture.authenticator("trust.path", "cas", "reload", "watch");
        refusal(authenticate(x509, SECOND_LEAF), FailureReason.CERTIFICATE_UNTRUSTED);
        Path staging = fixture.write("staging.tmp", TestPki.pem(SECOND_ROOT.certificate()));
        Files.move(staging, dir.resolve("cas/second.pem"));
        awaitTrue(() -> authenticate(x509, SECOND_LEAF) instanceof AuthenticationResult.Success);
    }

    /** Waits for a background reload; generous timeout, no timing assertion. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
