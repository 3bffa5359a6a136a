package io.mqttauth.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthorizationResult;
import io.mqttauth.ConfigurationException;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mosquitto's own topic-matching table ({@code test/unit/util_topic_test.c}, 2.0.11) and 631 further cases computed
 * with the real 2.0.11 {@code mosquitto_topic_matches_sub} (derived, not upstream), replayed as ACL rules: the rule
 * {@code topic read SUB} must let an anonymous client receive TOPIC exactly when Mosquitto says "match". Where
 * Mosquitto says "invalid", the rule is refused at load or the topic is refused as INVALID_TOPIC. Two kinds of rows differ
 * on purpose and say why: names that are not valid topic names, and {@code $share} topics.
 */
class MosquittoTopicMatchTableTest {

    @TempDir
    Path dir;

    static Stream<Arguments> upstream() throws IOException {
        return table("topic-match-cases.tsv");
    }

    static Stream<Arguments> derived() throws IOException {
        return table("topic-match-extra-cases.tsv");
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @MethodSource("upstream")
    void upstreamUnitTable(String sub, String topic, String expected) {
        check(sub, topic, expected);
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @MethodSource("derived")
    void derivedCases(String sub, String topic, String expected) {
        check(sub, topic, expected);
    }

    private void check(String sub, String topic, String expected) {
        boolean ruleValid = !sub.isEmpty() && Topics.isValidFilter(sub);
        try {
            AuthorizationResult r = AclFixture.authorizer(dir, "topic read " + sub + "\n")
                    .authorize(Identity.anonymous(io.mqttauth.ConnectRequest.builder("k").build()),
                            AclFixture.recv(topic));
            assertThat(ruleValid).as("rule accepted").isTrue();
            if (topic.isEmpty() || !Topics.isValidTopicName(topic)) {
                // Mosquitto's lazy matcher may call such a name a mere "nomatch"; no broker ever passes one.
                assertThat(AclFixture.reason(r)).isEqualTo(FailureReason.INVALID_TOPIC);
                return;
            }
            if (topic.startsWith("$share")) {
                // acl__check_dollar denies every non-subscribe access to $share topics before any rule is read.
                assertThat(AclFixture.reason(r)).isEqualTo(FailureReason.DENIED_BY_RULE);
                return;
            }
            switch (expected) {
                case "match" -> assertThat(AclFixture.allowed(r)).as(r.toString()).isTrue();
                case "nomatch" -> assertThat(AclFixture.reason(r)).isEqualTo(FailureReason.NO_MATCHING_RULE);
                default -> assertThat(AclFixture.reason(r)).isEqualTo(FailureReason.INVALID_TOPIC);
            }
        } catch (ConfigurationException e) {
            // Mosquitto's ACL parser refuses such a filter too (mosquitto_sub_topic_check), whatever the matcher
            // would say about it. An empty sub turns "topic read " into "topic read": readwrite on "read".
            assertThat(ruleValid).as(e.getMessage()).isFalse();
        }
    }

    private static Stream<Arguments> table(String name) throws IOException {
        try (InputStream in = MosquittoTopicMatchTableTest.class.getResourceAsStream("/mosquitto-2.0.11/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.isEmpty()).map(l -> l.split("\t", -1))
                    .filter(c -> !c[0].isEmpty() && !c[0].isBlank())
                    .map(c -> Arguments.of(c[0], c[1], c[2])).toList().stream();
        }
    }
}
