package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Topics#covers} (every topic the requested filter can match is matched by the granted one) and
 * {@link Topics#intersects} (some topic is matched by both), as tables.
 */
class TopicsCoversIntersectsTest {

    @ParameterizedTest(name = "covers({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            #           | #           | true
            #           | a           | true
            #           | a/+/b/#     | true
            #           | $SYS/#      | false
            #           | $SYS        | false
            a/#         | a           | true
            a/#         | a/#         | true
            a/#         | a/+         | true
            a/#         | a/b/c       | true
            a/#         | b           | false
            a/#         | #           | false
            a/+         | a/b         | true
            a/+         | a/+         | true
            a/+         | a/#         | false
            a/+         | a           | false
            a/+         | a/b/c       | false
            a/+/c       | a/b/c       | true
            a/+/c       | a/+/c       | true
            a/+/c       | a/+/d       | false
            a/b         | a/b         | true
            a/b         | a/+         | false
            a/b         | a/#         | false
            a/b         | a/b/c       | false
            a/b         | a           | false
            +           | a           | true
            +           | /           | false
            +/+         | /           | true
            +/#         | a           | true
            +/#         | $SYS/x      | false
            $SYS/#      | $SYS/+      | true
            $SYS/+      | $SYS/#      | false
            a/+/#       | a/+         | true
            a/+/#       | a           | false
            a/#         | a+          | false
            a+          | a           | false
            """)
    void covers(String granted, String requested, boolean expected) {
        assertThat(Topics.covers(granted, requested)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "intersects({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            #           | #           | true
            #           | a/b         | true
            #           | $SYS/#      | false
            +           | $SYS        | false
            a/#         | a           | true
            a/#         | +/b         | true
            a/#         | b/#         | false
            a/+         | +/b         | true
            a/+         | a           | false
            a/+         | a/b/c       | false
            a/+         | a/+/#       | true
            a/b         | a/b         | true
            a/b         | a/c         | false
            a/b         | +/+         | true
            a/b         | +           | false
            +/+         | /           | true
            $SYS/+      | $SYS/#      | true
            $SYS/+      | +/broker    | false
            a/#         | a#          | false
            """)
    void intersects(String a, String b, boolean expected) {
        assertThat(Topics.intersects(a, b)).isEqualTo(expected);
        assertThat(Topics.intersects(b, a)).as("symmetric").isEqualTo(expected);
    }
}
