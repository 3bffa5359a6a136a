package io.mqttauth.acl;

import static io.mqttauth.acl.AclFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT 5 shared subscriptions through the engine: {@link MqttAuth} removes the {@code $share/NAME/} prefix once, so
 * the acl provider decides {@code $share/g/FILTER} exactly as {@code FILTER}, in both subscribe modes.
 */
class SharedSubscriptionTest {

    static final String ACL = SubscribeTest.ACL + """
            user s
            topic read $share/h/#
            topic read x
            """;

    @TempDir
    static Path dir;
    static MqttAuth covered;
    static MqttAuth mosquitto;

    @BeforeAll
    static void load() throws IOException {
        Files.writeString(dir.resolve("acl"), ACL);
        covered = engine(Map.of());
        mosquitto = engine(Map.of("subscribe", "mosquitto"));
    }

    private static MqttAuth engine(Map<String, String> keys) {
        Map<String, String> config = new HashMap<>(keys);
        config.put("path", dir.resolve("acl").toString());
        config.put("reload", "off");
        return MqttAuth.builder().authorizerProvider("acl", config).build();
    }

    @AfterAll
    static void close() {
        covered.close();
        mosquitto.close();
    }

    @ParameterizedTest(name = "{0} subscribes $share/g/{1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            u | news/a            | ALLOW
            u | news/#            | DENIED_BY_RULE
            u | news/internal/x   | DENIED_BY_RULE
            u | news/public/+     | ALLOW
            u | lab/x/status      | ALLOW
            u | lab/#             | NO_MATCHING_RULE
            u | $SYS/broker/load  | ALLOW
            u | #                 | DENIED_BY_RULE
            v | #                 | ALLOW
            v | $SYS/#            | NO_MATCHING_RULE
            w | mail/w/#          | ALLOW
            w | mail/+/x          | NO_MATCHING_RULE
            """)
    void aSharedSubscriptionIsDecidedExactlyAsItsFilter(String who, String filter, String expected) {
        Decision plain = covered.authorize(user(who, "c"), Action.subscribe(filter, 1));
        assertThat(plain.reason().map(FailureReason::name).orElse("ALLOW")).isEqualTo(expected);
        for (MqttAuth auth : new MqttAuth[] {covered, mosquitto}) {
            Decision asFilter = auth.authorize(user(who, "c"), Action.subscribe(filter, 1));
            Decision shared = auth.authorize(user(who, "c"), Action.subscribe("$share/g/" + filter, 1));
            assertThat(shared.isAllowed()).as(shared.explain()).isEqualTo(asFilter.isAllowed());
            assertThat(shared.reason()).isEqualTo(asFilter.reason());
            assertThat(shared.provider()).isEqualTo(asFilter.provider());
            assertThat(shared.detail()).isEqualTo(asFilter.detail());
            assertThat(shared.action()).contains(Action.subscribe("$share/g/" + filter, 1));
        }
    }

    @Test
    void aDoublePrefixIsCheckedAsTheInnerSharedSubscriptionWhichOnlyItsOwnRulesMatch() {
        assertThat(covered.authorize(user("s", "c"), Action.subscribe("$share/g/$share/h/x")).isAllowed()).isTrue();
        assertThat(covered.authorize(user("s", "c"), Action.subscribe("$share/g/x")).isAllowed()).isTrue();
        assertThat(covered.authorize(user("s", "c"), Action.subscribe("$share/g/$share/k/x")).reason())
                .contains(FailureReason.NO_MATCHING_RULE);
        assertThat(covered.authorize(user("u", "c"), Action.subscribe("$share/g/$share/h/news/a")).reason())
                .contains(FailureReason.NO_MATCHING_RULE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/g", "$share/g/", "$share//news/a", "$share/a+b/news/a", "$share/#/news/a"})
    void aMalformedSharedSubscriptionIsRefusedByTheEngineBeforeTheAcl(String filter) {
        for (MqttAuth auth : new MqttAuth[] {covered, mosquitto}) {
            Decision d = auth.authorize(user("v", "c"), Action.subscribe(filter));
            assertThat(d.reason()).contains(FailureReason.INVALID_TOPIC);
            assertThat(d.provider()).isEqualTo("topic");
        }
    }

    @Test
    void shareTopicsStillCannotBePublishedOrReceived() {
        for (Action action : new Action[] {Action.publish("$share/g/x"), Action.receive("$share/g/x")}) {
            Decision d = covered.authorize(user("v", "c"), action);
            assertThat(d.reason()).contains(FailureReason.DENIED_BY_RULE);
            assertThat(d.detail()).contains("$share topics can only be subscribed to");
        }
    }
}
