package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** [MQTT-4.7.1-1]: wildcards may be used in topic filters but MUST NOT be used within a topic name. */
class MQTT_4_7_1_1_WildcardsOnlyInFiltersTest {

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "a/#", "a/+", "+/b", "a/+/c/#", "$SYS/#"})
    void wildcardsAreValidInFiltersButNotInTopicNames(String s) {
        assertThat(Topics.isValidFilter(s)).isTrue();
        assertThat(Topics.isValidTopicName(s)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b", "/", "//", "a b", "$SYS/broker", "sport/tennis/player1"})
    void plainStringsAreValidBoth(String s) {
        assertThat(Topics.isValidTopicName(s)).isTrue();
        assertThat(Topics.isValidFilter(s)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b#", "a+", "sport/tennis+", "x/#/y"})
    void aTopicNameWithAWildcardCharacterNeverMatches(String topic) {
        assertThat(Topics.matches("#", topic)).isFalse();
        assertThat(Topics.matches(topic, topic)).isFalse();
    }
}
