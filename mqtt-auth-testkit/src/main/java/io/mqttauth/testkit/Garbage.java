package io.mqttauth.testkit;

import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Identity;
import io.mqttauth.MqttVersion;
import io.mqttauth.TlsFacts;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Hostile and odd input for the compatibility kits, from a seeded {@link Random} so that a failure can be replayed:
 * random bytes, huge values, empty values, U+0000, unpaired surrogates, wildcards and MQTT-invalid topics.
 */
final class Garbage {

    /** Strings a client or a rule file may bring: empty, huge, control characters, broken UTF-16, wildcards. */
    private static final List<String> ODD_STRINGS = List.of(
            "", " ", "\u0000", "a\u0000b", "\ud800", "x\udc00y", "#", "+", "/", "//", "a/#/b", "a+/b", "$SYS/#",
            "$SYS", "%u", "%c", "${cert_cn}", "../../etc/passwd", "\r\n", "\uFEFF", "\ud83d\ude00", "user:name",
            "null", "'; DROP TABLE users; --", "a".repeat(65_536), "é/ü/ß", "\u202e", "*", "?");

    private final Random random;

    Garbage(long seed) {
        this.random = new Random(seed);
    }

    /** A string: one of the odd ones or a random one of 0 to 300 characters (any UTF-16 code unit). */
    String string() {
        if (random.nextBoolean()) {
            return ODD_STRINGS.get(random.nextInt(ODD_STRINGS.size()));
        }
        int n = random.nextInt(300);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) (0x20 + random.nextInt(0x5F)));
        }
        return sb.toString();
    }

    /** A string or {@code null}. */
    String nullableString() {
        return random.nextInt(4) == 0 ? null : string();
    }

    /** Random bytes, sometimes none and sometimes 100,000 of them; or {@code null}. */
    byte[] bytes() {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return null;
        }
        int n = kind == 1 ? 0 : kind == 2 ? 100_000 : random.nextInt(300);
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** An address, IPv4 or IPv6, or {@code null}. */
    InetAddress address() {
        try {
            return switch (random.nextInt(3)) {
                case 0 -> null;
                case 1 -> InetAddress.getByAddress(bytes(4));
                default -> InetAddress.getByAddress(bytes(16));
            };
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 and 16 bytes are valid addresses", e);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** A CONNECT with odd values everywhere; {@code username}, if not null, is used half of the time. */
    ConnectRequest request(String username) {
        return ConnectRequest.builder(string())
                .username(username != null && random.nextBoolean() ? username : nullableString())
                .password(bytes())
                .mqttVersion(MqttVersion.values()[random.nextInt(MqttVersion.values().length)])
                .remoteAddress(address())
                .listener(nullableString())
                .tls(random.nextInt(3) == 0 ? TlsFacts.withoutClientCertificate(nullableString(), nullableString(),
                        nullableString()) : null)
                .authentication(nullableString(), bytes())
                .build();
    }

    /** An identity with odd names, user name, client id, roles and attributes. */
    Identity identity() {
        Identity.Builder b = Identity.builder(string(), string())
                .username(nullableString())
                .remoteAddress(address())
                .superuser(random.nextInt(8) == 0)
                .roles(random.nextBoolean() ? Set.of() : Set.of(string()));
        if (random.nextBoolean()) {
            b.attribute(Identity.CERT_CN, string());
        }
        return b.build();
    }

    /** An action of a random type, with an odd topic, random QoS and retain flag. */
    Action action() {
        Action.Type type = Action.Type.values()[random.nextInt(Action.Type.values().length)];
        return new Action(type, string(), random.nextInt(3), type != Action.Type.SUBSCRIBE && random.nextBoolean());
    }

    /** Topic names that are not valid MQTT (for PUBLISH and RECEIVE). */
    static List<String> invalidTopicNames() {
        return List.of("", "a/#", "+", "a/+/b", "#", "a\u0000b", "a/\ud800", "x".repeat(65_536));
    }

    /** Topic filters that are not valid MQTT (for SUBSCRIBE). */
    static List<String> invalidFilters() {
        return List.of("", "a/#/b", "a#", "+a", "a/b+", "##", "a\u0000", "\udc00", "y".repeat(65_536));
    }

    /** A list of {@code n} values from {@code next}. */
    static <T> List<T> many(int n, java.util.function.Supplier<T> next) {
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(next.get());
        }
        return list;
    }
}
