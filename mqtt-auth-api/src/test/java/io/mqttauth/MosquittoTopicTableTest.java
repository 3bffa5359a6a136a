package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mosquitto 2.0.11's own topic tables, run against {@link Topics}.
 *
 * <p>{@code topic-match-cases.tsv} and {@code topic-valid-cases.tsv} are the cases of Mosquitto's
 * {@code test/unit/util_topic_test.c}. The {@code -extra-} files are not upstream: they were produced by running the
 * verbatim 2.0.11 {@code lib/util_topic.c} functions on more inputs ({@code $} topics, empty levels, ...).
 *
 * <p>How Mosquitto's answers map to ours:
 * <ul>
 *   <li>{@code match}: {@link Topics#matches} is true (so both strings are valid).
 *   <li>{@code nomatch}: {@link Topics#matches} is false. Mosquitto validates lazily, so in the derived table 74
 *       of these have an invalid filter or topic (for example filter {@code a+} against {@code b}, or the topic
 *       {@code foo+} against the filter {@code /}): Mosquitto stops at the first mismatch, we refuse invalid input
 *       outright. Both answer "no match".
 *   <li>{@code invalid} (Mosquitto returns MOSQ_ERR_INVAL and match=false): {@link Topics#matches} is false and the
 *       filter or the topic is invalid by our validators.
 * </ul>
 *
 * <p>One documented difference: Mosquitto's {@code mosquitto_pub_topic_check} and {@code mosquitto_sub_topic_check}
 * accept the empty string (there is no character to reject), while MQTT 3.1.1 and 5.0 say that topic names and topic
 * filters MUST be at least one character long [MQTT-4.7.3-1]; we follow the specification. Mosquitto's matcher agrees
 * with us: it refuses empty input as invalid.
 */
class MosquittoTopicTableTest {

    static List<Arguments> matchCases() {
        return read("topic-match-cases.tsv");
    }

    static List<Arguments> extraMatchCases() {
        return read("topic-match-extra-cases.tsv");
    }

    static List<Arguments> validCases() {
        return read("topic-valid-cases.tsv");
    }

    static List<Arguments> extraValidCases() {
        return read("topic-valid-extra-cases.tsv");
    }

    @ParameterizedTest(name = "[{index}] sub \"{0}\" topic \"{1}\" -> {2}")
    @MethodSource("matchCases")
    void upstreamMatchTable(String sub, String topic, String expected) {
        checkMatch(sub, topic, expected);
    }

    @ParameterizedTest(name = "[{index}] sub \"{0}\" topic \"{1}\" -> {2}")
    @MethodSource("extraMatchCases")
    void derivedMatchTable(String sub, String topic, String expected) {
        checkMatch(sub, topic, expected);
    }

    @ParameterizedTest(name = "[{index}] {0} \"{1}\" -> {2}")
    @MethodSource("validCases")
    void upstreamValidityTable(String kind, String topic, String expected) {
        checkValidity(kind, topic, expected);
    }

    @ParameterizedTest(name = "[{index}] {0} \"{1}\" -> {2}")
    @MethodSource("extraValidCases")
    void derivedValidityTable(String kind, String topic, String expected) {
        checkValidity(kind, topic, expected);
    }

    @Test
    void tablesHaveTheDocumentedSize() {
        // 66 upstream match cases: 16 match, 8 nomatch, 42 invalid (3 of them the empty-string cases).
        assertThat(matchCases()).hasSize(66);
        assertThat(matchCases()).filteredOn(a -> a.get()[2].equals("match")).hasSize(16);
        assertThat(matchCases()).filteredOn(a -> a.get()[2].equals("nomatch")).hasSize(8);
        assertThat(validCases()).hasSize(35);
        assertThat(extraMatchCases()).hasSize(631);
        assertThat(extraValidCases()).hasSize(34);
    }

    @Test
    void emptyStringIsValidInMosquittoButNotInMqtt() {
        assertThat(extraValidCases()).anySatisfy(a -> assertThat(a.get()).containsExactly("sub", "", "valid"));
        assertThat(Topics.isValidFilter("")).isFalse();
        assertThat(Topics.isValidTopicName("")).isFalse();
    }

    private static void checkMatch(String sub, String topic, String expected) {
        boolean valid = Topics.isValidFilter(sub) && Topics.isValidTopicName(topic);
        switch (expected) {
            case "match" -> {
                assertThat(Topics.matches(sub, topic)).as("matches").isTrue();
                assertThat(valid).as("both valid").isTrue();
            }
            case "nomatch" -> assertThat(Topics.matches(sub, topic)).as("matches").isFalse();
            case "invalid" -> {
                assertThat(Topics.matches(sub, topic)).as("matches").isFalse();
                assertThat(valid).as("filter and topic both valid").isFalse();
            }
            default -> throw new IllegalArgumentException("unknown expectation " + expected);
        }
    }

    private static void checkValidity(String kind, String topic, String expected) {
        boolean ours = kind.equals("pub") ? Topics.isValidTopicName(topic) : Topics.isValidFilter(topic);
        boolean mosquitto = expected.equals("valid");
        if (topic.isEmpty()) {
            // [MQTT-4.7.3-1]: at least one character; Mosquitto's checkers accept "" (see the class comment).
            assertThat(mosquitto).isTrue();
            assertThat(ours).isFalse();
        } else {
            assertThat(ours).isEqualTo(mosquitto);
        }
    }

    private static List<Arguments> read(String name) {
        try (InputStream in = MosquittoTopicTableTest.class.getResourceAsStream("/mosquitto/" + name)) {
            assertThat(in).as(name).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Arguments> rows = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] f = line.split("\t", -1);
                if (f.length != 3) {
                    throw new IllegalStateException(name + ": bad row " + line);
                }
                rows.add(Arguments.of(f[0], f[1], f[2]));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
