package io.mqttauth.jwt;

import io.mqttauth.SafeText;

/** Shows values from a token (never secrets: names, issuers, key ids, topics) safely in details. */
final class Text {

    private static final int MAX = 100;

    private Text() {
    }

    /**
     * The value quoted and escaped by {@link SafeText#quote}, so that a hostile value cannot forge lines or fields in a
     * log, and cut at 100 characters (a longer value is marked with its length).
     */
    static String quote(String value) {
        if (value.length() <= MAX) {
            return SafeText.quote(value);
        }
        return SafeText.quote(value.substring(0, MAX)) + "... (" + value.length() + " characters)";
    }
}
