package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * [MQTT-4.7.2-1]: the server MUST NOT match topic filters starting with a wildcard ({@code #} or {@code +}) with topic
 * names beginning with {@code $}. The same rule shapes {@link Topics#covers} and {@link Topics#intersects}.
 */
class MQTT_4_7_2_1_DollarTopicsTest {

    @ParameterizedTest
    @ValueSource(strings = {"$SYS", "$SYS/broker/clients", "$foo", "$share/g/t", "$"})
    void leadingWildcardsDoNotMatchDollarTopics(String topic) {
        assertThat(Topics.isValidTopicName(topic)).isTrue();
        assertThat(Topics.matches("#", topic)).isFalse();
        assertThat(Topics.matches("+", topic)).isFalse();
        assertThat(Topics.matches("+/#", topic)).isFalse();
        assertThat(Topics.matches("+/broker/clients", topic)).isFalse();
    }

    @Test
    void filtersStartingWithDollarMatchDollarTopics() {
        assertThat(Topics.matches("$SYS/#", "$SYS/broker/clients")).isTrue();
        assertThat(Topics.matches("$SYS/#", "$SYS")).isTrue();
        assertThat(Topics.matches("$SYS/+/clients", "$SYS/broker/clients")).isTrue();
        assertThat(Topics.matches("$SYS/broker/clients", "$SYS/broker/clients")).isTrue();
        assertThat(Topics.matches("$BOB/bar", "$SYS/bar")).isFalse();
    }

    @Test
    void dollarOnlyCountsAsTheFirstCharacter() {
        assertThat(Topics.matches("#", "a/$SYS")).isTrue();
        assertThat(Topics.matches("a/+", "a/$x")).isTrue();
        assertThat(Topics.matches("+/$SYS", "x/$SYS")).isTrue();
    }

    @Test
    void coversAndIntersectsKeepDollarTopicsApart() {
        assertThat(Topics.covers("#", "$SYS/#")).isFalse();
        assertThat(Topics.covers("+/#", "$SYS/broker")).isFalse();
        assertThat(Topics.covers("$SYS/#", "$SYS/+")).isTrue();
        assertThat(Topics.intersects("#", "$SYS/#")).isFalse();
        assertThat(Topics.intersects("$SYS/#", "#")).isFalse();
        assertThat(Topics.intersects("+/broker", "$SYS/+")).isFalse();
        assertThat(Topics.intersects("$SYS/+", "$SYS/broker")).isTrue();
    }
}
