package io.mqttauth.acl;

import io.mqttauth.Identity;
import jakarta.annotation.Nullable;

/**
 * Substitutes the client's values into rule topics: {@code %c} and {@code %u} in both formats (Mosquitto's text
 * splice), and {@code ${clientid}}, {@code ${username}}, {@code ${cert_cn}} in the extended format. A {@code %}
 * followed by anything else is kept literally, as Mosquitto does.
 */
final class Placeholders {

    /** What a substitution produced. */
    sealed interface Outcome {
    }

    /** The substituted topic. */
    record Topic(String topic) implements Outcome {
    }

    /** The client lacks a value the topic needs (no user name, no certificate): the rule does not apply. */
    record Absent() implements Outcome {
    }

    /** The value cannot be put into a topic safely; the rule denies every topic instead. */
    record Unsafe(String placeholder, String why) implements Outcome {
    }

    private static final Absent ABSENT = new Absent();

    private Placeholders() {
    }

    /** Whether the extended-format topic holds any placeholder. */
    static boolean has(String topic) {
        return topic.contains("%c") || topic.contains("%u") || topic.contains("${");
    }

    /** A problem with the extended-format topic's placeholders, or {@code null}. */
    static @Nullable String check(String topic) {
        int i = topic.indexOf("${");
        while (i >= 0) {
            int close = topic.indexOf('}', i);
            if (close < 0) {
                return "a placeholder without its closing brace in \"" + topic + "\"";
            }
            String name = topic.substring(i + 2, close);
            if (!name.equals("clientid") && !name.equals("username") && !name.equals("cert_cn")) {
                return "unknown placeholder ${" + name + "}";
            }
            i = topic.indexOf("${", close);
        }
        return null;
    }

    /** The topic with every placeholder replaced by a plain level text, to validate it at load time. */
    static String sample(String topic) {
        return splice(topic, "x", "x", "x", true);
    }

    /**
     * The value of {@code %u}: the authenticated name, or {@code null} for an anonymous client. Not the user name
     * sent in CONNECT, which a certificate or token login does not verify; for password logins the two are the same,
     * and Mosquitto's {@code use_identity_as_username} makes its {@code %u} the certificate's name likewise.
     */
    static @Nullable String username(Identity identity) {
        return identity.isAnonymous() ? null : identity.name();
    }

    /**
     * Mosquitto's substitution (security_default.c): {@code %c} becomes the client id and {@code %u} the user name,
     * spliced as text, so a value with '/' spans levels. A pattern with {@code %u} does not apply to a client without
     * a user name.
     */
    static Outcome mosquitto(String topic, String clientId, @Nullable String username) {
        if (username == null && topic.contains("%u")) {
            return ABSENT;
        }
        return new Topic(splice(topic, clientId, username, null, false));
    }

    /**
     * The extended format's substitution: values must be non-empty and free of '/', '+', '#' and U+0000, so that a
     * placeholder never spans or widens levels. A missing user name or certificate CN means the rule does not apply.
     */
    static Outcome extended(String topic, Identity identity) {
        String clientId = identity.clientId();
        String username = username(identity);
        String certCn = identity.attribute(Identity.CERT_CN).orElse(null);
        boolean usesUser = topic.contains("%u") || topic.contains("${username}");
        boolean usesClient = topic.contains("%c") || topic.contains("${clientid}");
        boolean usesCn = topic.contains("${cert_cn}");
        if (usesUser && username == null || usesCn && certCn == null) {
            return ABSENT;
        }
        if (usesClient && !safe(clientId)) {
            return new Unsafe("client id", why(clientId));
        }
        if (usesUser && !safe(username)) {
            return new Unsafe("user name", why(username));
        }
        if (usesCn && !safe(certCn)) {
            return new Unsafe("certificate CN", why(certCn));
        }
        return new Topic(splice(topic, clientId, username, certCn, true));
    }

    private static boolean safe(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c == 0) {
                return false;
            }
        }
        return true;
    }

    private static String why(String value) {
        return value.isEmpty() ? "it is empty" : "it contains '/', '+', '#' or U+0000";
    }

    private static String splice(String topic, String clientId, @Nullable String username, @Nullable String certCn,
            boolean extended) {
        StringBuilder sb = new StringBuilder(topic.length() + 16);
        int n = topic.length();
        for (int i = 0; i < n; i++) {
            char c = topic.charAt(i);
            if (c == '%' && i < n - 1) {
                char next = topic.charAt(i + 1);
                if (next == 'c') {
                    sb.append(clientId);
                    i++;
                    continue;
                }
                if (next == 'u' && username != null) {
                    sb.append(username);
                    i++;
                    continue;
                }
            }
            if (extended && c == '$' && topic.startsWith("${", i)) {
                int close = topic.indexOf('}', i);
                String name = topic.substring(i + 2, close);
                sb.append(name.equals("clientid") ? clientId : name.equals("username") ? username : certCn);
                i = close;
                continue;
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
