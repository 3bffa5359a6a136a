package io.mqttauth.jwt;

import jakarta.annotation.Nullable;

/**
 * The placeholders {@code ${username}} and {@code ${clientid}}, anywhere in a value: in {@code jwt.claims.<name>}
 * values and in the topics of a token's {@code acl} claim. Substitution is one pass from left to right, so a value
 * that itself reads {@code ${username}} is inserted as text and never substituted again.
 */
final class Placeholders {

    static final String USERNAME = "${username}";
    static final String CLIENTID = "${clientid}";

    private Placeholders() {
    }

    /** The problem with the placeholders of {@code text} (an unknown one, a missing brace), or null. */
    static @Nullable String check(String text) {
        int i = text.indexOf("${");
        while (i >= 0) {
            int close = text.indexOf('}', i);
            if (close < 0) {
                return "a placeholder without its closing brace";
            }
            String placeholder = text.substring(i, close + 1);
            if (!placeholder.equals(USERNAME) && !placeholder.equals(CLIENTID)) {
                return "unknown placeholder " + Text.quote(placeholder) + " (write ${username} or ${clientid})";
            }
            i = text.indexOf("${", close);
        }
        return null;
    }

    /** Whether {@code text} holds {@code ${username}}. */
    static boolean usesUsername(String text) {
        return text.contains(USERNAME);
    }

    /** Whether {@code text} holds {@code ${clientid}}. */
    static boolean usesClientId(String text) {
        return text.contains(CLIENTID);
    }

    /**
     * The text with each placeholder replaced; {@link #check} found no problem in it, and {@code username} is not
     * null if the text {@linkplain #usesUsername uses it}.
     */
    static String expand(String text, @Nullable String username, String clientId) {
        int i = text.indexOf("${");
        if (i < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 32);
        int from = 0;
        while (i >= 0) {
            int close = text.indexOf('}', i);
            sb.append(text, from, i).append(text.startsWith(USERNAME, i) ? username : clientId);
            from = close + 1;
            i = text.indexOf("${", from);
        }
        return sb.append(text, from, text.length()).toString();
    }
}
