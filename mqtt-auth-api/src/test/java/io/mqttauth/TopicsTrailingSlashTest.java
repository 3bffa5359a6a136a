package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A trailing {@code /} ends a filter or name with one more, empty, level: {@code +/} has two levels and {@code a} has
 * one, so neither matches, covers nor overlaps the other; and the last character of a string is where an off-by-one in
 * the level walk shows.
 */
class TopicsTrailingSlashTest {

    @ParameterizedTest(name = "covers({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            +/    | a     | false
            +/    | a/    | true
            +/    | +/    | true
            +/    | +     | false
            a/    | a     | false
            a/    | a/    | true
            a     | a/    | false
            +     | a/    | false
            /     | /     | true
            /     | +/+   | false
            +/+   | /     | true
            a/+   | a/    | true
            """)
    void covers(String granted, String requested, boolean expected) {
        assertThat(Topics.covers(granted, requested)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "matches({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            +/    | a     | false
            +/    | a/    | true
            a/    | a     | false
            a     | a/    | false
            a/+   | a/    | true
            a/#   | a/    | true
            """)
    void matches(String filter, String topic, boolean expected) {
        assertThat(Topics.matches(filter, topic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "intersects({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            +/    | a     | false
            a     | +/    | false
            +/    | a/    | true
            a/    | a     | false
            a/    | +     | false
            +     | a/    | false
            """)
    void intersects(String a, String b, boolean expected) {
        assertThat(Topics.intersects(a, b)).isEqualTo(expected);
        assertThat(Topics.intersects(b, a)).as("symmetric").isEqualTo(expected);
    }
}
