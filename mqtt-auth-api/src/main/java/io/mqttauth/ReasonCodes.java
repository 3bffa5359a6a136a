package io.mqttauth;

/**
 * The pair of codes a broker sends for one refusal: the MQTT 3.1.1 return code and the MQTT 5 reason code.
 *
 * <p>For connect refusals, {@code mqtt3} is a CONNACK return code (1-5) and {@code mqtt5} a CONNACK reason code.
 * For authorization refusals, {@code mqtt5} is the PUBACK/SUBACK reason code and {@code mqtt3} is the SUBACK return
 * code {@code 0x80} (MQTT 3.1.1 has no way to refuse a PUBLISH other than dropping it).
 *
 * @param mqtt3 the MQTT 3.1.1 code
 * @param mqtt5 the MQTT 5 code
 */
public record ReasonCodes(int mqtt3, int mqtt5) {

    /** The MQTT 3.1.1 SUBACK return code for a refused subscription. */
    public static final int MQTT3_SUBACK_FAILURE = 0x80;

    /** Checks that both codes fit in a byte. */
    public ReasonCodes {
        if (mqtt3 < 0 || mqtt3 > 0xFF || mqtt5 < 0 || mqtt5 > 0xFF) {
            throw new IllegalArgumentException("reason codes must be 0..255: " + mqtt3 + ", " + mqtt5);
        }
    }

    /** The codes of a CONNACK refusal with the given MQTT 5 reason code; the 3.1.1 code comes from {@link #mqtt3ConnackCode}. */
    public static ReasonCodes connack(int mqtt5) {
        return new ReasonCodes(mqtt3ConnackCode(mqtt5), mqtt5);
    }

    /** The codes of an authorization refusal with the given MQTT 5 PUBACK/SUBACK reason code. */
    public static ReasonCodes ack(int mqtt5) {
        return new ReasonCodes(MQTT3_SUBACK_FAILURE, mqtt5);
    }

    /**
     * The MQTT 3.1.1 CONNACK return code for an MQTT 5 CONNACK reason code. The one table used everywhere:
     * <pre>
     * 0x84 unsupported protocol version   -> 1 unacceptable protocol version
     * 0x85 client identifier not valid    -> 2 identifier rejected
     * 0x88 server unavailable, 0x89 server busy, 0x9F connection rate exceeded,
     * 0x80 unspecified error, 0x83 implementation specific error -> 3 server unavailable
     * 0x86 bad user name or password      -> 4 bad user name or password
     * 0x87 not authorized, 0x8A banned, 0x8C bad authentication method, and every other code
     *                                     -> 5 not authorized
     * </pre>
     */
    public static int mqtt3ConnackCode(int mqtt5) {
        return switch (mqtt5) {
            case 0x00 -> 0;
            case 0x84 -> 1;
            case 0x85 -> 2;
            case 0x80, 0x83, 0x88, 0x89, 0x9F -> 3;
            case 0x86 -> 4;
            default -> 5;
        };
    }

    /** Formats as {@code MQTT 3.1.1: 5, MQTT 5: 0x87}. */
    @Override
    public String toString() {
        return "MQTT 3.1.1: " + hex(mqtt3) + ", MQTT 5: " + hex(mqtt5);
    }

    private static String hex(int code) {
        return code < 10 ? Integer.toString(code) : String.format("0x%02X", code);
    }
}
