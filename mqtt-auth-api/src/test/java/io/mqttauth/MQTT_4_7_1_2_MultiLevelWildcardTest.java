package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT 4.7.1.2, the multi-level wildcard: [MQTT-4.7.1-2] {@code #} MUST be on its own or follow a {@code /}, and MUST
 * be the last character of the filter; it matches the parent level and any number of child levels.
 */
class MQTT_4_7_1_2_MultiLevelWildcardTest {

    @ParameterizedTest
    @ValueSource(strings = {"sport/tennis#", "sport/tennis/#/ranking", "#/", "a/#/", "##", "a/##", "#a", "/#a"})
    void misplacedHashIsInvalid(String filter) {
        assertThat(Topics.isValidFilter(filter)).isFalse();
        assertThat(Topics.matches(filter, "sport/tennis")).isFalse();
    }

    @Test
    void specExamples() {
        // "sport/tennis/player1/#" matches the parent and every level below.
        assertThat(Topics.matches("sport/tennis/player1/#", "sport/tennis/player1")).isTrue();
        assertThat(Topics.matches("sport/tennis/player1/#", "sport/tennis/player1/ranking")).isTrue();
        assertThat(Topics.matches("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon")).isTrue();
        // "sport/#" also matches the singular "sport", since # includes the parent level.
        assertThat(Topics.matches("sport/#", "sport")).isTrue();
        assertThat(Topics.matches("#", "sport/tennis/player1")).isTrue();
    }

    @Test
    void hashDoesNotMatchSiblingsOrPrefixes() {
        assertThat(Topics.matches("sport/tennis/#", "sport/tennisx")).isFalse();
        assertThat(Topics.matches("sport/tennis/#", "sport")).isFalse();
        assertThat(Topics.matches("sport/tennis/#", "sport/badminton/x")).isFalse();
    }

    @Test
    void hashMatchesEmptyLevels() {
        assertThat(Topics.matches("a/#", "a/")).isTrue();
        assertThat(Topics.matches("a/#", "a//b")).isTrue();
        assertThat(Topics.matches("#", "/")).isTrue();
        assertThat(Topics.matches("/#", "/")).isTrue();
        assertThat(Topics.matches("/#", "a")).isFalse();
    }
}
