package io.mqttauth.passwordfile;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers successful password checks, so that a reconnect storm costs an HMAC and a lookup instead of a key
 * derivation. Keyed by user name and an HMAC-SHA256 of the password under a random key made for this process (the
 * password is never stored); each entry also holds the stored credential it was checked against, and a hit counts only
 * if the user's current credential is still that one. Bounded and expiring; thread-safe. Public for the other
 * providers that check the hashes this module reads (the {@code jdbc} provider); not part of the stable API.
 *
 * @param <C> the stored credential a check is made against
 */
public final class VerificationCache<C> {

    private record Key(String username, long h0, long h1, long h2, long h3) {
    }

    private final Cache<Key, C> cache;
    private final ThreadLocal<Mac> mac;
    private final BiPredicate<? super C, ? super C> sameCredential;

    /**
     * @param sameCredential whether two stored credentials are the same (a cached check of the first then stands for
     *     the second)
     */
    public VerificationCache(long maximumSize, Duration expiry, Clock clock,
            BiPredicate<? super C, ? super C> sameCredential) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(expiry)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
        this.sameCredential = sameCredential;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
            }
        });
    }

    /** Whether {@code password} was checked for {@code username} against the credential {@code current}. */
    public boolean verified(String username, byte[] password, C current) {
        C cached = cache.getIfPresent(key(username, password));
        return cached != null && sameCredential.test(cached, current);
    }

    /** Records a successful check of {@code password} for {@code username} against {@code checkedAgainst}. */
    public void put(String username, byte[] password, C checkedAgainst) {
        cache.put(key(username, password), checkedAgainst);
    }

    /** Drops the checks for which {@code stale} holds, given the user name and the credential checked against. */
    public void removeIf(BiPredicate<String, ? super C> stale) {
        cache.asMap().entrySet().removeIf(e -> stale.test(e.getKey().username(), e.getValue()));
    }

    /** Drops every check. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** The number of cached checks (for tests). */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private Key key(String username, byte[] password) {
        ByteBuffer h = ByteBuffer.wrap(mac.get().doFinal(password));
        return new Key(username, h.getLong(), h.getLong(), h.getLong(), h.getLong());
    }
}
