package io.mqttauth.cli;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The few MQTT 3.1.1 and 5 packets {@code doctor} sends and reads, built and parsed by hand so that every byte the
 * server answers can be seen: a CONNACK, but also an HTTP response, a TLS record or a closed connection.
 */
final class MqttWire {

    /** Packet types (the high nibble of the first byte) of the packets read after the CONNACK. */
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int SUBACK = 9;
    static final int DISCONNECT = 14;

    private static final int REASON_STRING = 0x1F;

    private MqttWire() {
    }

    /** A packet read from the server: its type, the flags of its first byte and its body. */
    record Packet(int type, int flags, byte[] body) {
    }

    /** The CONNECT of {@code version} (4 for MQTT 3.1.1, 5 for MQTT 5), clean start, keep-alive 30 s, no will. */
    static byte[] connect(int version, String clientId, String username, byte[] password) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        string(v, "MQTT");
        v.write(version);
        int flags = 0x02;
        if (username != null) {
            flags |= 0x80;
        }
        if (password != null) {
            flags |= 0x40;
        }
        v.write(flags);
        v.write(0);
        v.write(30);
        if (version == 5) {
            v.write(0);
        }
        string(v, clientId);
        if (username != null) {
            string(v, username);
        }
        if (password != null) {
            binary(v, password);
        }
        return packet(0x10, v.toByteArray());
    }

    /** A SUBSCRIBE for {@code filter} at QoS 1; for MQTT 5 without retained messages, so only new messages arrive. */
    static byte[] subscribe(int version, int packetId, String filter) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(packetId >> 8);
        v.write(packetId & 0xFF);
        if (version == 5) {
            v.write(0);
        }
        string(v, filter);
        v.write(version == 5 ? 0x21 : 0x01);
        return packet(0x82, v.toByteArray());
    }

    /** A PUBLISH at QoS 1, not retained. */
    static byte[] publish(int version, int packetId, String topic, byte[] payload) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        string(v, topic);
        v.write(packetId >> 8);
        v.write(packetId & 0xFF);
        if (version == 5) {
            v.write(0);
        }
        v.writeBytes(payload);
        return packet(0x32, v.toByteArray());
    }

    /** A PUBACK for an incoming QoS 1 message. */
    static byte[] puback(int packetId) {
        return new byte[] {0x40, 2, (byte) (packetId >> 8), (byte) packetId};
    }

    /** A DISCONNECT, normal disconnection. */
    static byte[] disconnect() {
        return new byte[] {(byte) 0xE0, 0};
    }

    /** Writes {@code packet} and flushes. */
    static void send(OutputStream out, byte[] packet) throws IOException {
        out.write(packet);
        out.flush();
    }

    /**
     * Reads one packet.
     *
     * @throws EOFException if the server closed the connection
     */
    static Packet read(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("closed");
        }
        return readAfter(first, in);
    }

    /** Reads the rest of a packet whose first byte is {@code first}. */
    static Packet readAfter(int first, InputStream in) throws IOException {
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed");
            }
            if (shift > 21) {
                throw new IOException("malformed remaining length");
            }
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return new Packet(first >> 4, first & 0x0F, in.readNBytes(length));
    }

    /** The packet id of a PUBACK or SUBACK body. */
    static int packetId(byte[] body) {
        return body.length < 2 ? -1 : (body[0] & 0xFF) << 8 | body[1] & 0xFF;
    }

    /**
     * The reason string among the MQTT 5 properties starting at {@code offset} of {@code body} (after a CONNACK's or
     * PUBACK's reason code, a SUBACK's packet id), or {@code null}: none, or properties that do not parse.
     */
    static String reasonString(byte[] body, int offset) {
        if (offset >= body.length) {
            return null;
        }
        int[] at = {offset};
        int length = varint(body, at);
        int end = at[0] + length;
        if (length < 0 || end > body.length) {
            return null;
        }
        int i = at[0];
        while (i < end) {
            int id = body[i++] & 0xFF;
            int size = propertySize(id, body, i);
            if (size < 0 || i + size > end) {
                return null;
            }
            if (id == REASON_STRING && size >= 2) {
                return new String(body, i + 2, size - 2, StandardCharsets.UTF_8);
            }
            i += size;
        }
        return null;
    }

    /** The SUBACK's reason codes (after the packet id and, for MQTT 5, the properties), one per filter. */
    static List<Integer> subackCodes(int version, byte[] body) {
        int[] at = {2};
        if (version == 5) {
            int length = varint(body, at);
            at[0] += Math.max(length, 0);
        }
        List<Integer> codes = new ArrayList<>();
        for (int i = at[0]; i < body.length; i++) {
            codes.add(body[i] & 0xFF);
        }
        return codes;
    }

    /** An incoming PUBLISH's payload, or an empty array when the body does not parse. */
    static byte[] publishPayload(int version, int flags, byte[] body) {
        if (body.length < 2) {
            return new byte[0];
        }
        int i = 2 + ((body[0] & 0xFF) << 8 | body[1] & 0xFF);
        if ((flags & 0x06) != 0) {
            i += 2;
        }
        if (version == 5) {
            int[] at = {i};
            int length = varint(body, at);
            i = at[0] + Math.max(length, 0);
        }
        return i > body.length ? new byte[0] : Arrays.copyOfRange(body, i, body.length);
    }

    /** An incoming QoS 1 or 2 PUBLISH's packet id, or -1 for QoS 0. */
    static int publishPacketId(int flags, byte[] body) {
        if ((flags & 0x06) == 0 || body.length < 2) {
            return -1;
        }
        int i = 2 + ((body[0] & 0xFF) << 8 | body[1] & 0xFF);
        return i + 2 > body.length ? -1 : (body[i] & 0xFF) << 8 | body[i + 1] & 0xFF;
    }

    private static int propertySize(int id, byte[] body, int i) {
        return switch (id) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> 1;
            case 0x13, 0x21, 0x22, 0x23 -> 2;
            case 0x02, 0x11, 0x18, 0x27 -> 4;
            case 0x0B -> {
                int[] at = {i};
                varint(body, at);
                yield at[0] - i;
            }
            case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> i + 2 > body.length ? -1
                    : 2 + ((body[i] & 0xFF) << 8 | body[i + 1] & 0xFF);
            case 0x26 -> {
                if (i + 2 > body.length) {
                    yield -1;
                }
                int key = 2 + ((body[i] & 0xFF) << 8 | body[i + 1] & 0xFF);
                int j = i + key;
                yield j + 2 > body.length ? -1 : key + 2 + ((body[j] & 0xFF) << 8 | body[j + 1] & 0xFF);
            }
            default -> -1;
        };
    }

    private static int varint(byte[] body, int[] at) {
        int value = 0;
        for (int shift = 0; shift <= 21; shift += 7) {
            if (at[0] >= body.length) {
                return -1;
            }
            int b = body[at[0]++] & 0xFF;
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        return -1;
    }

    private static byte[] packet(int first, byte[] body) {
        ByteArrayOutputStream p = new ByteArrayOutputStream(body.length + 5);
        p.write(first);
        int length = body.length;
        do {
            int b = length & 0x7F;
            length >>>= 7;
            p.write(length > 0 ? b | 0x80 : b);
        } while (length > 0);
        p.writeBytes(body);
        return p.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        binary(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void binary(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }
}
