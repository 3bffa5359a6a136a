package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** MQTT 4.7.3, topic semantics and usage, and the UTF-8 string rules of MQTT 1.5.3 that topics inherit. */
class MQTT_4_7_3_TopicSemanticsTest {

    /** [MQTT-4.7.3-1]: topic names and filters MUST be at least one character long. */
    @Nested
    class MQTT_4_7_3_1_AtLeastOneCharacter {
        @Test
        void emptyIsInvalid() {
            assertThat(Topics.isValidTopicName("")).isFalse();
            assertThat(Topics.isValidFilter("")).isFalse();
            assertThat(Topics.matches("#", "")).isFalse();
            assertThat(Topics.matches("", "a")).isFalse();
        }

        @Test
        void nullIsInvalidAndNeverThrows() {
            assertThat(Topics.isValidTopicName(null)).isFalse();
            assertThat(Topics.isValidFilter(null)).isFalse();
            assertThat(Topics.matches(null, "a")).isFalse();
            assertThat(Topics.matches("#", null)).isFalse();
            assertThat(Topics.covers(null, "a")).isFalse();
            assertThat(Topics.intersects("a", null)).isFalse();
        }

        @Test
        void aLoneSeparatorOrSpaceIsValid() {
            assertThat(Topics.isValidTopicName("/")).isTrue();
            assertThat(Topics.isValidTopicName(" ")).isTrue();
        }
    }

    /** [MQTT-4.7.3-2]: topic names and filters MUST NOT include U+0000. */
    @Nested
    class MQTT_4_7_3_2_NoNullCharacter {
        @Test
        void nulIsInvalid() {
            assertThat(Topics.isValidTopicName("a\u0000b")).isFalse();
            assertThat(Topics.isValidFilter("a/\u0000/#")).isFalse();
            assertThat(Topics.matches("#", "a\u0000")).isFalse();
        }
    }

    /** [MQTT-4.7.3-3]: topic names and filters MUST NOT encode to more than 65,535 bytes. */
    @Nested
    class MQTT_4_7_3_3_AtMost65535Bytes {
        @Test
        void limitIsInUtf8BytesNotChars() {
            assertThat(Topics.isValidTopicName("a".repeat(65_535))).isTrue();
            assertThat(Topics.isValidTopicName("a".repeat(65_536))).isFalse();
            // U+00E9 is two bytes in UTF-8, U+20AC three, U+1F600 four (a surrogate pair).
            assertThat(Topics.isValidTopicName("\u00e9".repeat(32_767) + "a")).isTrue();
            assertThat(Topics.isValidTopicName("\u00e9".repeat(32_768))).isFalse();
            assertThat(Topics.isValidFilter("\u20ac".repeat(21_845))).isTrue();
            assertThat(Topics.isValidFilter("\u20ac".repeat(21_845) + "a")).isFalse();
            assertThat(Topics.isValidTopicName("\ud83d\ude00".repeat(16_383) + "abc")).isTrue();
            assertThat(Topics.isValidTopicName("\ud83d\ude00".repeat(16_384))).isFalse();
        }
    }

    /** [MQTT-4.7.3-4]: no normalization when matching: comparison is exact, case-sensitive, character by character. */
    @Nested
    class MQTT_4_7_3_4_NoNormalization {
        @Test
        void caseAndSpacesAndUnicodeFormsMatter() {
            assertThat(Topics.matches("ACCOUNTS", "accounts")).isFalse();
            assertThat(Topics.matches("a b", "a b")).isTrue();
            assertThat(Topics.matches("a b", "a  b")).isFalse();
            assertThat(Topics.matches("a/ /b", "a//b")).isFalse();
            // precomposed e-acute versus e + combining acute: different topics.
            assertThat(Topics.matches("caf\u00e9", "cafe\u0301")).isFalse();
            assertThat(Topics.matches("caf\u00e9/+", "caf\u00e9/x")).isTrue();
        }
    }

    /** [MQTT-1.5.3-1]: the character data MUST be well-formed UTF-8, so no unpaired surrogates. */
    @Nested
    class MQTT_1_5_3_1_WellFormedUtf8 {
        @Test
        void unpairedSurrogatesAreInvalid() {
            assertThat(Topics.isValidTopicName("a\ud83d")).isFalse();
            assertThat(Topics.isValidTopicName("\ude00a")).isFalse();
            assertThat(Topics.isValidFilter("\ud83d/#")).isFalse();
            assertThat(Topics.isValidTopicName("\ud83d\ude00")).isTrue();
        }
    }
}
