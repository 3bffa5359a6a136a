package io.mqttauth.x509;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jakarta.annotation.Nullable;

/**
 * Remembers validations, successful and failed, keyed by the SHA-256 fingerprints of the presented chain, so that a
 * reconnecting device costs a few hashes and a lookup. Bounded (least recently used out first); an entry lives at most
 * the configured expiry and never past its {@link Validation#validUntil()} (the leaf's notAfter for a valid chain, the
 * notBefore for a chain not valid yet). An entry counts only for the trust anchors and CRLs it was computed from, so a
 * validation that raced with a reload is never served; reloads also clear the cache.
 */
final class ValidationCache {

    /** The fingerprints of a presented chain, in order. */
    static final class Key {
        private final byte[] digests;
        private final int hash;

        Key(byte[] digests) {
            this.digests = digests;
            this.hash = Arrays.hashCode(digests);
        }

        /** The key of a presented chain. @throws IllegalArgumentException if a certificate cannot be encoded */
        static Key of(List<X509Certificate> chain) {
            byte[] digests = new byte[32 * chain.size()];
            for (int i = 0; i < chain.size(); i++) {
                System.arraycopy(CertificateFacts.sha256(CertificateFacts.der(chain.get(i))), 0, digests, 32 * i, 32);
            }
            return new Key(digests);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && Arrays.equals(digests, k.digests);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record Entry(Validation validation, TrustAnchors anchors, Crls crls) {
    }

    private final Cache<Key, Entry> cache;

    /**
     * @param maximumSize the most validations kept
     * @param expiry how long a validation is kept at most
     * @param clock the provider's clock
     */
    ValidationCache(long maximumSize, Duration expiry, Clock clock) {
        long expiryNanos = expiry.toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(new Expiry<Key, Entry>() {
                    @Override
                    public long expireAfterCreate(Key key, Entry entry, long currentTime) {
                        Instant until = entry.validation().validUntil();
                        if (until.equals(Instant.MAX)) {
                            return expiryNanos;
                        }
                        long left = TimeUnit.MILLISECONDS.toNanos(Math.max(0, until.toEpochMilli()
                                - TimeUnit.NANOSECONDS.toMillis(currentTime)));
                        return Math.min(expiryNanos, left);
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Entry entry, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, entry, currentTime);
                    }

                    @Override
                    public long expireAfterRead(Key key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    /** The validation of the chain against exactly these anchors and CRLs, if cached. */
    @Nullable Validation get(Key key, TrustAnchors anchors, Crls crls) {
        Entry e = cache.getIfPresent(key);
        return e != null && e.anchors() == anchors && e.crls() == crls ? e.validation() : null;
    }

    /** Remembers a validation made against these anchors and CRLs. */
    void put(Key key, Validation validation, TrustAnchors anchors, Crls crls) {
        cache.put(key, new Entry(validation, anchors, crls));
    }

    /** Forgets every validation (after a reload of anchors or CRLs). */
    void clear() {
        cache.invalidateAll();
    }

    /** The number of cached validations (for tests). */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
