package io.mqttauth.passwordfile;

import static io.mqttauth.passwordfile.Fixtures.accepted;
import static io.mqttauth.passwordfile.Fixtures.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ReloadPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional verification cache: hits skip the hash, and it never outlives a changed line or its expiry. */
class VerificationCacheTest {

    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static String line(String user, String password) {
        return user + ":" + PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2,
                password.getBytes(StandardCharsets.UTF_8), 101) + "\n";
    }

    @Test
    void secondSuccessIsServedFromTheCacheAndFailuresAreNeverCached() {
        RecordingKdf kdf = new RecordingKdf();
        Path file = Fixtures.write(dir, "passwd", line("alice", "pw"));
        try (PasswordFileProvider p = Fixtures.provider(file, kdf, "cache", "on")) {
            assertThat(p.authenticate(connect("alice", "pw")).detail()).endsWith("; password matches");
            assertThat(p.authenticate(connect("alice", "pw")).detail()).endsWith("(cached verification)");
            assertThat(kdf.calls).hasSize(1);
            assertThat(accepted(p.authenticate(connect("alice", "wrong")))).isFalse();
            assertThat(accepted(p.authenticate(connect("alice", "wrong")))).isFalse();
            assertThat(kdf.calls).hasSize(3);
        }
    }

    @Test
    void changedLineDropsTheCachedVerificationOnReload() throws Exception {
        RecordingKdf kdf = new RecordingKdf();
        Path file = Fixtures.write(dir, "passwd", line("alice", "old") + line("bob", "b"));
        try (PasswordFileProvider p = Fixtures.provider(file, kdf, "cache", "on")) {
            assertThat(accepted(p.authenticate(connect("alice", "old")))).isTrue();
            assertThat(accepted(p.authenticate(connect("bob", "b")))).isTrue();
            String bobLine = Files.readAllLines(file).get(1);
            Files.writeString(file, "# moved\n" + line("alice", "new") + bobLine + "\n");
            assertThat(p.reload()).isEmpty();
            assertThat(accepted(p.authenticate(connect("alice", "old")))).isFalse();
            int before = kdf.calls.size();
            assertThat(p.authenticate(connect("bob", "b")).detail()).as("bob's line only moved")
                    .endsWith("(cached verification)");
            assertThat(kdf.calls).hasSize(before);
        }
    }

    @Test
    void aReloadDropsTheCachedChecksOfUsersWhoseLineChangedOrWhoAreGone() throws Exception {
        VerificationCache<PasswordTable.Entry> cache = new VerificationCache<>(100, Duration.ofMinutes(5),
                Clock.systemUTC(), PasswordTable.Entry::sameCredential);
        Path file = Fixtures.write(dir, "passwd", line("alice", "a") + line("bob", "b") + line("carol", "c"));
        try (PasswordFileProvider p = new PasswordFileProvider(file, false, WorkLimits.DEFAULT, ReloadPolicy.OFF,
                cache, ProviderContext.of("password-file", Map.of(), dir), new RecordingKdf())) {
            for (String user : new String[] {"alice", "bob", "carol"}) {
                assertThat(accepted(p.authenticate(connect(user, user.substring(0, 1))))).isTrue();
            }
            assertThat(cache.size()).isEqualTo(3);
            String bobLine = Files.readAllLines(file).get(1);
            Files.writeString(file, line("alice", "a2") + bobLine + "\n");
            assertThat(p.reload()).isEmpty();
            assertThat(cache.size()).as("only bob's check is left: alice's line changed, carol is gone")
                    .isEqualTo(1);
            assertThat(p.authenticate(connect("bob", "b")).detail()).endsWith("(cached verification)");
        }
    }

    @Test
    void invalidateAllDropsEveryCheck() {
        VerificationCache<String> cache = new VerificationCache<>(10, Duration.ofMinutes(5), Clock.systemUTC(),
                String::equals);
        byte[] pw = "pw".getBytes(StandardCharsets.UTF_8);
        cache.put("alice", pw, "hash-a");
        cache.put("bob", pw, "hash-b");
        assertThat(cache.verified("alice", pw, "hash-a")).isTrue();
        cache.invalidateAll();
        assertThat(cache.verified("alice", pw, "hash-a")).isFalse();
        assertThat(cache.verified("bob", pw, "hash-b")).isFalse();
        assertThat(cache.size()).isZero();
    }

    @Test
    void cachedVerificationExpires() {
        RecordingKdf kdf = new RecordingKdf();
        ManualClock clock = new ManualClock();
        Path file = Fixtures.write(dir, "passwd", line("alice", "pw"));
        try (PasswordFileProvider p = Fixtures.provider(file, kdf, clock, "cache", "on", "cache.expiry", "1m")) {
            p.authenticate(connect("alice", "pw"));
            clock.now = clock.now.plus(Duration.ofSeconds(59));
            p.authenticate(connect("alice", "pw"));
            assertThat(kdf.calls).hasSize(1);
            clock.now = clock.now.plus(Duration.ofSeconds(2));
            assertThat(p.authenticate(connect("alice", "pw")).detail()).endsWith("; password matches");
            assertThat(kdf.calls).hasSize(2);
        }
    }

    @Test
    void cacheIsBounded() {
        VerificationCache<PasswordTable.Entry> cache = new VerificationCache<>(2, Duration.ofMinutes(5),
                Clock.systemUTC(), PasswordTable.Entry::sameCredential);
        PasswordTable.Entry e = new PasswordTable.Entry(1, HashParams.of(HashKind.MOSQUITTO_SHA512), new byte[12],
                new byte[64]);
        for (int i = 0; i < 10; i++) {
            cache.put("user" + i, new byte[] {(byte) i}, e);
        }
        assertThat(cache.size()).isEqualTo(2);
    }
}
