package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.spi.AddressRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/**
 * {@link AddressRange} at its edges: prefixes of 0 and of the full address length, and a prefix that ends inside a
 * byte, where the network must be masked to its prefix before comparing.
 */
class AddressRangeEdgesTest {

    private static InetAddress ip(String text) throws UnknownHostException {
        return InetAddress.getByName(text);
    }

    private static AddressRange range(String text) {
        return AddressRange.parse(text).orElseThrow(() -> new AssertionError("not parsed: " + text));
    }

    @Test
    void aPrefixEndingInsideAByteComparesOnlyItsBits() throws UnknownHostException {
        AddressRange r = range("10.1.2.3/12");
        assertThat(r.prefixLength()).isEqualTo(12);
        assertThat(r.contains(ip("10.0.0.1"))).isTrue();
        assertThat(r.contains(ip("10.15.255.255"))).isTrue();
        assertThat(r.contains(ip("10.16.0.0"))).isFalse();
        assertThat(r.contains(ip("11.0.0.0"))).isFalse();
        assertThat(r).hasToString("10.1.2.3/12");
    }

    @Test
    void anIpv6PrefixEndingInsideAByteComparesOnlyItsBits() throws UnknownHostException {
        AddressRange r = range("2001:db8:ffff::/36");
        assertThat(r.contains(ip("2001:db8:f000::1"))).isTrue();
        assertThat(r.contains(ip("2001:db8:e000::1"))).isFalse();
        assertThat(r.contains(ip("10.0.0.1"))).as("IPv4 never matches an IPv6 range").isFalse();
    }

    @Test
    void prefixesFromZeroToTheFullLengthAreValid() throws UnknownHostException {
        assertThat(range("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(range("203.0.113.9/32").contains(ip("203.0.113.9"))).isTrue();
        assertThat(range("203.0.113.9/32").contains(ip("203.0.113.8"))).isFalse();
        assertThat(range("::/128").prefixLength()).isEqualTo(128);
        assertThat(range("203.0.113.9").prefixLength()).isEqualTo(32);
        assertThat(AddressRange.parse("203.0.113.9/33")).isEmpty();
        assertThat(AddressRange.parse("::/129")).isEmpty();
        assertThat(AddressRange.parse("203.0.113.9/-1")).isEmpty();
    }
}
