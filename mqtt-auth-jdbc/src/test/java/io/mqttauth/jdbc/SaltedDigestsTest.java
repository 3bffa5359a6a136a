package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.jdbc.SaltedDigests.Digest;
import io.mqttauth.jdbc.SaltedDigests.SaltPosition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** EMQX's salted digests, with vectors computed by sha256sum/md5sum. */
class SaltedDigestsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void emqxDocumentedExampleRow() {
        // printf 'publicslat_foo123' | sha256sum
        String stored = SaltedDigests.hash(Digest.SHA256, b("public"), "slat_foo123", SaltPosition.SUFFIX);
        assertThat(stored).isEqualTo("44edc2d57cde8d79c98145003e105b90a14f1460b79186ea9cfe83942fc5abb5");
        assertThat(SaltedDigests.matches(Digest.SHA256, stored.toUpperCase(), b("public"), "slat_foo123",
                SaltPosition.SUFFIX)).contains(true);
        assertThat(SaltedDigests.matches(Digest.SHA256, stored, b("public"), "slat_foo123", SaltPosition.PREFIX))
                .contains(false);
    }

    @Test
    void md5WithoutSaltIsTheKnownVector() {
        // printf 'password' | md5sum
        assertThat(SaltedDigests.hash(Digest.MD5, b("password"), "ignored", SaltPosition.DISABLE))
                .isEqualTo("5f4dcc3b5aa765d61d8327deb882cf99");
        assertThat(SaltedDigests.hash(Digest.PLAIN, b("pw"), "s", SaltPosition.PREFIX)).isEqualTo("spw");
    }

    @Test
    void aStoredValueThatIsNotADigestIsNoMatchAtAll() {
        assertThat(SaltedDigests.matches(Digest.SHA256, "zz", b("pw"), "", SaltPosition.DISABLE)).isEmpty();
        assertThat(SaltedDigests.matches(Digest.SHA256, "abcd", b("pw"), "", SaltPosition.DISABLE)).isEmpty();
    }
}
