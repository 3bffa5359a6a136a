package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes {@link Topics} against a plain reference (split into levels, compare level by level), checks the laws that
 * tie {@code covers} and {@code intersects} to {@code matches}, and sends the same strings through
 * {@link MqttAuth#authorize}, which must refuse an invalid one with {@link FailureReason#INVALID_TOPIC} and never
 * throw. Run long: see docs/fuzzing.md.
 */
class TopicsFuzzTest {

    /** Characters that matter to topics, so that short inputs reach the interesting cases. */
    private static final char[] ALPHABET = {'a', 'b', '/', '/', '+', '#', '$', 'S', '\u0000', '\uD83D', '\uDE00',
            '\u00E9', 's', 'h', 'r', 'e'};

    private static final MqttAuth AUTH = MqttAuth.builder().allowUnmatched(true).build();
    private static final Identity CLIENT = Identity.builder("dev", ConnectRequest.builder("c").username("dev")
            .build()).build();

    @AfterAll
    static void close() {
        AUTH.close();
    }

    @FuzzTest
    void topicsAgreeWithTheReferenceAndNeverThrow(FuzzedDataProvider data) {
        boolean alphabet = data.consumeBoolean();
        String a = text(data, alphabet);
        String b = text(data, alphabet);
        String t = text(data, alphabet);

        assertThat(Topics.isValidTopicName(t)).as("isValidTopicName(%s)", esc(t)).isEqualTo(validName(t));
        assertThat(Topics.isValidFilter(a)).as("isValidFilter(%s)", esc(a)).isEqualTo(validFilter(a));
        assertThat(Topics.matches(a, t)).as("matches(%s, %s)", esc(a), esc(t)).isEqualTo(refMatches(a, t));
        boolean covers = Topics.covers(a, b);
        if (covers) {
            assertThat(Topics.matches(b, t) && !Topics.matches(a, t))
                    .as("covers(%s, %s) but %s matches only the second", esc(a), esc(b), esc(t)).isFalse();
        }
        boolean intersects = Topics.intersects(a, b);
        assertThat(Topics.intersects(b, a)).as("intersects is symmetric").isEqualTo(intersects);
        if (Topics.matches(a, t) && Topics.matches(b, t)) {
            assertThat(intersects).as("%s matches both %s and %s", esc(t), esc(a), esc(b)).isTrue();
        }
        if (validFilter(a)) {
            assertThat(Topics.covers(a, a)).as("covers(%s, itself)", esc(a)).isTrue();
        }

        // A filter starting with $share/ is a shared subscription, checked below.
        List<Action> actions = a.startsWith("$share/") ? List.of(Action.publish(t), Action.receive(t))
                : List.of(Action.publish(t), Action.subscribe(a), Action.receive(t));
        for (Action action : actions) {
            Decision d = AUTH.authorize(CLIENT, action);
            boolean valid = action.type() == Action.Type.SUBSCRIBE ? validFilter(a) : validName(t);
            if (valid) {
                assertThat(d.isAllowed()).as("%s: %s", action, d.detail()).isTrue();
            } else {
                assertThat(d.reason()).as("%s", action).contains(FailureReason.INVALID_TOPIC);
            }
        }
        // A shared subscription is decided on its filter; a malformed one is INVALID_TOPIC [MQTT-4.8.2-1].
        String shared = "$share/" + b + "/" + a;
        Decision d = AUTH.authorize(CLIENT, Action.subscribe(shared));
        if (!b.isEmpty() && b.indexOf('/') < 0 && b.indexOf('+') < 0 && b.indexOf('#') < 0) {
            boolean valid = validFilter(a) && validFilter(shared);
            assertThat(d.isAllowed()).as("%s: %s", esc(shared), d.detail()).isEqualTo(valid);
            if (!valid) {
                assertThat(d.reason()).contains(FailureReason.INVALID_TOPIC);
            }
        } else if (b.indexOf('/') < 0) {
            assertThat(d.reason()).as("%s", esc(shared)).contains(FailureReason.INVALID_TOPIC);
        }
    }

    private static String text(FuzzedDataProvider data, boolean alphabet) {
        if (!alphabet) {
            return data.consumeString(64);
        }
        byte[] b = data.consumeBytes(data.consumeInt(0, 24));
        StringBuilder sb = new StringBuilder(b.length);
        for (byte x : b) {
            sb.append(ALPHABET[x & 0x0F]);
        }
        return sb.toString();
    }

    // The reference: what MQTT 3.1.1 and 5.0 section 4.7 say, written the obvious way.

    private static boolean validString(String s) {
        if (s.isEmpty() || s.indexOf('\u0000') >= 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return s.getBytes(StandardCharsets.UTF_8).length <= 65_535;
    }

    private static boolean validName(String s) {
        return validString(s) && s.indexOf('+') < 0 && s.indexOf('#') < 0;
    }

    private static boolean validFilter(String s) {
        if (!validString(s)) {
            return false;
        }
        String[] levels = s.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.equals("#") ? i != levels.length - 1 : !l.equals("+") && (l.contains("+") || l.contains("#"))) {
                return false;
            }
        }
        return true;
    }

    private static boolean refMatches(String filter, String topic) {
        if (!validFilter(filter) || !validName(topic)) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    private static String esc(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return sb.append('"').toString();
    }
}
