package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link SafeText}: client-supplied text cannot forge a log line or a quoted field. */
class SafeTextTest {

    @Test
    void lineBreaksTabsAndNulAreEscaped() {
        assertThat(SafeText.quote("alice\r\nINFO forged\u0000")).isEqualTo("\"alice\\r\\nINFO forged\\u0000\"");
        assertThat(SafeText.escape("a\tb\nc")).isEqualTo("a\\tb\\nc");
    }

    @Test
    void otherNonPrintablesAreEscapedAsUtf16Units() {
        // DEL, a C1 control (NEL), U+2028, the right-to-left override, a zero-width space, a no-break space
        assertThat(SafeText.escape("\u007f\u0085\u2028\u202e\u200b\u00a0"))
                .isEqualTo("\\u007f\\u0085\\u2028\\u202e\\u200b\\u00a0");
        // unpaired surrogates, and a private-use supplementary character
        assertThat(SafeText.escape("\ud800x\udc00")).isEqualTo("\\ud800x\\udc00");
        assertThat(SafeText.escape(new String(Character.toChars(0xF0000)))).isEqualTo("\\udb80\\udc00");
    }

    @Test
    void printableTextIsKeptAsItIs() {
        String text = "capteur-é/温度/\uD83D\uDE00 a+b #";
        assertThat(SafeText.escape(text)).isSameAs(text);
        assertThat(SafeText.quote(text)).isEqualTo("\"" + text + "\"");
    }

    @Test
    void quoteEscapesQuotesAndBackslashesSoTheValueCannotEndItsQuotes() {
        assertThat(SafeText.quote("a\" admin=\"true\\")).isEqualTo("\"a\\\" admin=\\\"true\\\\\"");
        assertThat(SafeText.escape("a\"b\\c")).isEqualTo("a\"b\\c");
    }

    @Test
    void escapedTextHasNoCharacterThatBreaksALine() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        String escaped = SafeText.escape(all.toString());
        assertThat(escaped.lines().count()).isEqualTo(1);
        assertThat(escaped.chars().filter(c -> c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0
                || c == 0x2028 || c == 0x2029)).isEmpty();
    }
}
