package io.mqttauth.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IP address or CIDR range such as {@code 192.0.2.7}, {@code 10.0.0.0/8} or {@code 2001:db8::/32}, for ban lists
 * and address rules. Immutable; matching allocates nothing.
 */
public final class AddressRange {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private AddressRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses an IPv4 or IPv6 literal with an optional {@code /prefix}. Host names and IPv6 zone ids are refused (no DNS
     * look-ups).
     *
     * @return the range, or empty if {@code text} is not an address or CIDR range
     */
    public static Optional<AddressRange> parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        // Only literals reach InetAddress: anything else would be looked up in DNS.
        boolean literal = address.indexOf(':') >= 0
                ? address.matches("[0-9A-Fa-f:][0-9A-Fa-f:.]*")
                : address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!literal) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            int bits = bytes.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                prefix = Integer.parseInt(t.substring(slash + 1));
                if (prefix < 0 || prefix > bits) {
                    return Optional.empty();
                }
            }
            return Optional.of(new AddressRange(mask(bytes, prefix), prefix, t));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether the address lies in this range. IPv4 and IPv6 never match each other. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & m) == (network[full] & 0xFF);
    }

    /** The prefix length in bits. */
    public int prefixLength() {
        return prefixLength;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & ((0xFF << (8 - keep)) & 0xFF));
        }
        return out;
    }

    /** The range as written. */
    @Override
    public String toString() {
        return text;
    }
}
