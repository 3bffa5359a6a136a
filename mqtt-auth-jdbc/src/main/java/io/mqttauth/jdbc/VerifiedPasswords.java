package io.mqttauth.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers successful checks of slow hashes (bcrypt, {@code $7$}, argon2id, PBKDF2), so that a cached user's reconnect
 * costs an HMAC instead of a key derivation and is decided on the broker's thread. Keyed by user name and an
 * HMAC-SHA256 of the password under a random key made for this process (the password is never stored); a hit counts
 * only if the user's stored hash is still the one checked.
 */
final class VerifiedPasswords {

    private record Key(String username, long h0, long h1, long h2, long h3) {
    }

    private final Cache<Key, String> cache;
    private final ThreadLocal<Mac> mac;

    VerifiedPasswords(long maximumSize, Duration expiry, Clock clock) {
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

    /** Whether {@code password} was checked for {@code username} against the stored hash {@code hash}. */
    boolean verified(String username, byte[] password, String hash) {
        String checked = cache.getIfPresent(key(username, password));
        return hash.equals(checked);
    }

    /** Records a successful check. */
    void put(String username, byte[] password, String hash) {
        cache.put(key(username, password), hash);
    }

    /** Forgets one user's checks. */
    void invalidate(String username) {
        cache.asMap().keySet().removeIf(k -> k.username().equals(username));
    }

    /** Forgets every check. */
    void invalidateAll() {
        cache.invalidateAll();
    }

    private Key key(String username, byte[] password) {
        ByteBuffer h = ByteBuffer.wrap(mac.get().doFinal(password));
        return new Key(username, h.getLong(), h.getLong(), h.getLong(), h.getLong());
    }
}
