package io.mqttauth.passwordfile;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers successful verifications so that a reconnect storm costs an HMAC and a lookup instead of a key derivation.
 * Keyed by user name and an HMAC-SHA256 of the password under a random key made for this process (the password is
 * never stored); each entry also holds the stored credential it was verified against, and a hit counts only if the
 * user's current credential is still that one. Bounded and expiring.
 */
final class VerificationCache {

    private record Key(String username, long h0, long h1, long h2, long h3) {
    }

    private final Cache<Key, PasswordTable.Entry> cache;
    private final ThreadLocal<Mac> mac;

    VerificationCache(long maximumSize, Duration expiry, Clock clock) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(expiry)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
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

    /** Whether {@code password} was verified for {@code username} against the credential {@code current}. */
    boolean verified(String username, byte[] password, PasswordTable.Entry current) {
        PasswordTable.Entry cached = cache.getIfPresent(key(username, password));
        return cached != null && cached.sameCredential(current);
    }

    /** Records a successful verification. */
    void put(String username, byte[] password, PasswordTable.Entry verifiedAgainst) {
        cache.put(key(username, password), verifiedAgainst);
    }

    /** Drops the entries of users whose credential differs in {@code now} (changed or removed). */
    void dropChanged(PasswordTable now) {
        cache.asMap().entrySet().removeIf(e -> {
            PasswordTable.Entry current = now.find(e.getKey().username().getBytes(StandardCharsets.UTF_8));
            return current == null || !current.sameCredential(e.getValue());
        });
    }

    /** The number of cached verifications (for tests). */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private Key key(String username, byte[] password) {
        ByteBuffer h = ByteBuffer.wrap(mac.get().doFinal(password));
        return new Key(username, h.getLong(), h.getLong(), h.getLong(), h.getLong());
    }
}
