package io.mqttauth.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link AddressRange}: IPv4/IPv6 addresses and CIDR ranges, never a DNS look-up. */
class AddressRangeTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(textBlock = """
            192.0.2.7,      192.0.2.7,     true
            192.0.2.7,      192.0.2.8,     false
            10.0.0.0/8,     10.255.1.2,    true
            10.0.0.0/8,     11.0.0.1,      false
            10.1.2.3/8,     10.9.9.9,      true
            172.16.0.0/12,  172.31.255.255, true
            172.16.0.0/12,  172.32.0.0,    false
            0.0.0.0/0,      203.0.113.1,   true
            0.0.0.0/0,      2001:db8::1,   false
            2001:db8::/32,  2001:db8:ffff::1, true
            2001:db8::/32,  2001:db9::1,   false
            ::1,            ::1,           true
            192.0.2.0/25,   192.0.2.127,   true
            192.0.2.0/25,   192.0.2.128,   false
            """)
    void contains(String range, String address, boolean expected) throws Exception {
        assertThat(AddressRange.parse(range).orElseThrow().contains(InetAddress.getByName(address)))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.org", "localhost", "g:1", ".:1", "1.2.3", "1.2.3.4/33", "::1/129",
            "10.0.0.0/x", "fe80::1%eth0", "1.2.3.4.5"})
    void notAnAddress(String text) {
        assertThat(AddressRange.parse(text)).isEmpty();
    }
}
