package io.mqttauth;

/**
 * MQTT topic names and topic filters per MQTT 3.1.1 section 4.7 and MQTT 5.0 section 4.7: validation, matching, and
 * the questions an authorizer asks about two filters. All methods are allocation-free and never throw; invalid input
 * simply does not match.
 *
 * <ul>
 *   <li>{@code #} matches the parent level too: {@code a/#} matches {@code a} (section 4.7.1.2).
 *   <li>{@code +} matches exactly one level, which may be empty: {@code a/+} matches {@code a/} (section 4.7.1.3).
 *   <li>A filter starting with a wildcard does not match topic names starting with {@code $} [MQTT-4.7.2-1].
 *   <li>Topic names contain no wildcard [MQTT-4.7.1-1]; in filters {@code #} is alone in its level and last
 *       [MQTT-4.7.1-2], {@code +} alone in its level [MQTT-4.7.1-3].
 *   <li>Names and filters are non-empty [MQTT-4.7.3-1], contain no U+0000 [MQTT-4.7.3-2], are well-formed UTF-16 (so
 *       well-formed UTF-8 on the wire) [MQTT-1.5.3-1] and encode to at most 65,535 bytes [MQTT-4.7.3-3].
 *   <li>Matching is exact: no normalization, case-sensitive [MQTT-4.7.3-4].
 * </ul>
 */
public final class Topics {

    private static final int MAX_UTF8_BYTES = 65_535;

    private Topics() {
    }

    /** Whether {@code topic} is a valid topic name for PUBLISH. */
    public static boolean isValidTopicName(String topic) {
        if (topic == null || topic.isEmpty()) {
            return false;
        }
        // One pass with a fast path for ASCII, which is what nearly every topic is (this runs on every message).
        boolean ascii = true;
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c > '+' && c < 0x80) {
                continue;
            }
            if (c == '+' || c == '#' || c == 0) {
                return false;
            }
            ascii &= c < 0x80;
        }
        return ascii ? topic.length() <= MAX_UTF8_BYTES : isValidString(topic);
    }

    /** Whether {@code filter} is a valid topic filter for SUBSCRIBE. */
    public static boolean isValidFilter(String filter) {
        if (!isValidString(filter)) {
            return false;
        }
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            if (c == '+' || c == '#') {
                boolean startsLevel = i == 0 || filter.charAt(i - 1) == '/';
                boolean endsLevel = i == n - 1 || filter.charAt(i + 1) == '/';
                if (!startsLevel || !endsLevel || (c == '#' && i != n - 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether the filter matches the topic name, per MQTT 4.7 including the {@code $} rule. Returns {@code false} if
     * either is invalid.
     */
    public static boolean matches(String filter, String topic) {
        if (!isValidFilter(filter) || !isValidTopicName(topic)) {
            return false;
        }
        if (topic.charAt(0) == '$' && isWildcardAt(filter, 0)) {
            return false;
        }
        // Positions are level starts; a position past the end means "no level left" (a trailing '/' ends
        // with an empty level, which starts exactly at the end).
        int f = 0;
        int t = 0;
        while (true) {
            if (f > filter.length()) {
                return t > topic.length();
            }
            int fEnd = levelEnd(filter, f);
            if (isLevel(filter, f, fEnd, '#')) {
                return true;
            }
            if (t > topic.length()) {
                return false;
            }
            int tEnd = levelEnd(topic, t);
            if (!isLevel(filter, f, fEnd, '+') && !sameLevel(filter, f, fEnd, topic, t, tEnd)) {
                return false;
            }
            f = fEnd + 1;
            t = tEnd + 1;
        }
    }

    /**
     * Whether every topic name that {@code requested} can match is also matched by {@code granted}: the test for
     * allowing a subscription from read rules. {@code a/#} covers {@code a/+}, {@code a} and {@code a/#}; {@code a/+}
     * does not cover {@code a/#}; {@code #} does not cover {@code $SYS/#}. Returns {@code false} if either is invalid.
     */
    public static boolean covers(String granted, String requested) {
        if (!isValidFilter(granted) || !isValidFilter(requested)) {
            return false;
        }
        if (isWildcardAt(granted, 0) && requested.charAt(0) == '$') {
            return false;
        }
        int g = 0;
        int r = 0;
        while (true) {
            boolean grantedDone = g > granted.length();
            int gEnd = grantedDone ? g : levelEnd(granted, g);
            if (!grantedDone && isLevel(granted, g, gEnd, '#')) {
                return true;
            }
            if (r > requested.length()) {
                return grantedDone;
            }
            if (grantedDone) {
                return false;
            }
            int rEnd = levelEnd(requested, r);
            if (isLevel(requested, r, rEnd, '#')) {
                return false;
            }
            boolean grantedPlus = isLevel(granted, g, gEnd, '+');
            if (isLevel(requested, r, rEnd, '+')) {
                if (!grantedPlus) {
                    return false;
                }
            } else if (!grantedPlus && !sameLevel(granted, g, gEnd, requested, r, rEnd)) {
                return false;
            }
            g = gEnd + 1;
            r = rEnd + 1;
        }
    }

    /**
     * Whether at least one topic name is matched by both filters: the test for whether a deny rule concerns a
     * subscription. Returns {@code false} if either is invalid.
     */
    public static boolean intersects(String a, String b) {
        if (!isValidFilter(a) || !isValidFilter(b)) {
            return false;
        }
        if (isWildcardAt(a, 0) && b.charAt(0) == '$' || isWildcardAt(b, 0) && a.charAt(0) == '$') {
            return false;
        }
        int i = 0;
        int j = 0;
        while (true) {
            boolean aDone = i > a.length();
            boolean bDone = j > b.length();
            int aEnd = aDone ? i : levelEnd(a, i);
            int bEnd = bDone ? j : levelEnd(b, j);
            if (!aDone && isLevel(a, i, aEnd, '#') || !bDone && isLevel(b, j, bEnd, '#')) {
                return true;
            }
            if (aDone || bDone) {
                return aDone && bDone;
            }
            if (!isLevel(a, i, aEnd, '+') && !isLevel(b, j, bEnd, '+') && !sameLevel(a, i, aEnd, b, j, bEnd)) {
                return false;
            }
            i = aEnd + 1;
            j = bEnd + 1;
        }
    }

    private static boolean isLevel(String s, int from, int end, char wildcard) {
        return end - from == 1 && s.charAt(from) == wildcard;
    }

    private static boolean isWildcardAt(String filter, int i) {
        char c = filter.charAt(i);
        return c == '#' || c == '+';
    }

    /** The index of the '/' ending the level that starts at {@code from}, or the string's length. */
    private static int levelEnd(String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            if (s.charAt(i) == '/') {
                return i;
            }
        }
        return n;
    }

    private static boolean sameLevel(String a, int aFrom, int aEnd, String b, int bFrom, int bEnd) {
        int len = aEnd - aFrom;
        return len == bEnd - bFrom && a.regionMatches(aFrom, b, bFrom, len);
    }

    private static boolean isValidString(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_UTF8_BYTES || !isWellFormedMqttString(s)) {
            return false;
        }
        // At most 3 UTF-8 bytes per UTF-16 char: only long strings can exceed the limit.
        return s.length() <= MAX_UTF8_BYTES / 3 || utf8Length(s) <= MAX_UTF8_BYTES;
    }

    /** Whether {@code s} is a well-formed MQTT UTF-8 string: no U+0000 and no unpaired surrogate [MQTT-1.5.3]. */
    static boolean isWellFormedMqttString(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /** Whether a well-formed string encodes to at most 65,535 UTF-8 bytes, the limit of every MQTT string [MQTT-1.5.3]. */
    static boolean fitsMqttString(String s) {
        return s.length() <= MAX_UTF8_BYTES / 3 || s.length() <= MAX_UTF8_BYTES && utf8Length(s) <= MAX_UTF8_BYTES;
    }

    /** The UTF-8 length of a well-formed string (a surrogate pair is 4 bytes). */
    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
