package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT 4.7.1.3, the single-level wildcard: [MQTT-4.7.1-3] {@code +} MUST occupy an entire level; it matches exactly
 * one level, which may be empty.
 */
class MQTT_4_7_1_3_SingleLevelWildcardTest {

    @ParameterizedTest
    @ValueSource(strings = {"sport+", "sport/+tennis", "+a", "a+/b", "++", "a/++/b"})
    void plusThatIsNotAWholeLevelIsInvalid(String filter) {
        assertThat(Topics.isValidFilter(filter)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "+/+", "/+", "+/", "sport/+/player1", "+/tennis/#"})
    void plusAsAWholeLevelIsValid(String filter) {
        assertThat(Topics.isValidFilter(filter)).isTrue();
    }

    @Test
    void specExamples() {
        assertThat(Topics.matches("sport/tennis/+", "sport/tennis/player1")).isTrue();
        assertThat(Topics.matches("sport/tennis/+", "sport/tennis/player2")).isTrue();
        assertThat(Topics.matches("sport/tennis/+", "sport/tennis/player1/ranking")).isFalse();
        // "sport/+" does not match "sport" but does match "sport/".
        assertThat(Topics.matches("sport/+", "sport")).isFalse();
        assertThat(Topics.matches("sport/+", "sport/")).isTrue();
        // "+/+" and "/+" match "/"; "+" does not.
        assertThat(Topics.matches("+/+", "/finance")).isTrue();
        assertThat(Topics.matches("/+", "/finance")).isTrue();
        assertThat(Topics.matches("+", "/finance")).isFalse();
        assertThat(Topics.matches("+/+", "/")).isTrue();
        assertThat(Topics.matches("+", "/")).isFalse();
    }

    @Test
    void plusCombinesWithHash() {
        assertThat(Topics.matches("+/tennis/#", "sport/tennis")).isTrue();
        assertThat(Topics.matches("+/tennis/#", "sport/tennis/x/y")).isTrue();
        assertThat(Topics.matches("foo/+/#", "foo")).isFalse();
        assertThat(Topics.matches("foo/+/#", "foo/bar")).isTrue();
    }
}
