package io.mqttauth.passwordfile;

import java.util.Arrays;

/**
 * Strict base64 decoding of a byte range, without allocation: the standard alphabet with mandatory padding (as
 * Mosquitto's OpenSSL decoder requires), the standard alphabet without padding (PHC strings), and bcrypt's alphabet.
 */
final class Base64Text {

    /** The standard alphabet {@code A-Z a-z 0-9 + /}. */
    static final byte[] STANDARD = alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    /** bcrypt's alphabet {@code . / A-Z a-z 0-9}. */
    static final byte[] BCRYPT = alphabet("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private Base64Text() {
    }

    /** Each byte's value (indexed by the byte as unsigned), -1 for bytes outside the alphabet. */
    private static byte[] alphabet(String chars) {
        byte[] values = new byte[256];
        Arrays.fill(values, (byte) -1);
        for (int i = 0; i < chars.length(); i++) {
            values[chars.charAt(i)] = (byte) i;
        }
        return values;
    }

    /**
     * Decodes {@code src[from, to)} into {@code dst} from index 0.
     *
     * @param padded true: the length must be a multiple of 4 with {@code =} padding; false: no {@code =} allowed
     * @return the number of bytes written, {@link #TOO_LONG} if the text is longer than {@code dst} can take, or -1 if
     *     it is not valid
     */
    /** What {@link #decode} returns for text that decodes to more bytes than the buffer holds. */
    static final int TOO_LONG = -2;

    static int decode(byte[] src, int from, int to, byte[] values, boolean padded, byte[] dst) {
        int len = to - from;
        if (padded) {
            if (len % 4 != 0) {
                return -1;
            }
            if (len > 0 && src[to - 1] == '=') {
                to--;
                if (src[to - 1] == '=') {
                    to--;
                }
            }
            len = to - from;
        }
        if (len % 4 == 1) {
            return -1;
        }
        int out = len / 4 * 3 + Math.max(0, len % 4 - 1);
        if (out > dst.length) {
            return TOO_LONG;
        }
        int bits = 0;
        int buffered = 0;
        int o = 0;
        for (int i = from; i < to; i++) {
            int v = values[src[i] & 0xFF];
            if (v < 0) {
                return -1;
            }
            bits = (bits << 6) | v;
            buffered += 6;
            if (buffered >= 8) {
                buffered -= 8;
                dst[o++] = (byte) (bits >> buffered);
            }
        }
        return o;
    }
}
