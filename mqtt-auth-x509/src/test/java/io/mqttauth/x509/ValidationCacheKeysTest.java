package io.mqttauth.x509;

import static io.mqttauth.x509.ValidationTest.INTERMEDIATE;
import static io.mqttauth.x509.ValidationTest.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.FailureReason;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validation cache's keys and bookkeeping: a key is equal exactly for the same chain (same certificates, same
 * order), a cached validation is counted and found, and {@link ValidationCache#clear()} forgets it.
 */
class ValidationCacheKeysTest {

    static final X509Certificate LEAF = INTERMEDIATE.cert("CN=sensor-11").certificate();
    static final X509Certificate OTHER = INTERMEDIATE.cert("CN=sensor-12").certificate();

    @TempDir
    Path dir;

    @Test
    void keysAreEqualExactlyForTheSameChain() {
        ValidationCache.Key key = ValidationCache.Key.of(List.of(LEAF, INTERMEDIATE.certificate()));
        ValidationCache.Key same = ValidationCache.Key.of(List.of(LEAF, INTERMEDIATE.certificate()));
        assertThat(key).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(key).isNotEqualTo(ValidationCache.Key.of(List.of(OTHER, INTERMEDIATE.certificate())));
        assertThat(key).isNotEqualTo(ValidationCache.Key.of(List.of(INTERMEDIATE.certificate(), LEAF)));
        assertThat(key).isNotEqualTo(ValidationCache.Key.of(List.of(LEAF)));
        assertThat(key.hashCode()).isNotEqualTo(ValidationCache.Key.of(List.of(LEAF)).hashCode());
        assertThat(key).isNotEqualTo("a chain");
    }

    @Test
    void aCachedValidationIsCountedFoundAndForgottenOnClear() {
        ValidationCache cache = new ValidationCache(10, Duration.ofHours(1), Clock.systemUTC());
        TrustAnchors anchors = new TrustAnchors.Parser(dir, null, "k", "p").parse(
                Map.of(dir.resolve("ca.pem"), TestPki.pem(ROOT.certificate()).getBytes()));
        ValidationCache.Key key = ValidationCache.Key.of(List.of(LEAF));
        Validation v = new Validation.Invalid(FailureReason.CERTIFICATE_UNTRUSTED, "x");
        assertThat(cache.size()).isZero();
        cache.put(key, v, anchors, Crls.NONE);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get(ValidationCache.Key.of(List.of(LEAF)), anchors, Crls.NONE)).isSameAs(v);
        assertThat(cache.get(key, anchors, Crls.NONE)).as("reading keeps the entry").isSameAs(v);
        cache.clear();
        assertThat(cache.size()).isZero();
        assertThat(cache.get(key, anchors, Crls.NONE)).isNull();
    }

    @Test
    void anExpiredValidationIsNoLongerCounted() {
        MutableClock clock = new MutableClock(TestPki.NOW);
        ValidationCache cache = new ValidationCache(10, Duration.ofMinutes(5), clock);
        TrustAnchors anchors = new TrustAnchors.Parser(dir, null, "k", "p").parse(
                Map.of(dir.resolve("ca.pem"), TestPki.pem(ROOT.certificate()).getBytes()));
        ValidationCache.Key key = ValidationCache.Key.of(List.of(LEAF));
        cache.put(key, new Validation.Invalid(FailureReason.CERTIFICATE_UNTRUSTED, "x"), anchors, Crls.NONE);
        assertThat(cache.size()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(cache.size()).isZero();
        assertThat(cache.get(key, anchors, Crls.NONE)).isNull();
    }
}
