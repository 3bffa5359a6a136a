package io.mqttauth.jwt;

/** Shows values from a token (never secrets: names, issuers, key ids, topics) safely in details. */
final class Text {

    private static final int MAX = 100;

    private Text() {
    }

    /**
     * The value in double quotes, at most 100 characters (longer values are cut and marked), with control characters,
     * quotes and backslashes escaped, so that a hostile value cannot forge lines or fields in a log.
     */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX) + 8).append('"');
        int n = Math.min(value.length(), MAX);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029'
                    || c == '\u202E') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
        if (value.length() > MAX) {
            sb.append("... (").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }
}
