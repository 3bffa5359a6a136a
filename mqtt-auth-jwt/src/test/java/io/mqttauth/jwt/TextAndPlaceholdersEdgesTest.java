package io.mqttauth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How values from a token are shown ({@link Text#quote}) and substituted ({@link Placeholders}) at their edges: the
 * 100-character cut, escaped characters next to kept ones, and placeholders at the start and end of a text.
 */
class TextAndPlaceholdersEdgesTest {

    @Test
    void aValueOf100CharactersIsShownWholeAnd101IsCut() {
        String hundred = "a".repeat(100);
        assertThat(Text.quote(hundred)).isEqualTo("\"" + hundred + "\"");
        assertThat(Text.quote(hundred + "b")).isEqualTo("\"" + hundred + "\"... (101 characters)");
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertThat(Text.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void controlLineSeparatorAndBidiOverrideCharactersAreEscapedAndTheirNeighboursKept() {
        assertThat(Text.quote("\u001f \u007e\u007f")).isEqualTo("\"\\u001f ~\\u007f\"");
        assertThat(Text.quote("\u2028")).isEqualTo("\"\\u2028\"");
        assertThat(Text.quote("\u2029")).isEqualTo("\"\\u2029\"");
        assertThat(Text.quote("\u202e")).isEqualTo("\"\\u202e\"");
        assertThat(Text.quote("é")).isEqualTo("\"é\"");
    }

    @Test
    void placeholdersAtTheStartAndEndAreCheckedAndExpanded() {
        assertThat(Placeholders.check("${username}/x/${clientid}")).isNull();
        assertThat(Placeholders.check("${user}/x")).contains("unknown placeholder \"${user}\"");
        assertThat(Placeholders.check("x/${clientid}/${user}")).contains("unknown placeholder \"${user}\"");
        assertThat(Placeholders.check("${username")).isEqualTo("a placeholder without its closing brace");
        assertThat(Placeholders.expand("${username}/x/${clientid}", "alice", "c1")).isEqualTo("alice/x/c1");
        assertThat(Placeholders.expand("a/${clientid}", "alice", "c1")).isEqualTo("a/c1");
        assertThat(Placeholders.expand("plain/topic", "alice", "c1")).isEqualTo("plain/topic");
    }

    @Test
    void aValueReadingLikeAPlaceholderIsInsertedAsText() {
        assertThat(Placeholders.expand("${username}/${clientid}", "${clientid}", "c1")).isEqualTo("${clientid}/c1");
        assertThat(Placeholders.usesUsername("a/${username}")).isTrue();
        assertThat(Placeholders.usesUsername("a/${clientid}")).isFalse();
        assertThat(Placeholders.usesClientId("a/${clientid}")).isTrue();
        assertThat(Placeholders.usesClientId("a/${username}")).isFalse();
    }
}
