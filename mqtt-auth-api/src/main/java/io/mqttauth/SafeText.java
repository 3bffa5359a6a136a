package io.mqttauth;

/**
 * Shows client-supplied text (client ids, user names, topics, names from certificates and tokens) in log lines,
 * details and explanations without letting it forge a line or a field: the one place mqtt-auth escapes such text.
 *
 * <p>Escaped are line feed, carriage return and tab (as {@code \n}, {@code \r}, {@code \t}) and, as {@code \}{@code
 * uXXXX} (UTF-16 units), every other character that is not printable: C0 and C1 controls, DEL, format characters
 * (bidirectional overrides such as U+202E, zero-width characters), line and paragraph separators, space separators
 * other than the ASCII space, private-use, unassigned and unpaired surrogate characters. Printable non-ASCII text
 * (accents, CJK, emoji) is kept as it is.
 */
public final class SafeText {

    private SafeText() {
    }

    /**
     * {@code value} in double quotes, escaped as described above, with {@code "} and {@code \} escaped too, so that it
     * cannot end its quotes early: {@code a"b} becomes {@code "a\"b"}.
     */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        append(sb, value, true);
        return sb.append('"').toString();
    }

    /**
     * {@code text} with its non-printable characters escaped as described above, and nothing else changed: for text
     * that is already composed (a detail that quotes its values with {@link #quote}), so that no part of it, however it
     * was built, can break a log line. Returns {@code text} itself when nothing needs escaping.
     */
    public static String escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                continue; // printable ASCII, the common case, decided without a call
            }
            if (needsEscape(text, i)) {
                StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                append(sb, text.substring(i), false);
                return sb.toString();
            }
            if (Character.isHighSurrogate(c)) {
                i++; // the low half of a printable pair
            }
        }
        return text;
    }

    private static void append(StringBuilder sb, String s, boolean quoted) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && (c == '"' || c == '\\')) {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (needsEscape(s, i)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
                if (Character.isHighSurrogate(c)) {
                    sb.append(s.charAt(++i)); // the low half of a printable pair
                }
            }
        }
    }

    /** Whether the character at {@code i} (a whole code point, if it starts a surrogate pair) is not printable. */
    private static boolean needsEscape(String s, int i) {
        char c = s.charAt(i);
        if (c >= 0x20 && c < 0x7F) {
            return false;
        }
        if (Character.isHighSurrogate(c)) {
            if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                return true;
            }
            return !printable(s.codePointAt(i));
        }
        return Character.isLowSurrogate(c) || !printable(c);
    }

    private static boolean printable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR, Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE ->
                    false;
            default -> true;
        };
    }
}
