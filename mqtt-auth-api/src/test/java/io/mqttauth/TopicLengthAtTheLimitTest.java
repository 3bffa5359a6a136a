package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * [MQTT-4.7.3-3] at its exact boundary, 65,535 UTF-8 bytes allowed and 65,536 not, for characters of one, two and three
 * bytes, including the first character of each length ({@code U+0080}, {@code U+0800}), where counting goes wrong first.
 */
class TopicLengthAtTheLimitTest {

    @Test
    void asciiNamesAndFiltersOf65535BytesAreValidAnd65536AreNot() {
        String max = "a".repeat(65_535);
        assertThat(Topics.isValidTopicName(max)).isTrue();
        assertThat(Topics.isValidFilter(max)).isTrue();
        assertThat(Topics.isValidTopicName(max + "a")).isFalse();
        assertThat(Topics.isValidFilter(max + "a")).isFalse();
    }

    @Test
    void u0080IsTwoBytes() {
        assertThat(Topics.isValidTopicName("\u0080".repeat(32_767) + "a")).as("65,535 bytes").isTrue();
        assertThat(Topics.isValidTopicName("\u0080".repeat(32_768))).as("65,536 bytes").isFalse();
        assertThat(Topics.isValidFilter("\u0080".repeat(32_767) + "a")).isTrue();
        assertThat(Topics.isValidFilter("\u0080".repeat(32_768))).isFalse();
    }

    @Test
    void u0800IsThreeBytesAndU07ffTwo() {
        assertThat(Topics.isValidFilter("\u0800".repeat(21_845))).as("65,535 bytes").isTrue();
        assertThat(Topics.isValidFilter("\u0800".repeat(21_845) + "a")).as("65,536 bytes").isFalse();
        assertThat(Topics.isValidFilter("\u07ff".repeat(32_767) + "a")).as("65,535 bytes").isTrue();
        assertThat(Topics.isValidFilter("\u07ff".repeat(32_768))).as("65,536 bytes").isFalse();
    }

    @Test
    void surrogatePairsAreFourBytes() {
        String pair = "\uD83D\uDE00";
        assertThat(Topics.isValidFilter(pair.repeat(16_383) + "aaa")).as("65,535 bytes").isTrue();
        assertThat(Topics.isValidFilter(pair.repeat(16_384))).as("65,536 bytes").isFalse();
    }

    @Test
    void thePlusSignIsAWildcardInANameWhateverFollows() {
        assertThat(Topics.isValidTopicName("+")).isFalse();
        assertThat(Topics.isValidTopicName("a+")).isFalse();
        assertThat(Topics.isValidTopicName(",")).as("the character after +").isTrue();
        assertThat(Topics.isValidTopicName("*")).as("the character before +").isTrue();
    }
}
