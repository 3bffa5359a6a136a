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

    @Test
    void plainComparesTheSaltedTextItself() {
        assertThat(SaltedDigests.matches(Digest.PLAIN, "spw", b("pw"), "s", SaltPosition.PREFIX)).contains(true);
        assertThat(SaltedDigests.matches(Digest.PLAIN, "pws", b("pw"), "s", SaltPosition.PREFIX)).contains(false);
        assertThat(SaltedDigests.matches(Digest.PLAIN, "pw", b("pw"), "s", SaltPosition.DISABLE)).contains(true);
    }

    @Test
    void disableIgnoresTheSaltAndSuffixAppendsIt() {
        // printf 'password' | md5sum; printf 'passwordsalt' | md5sum
        assertThat(SaltedDigests.matches(Digest.MD5, "5f4dcc3b5aa765d61d8327deb882cf99", b("password"), "salt",
                SaltPosition.DISABLE)).contains(true);
        assertThat(SaltedDigests.hash(Digest.MD5, b("password"), "salt", SaltPosition.SUFFIX))
                .isEqualTo("b305cadbb3bce54f3aa59c64fec00dea");
    }

    @Test
    void namesAreReadWithoutCaseOrSurroundingSpace() {
        assertThat(SaltPosition.fromName(" Suffix ")).contains(SaltPosition.SUFFIX);
        assertThat(SaltPosition.fromName("middle")).isEmpty();
        assertThat(SaltPosition.DISABLE.configName()).isEqualTo("disable");
        assertThat(Digest.fromName(" SHA512 ")).contains(Digest.SHA512);
        assertThat(Digest.fromName("sha3")).isEmpty();
        assertThat(Digest.SHA.configName()).isEqualTo("sha");
    }
}
