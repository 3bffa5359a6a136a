package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT 5.0 section 4.8.2: a shared subscription is {@code $share/{ShareName}/{filter}}, the ShareName at least one
 * character without {@code /}, {@code +} or {@code #} [MQTT-4.8.2-1] [MQTT-4.8.2-2]. The engine removes the prefix
 * once, and the identity's permissions, the cache and the authorizers check the filter alone.
 */
class MQTT_4_8_2_SharedSubscriptionsTest {

    private final List<Action> asked = new CopyOnWriteArrayList<>();
    private final Authorizer recording = (i, a) -> {
        asked.add(a);
        return AuthorizationResult.abstain("no rule");
    };

    private static Identity withPermissions(Permission... permissions) {
        return Identity.builder("dev", "c-dev").permissions(List.of(permissions)).build();
    }

    @Test
    void aDenyPermissionOnAFilterDeniesItsSharedSubscriptions() {
        MqttAuth auth = MqttAuth.builder().allowUnmatched(true).build();
        Identity dev = withPermissions(Permission.deny("secret/#", Action.Type.SUBSCRIBE));
        for (String filter : List.of("secret/#", "$share/g/secret/#", "$share/g/secret/x", "$share/other/+/x")) {
            Decision d = auth.authorize(dev, Action.subscribe(filter, 1));
            assertThat(d.reason()).as(filter).contains(FailureReason.DENIED_BY_RULE);
            assertThat(d.codes()).isEqualTo(new ReasonCodes(0x80, 0x87));
        }
        assertThat(auth.authorize(dev, Action.subscribe("$share/g/public/#")).isAllowed()).isTrue();
    }

    @Test
    void anAllowPermissionGrantsTheSharedSubscriptionsOfTheFiltersItCovers() {
        MqttAuth auth = MqttAuth.builder().build();
        Identity dev = withPermissions(Permission.allow("news/#", Action.Type.SUBSCRIBE));
        assertThat(auth.authorize(dev, Action.subscribe("$share/g/news/+")).isAllowed()).isTrue();
        assertThat(auth.authorize(dev, Action.subscribe("$share/g/other")).reason())
                .contains(FailureReason.NO_MATCHING_RULE);
    }

    @Test
    void theDecisionReportsTheSharedSubscriptionAndExplainsWhatWasChecked() {
        MqttAuth auth = MqttAuth.builder().build();
        Identity dev = withPermissions(Permission.deny("secret/#", Action.Type.SUBSCRIBE));
        Decision d = auth.authorize(dev, Action.subscribe("$share/g/secret/#", 1));
        assertThat(d.action()).contains(Action.subscribe("$share/g/secret/#", 1));
        assertThat(d.explain()).startsWith("DENY DENIED_BY_RULE SUBSCRIBE $share/g/secret/# (qos 1) as dev\n"
                + "  checked as: SUBSCRIBE secret/# (qos 1), the filter of the shared subscription\n"
                + "  decided by: identity:unknown\n");
        assertThat(auth.authorize(dev, Action.subscribe("secret/#", 1)).explain()).doesNotContain("checked as");
    }

    @Test
    void authorizersSeeTheFilterWithoutThePrefix() {
        Decision d = MqttAuth.builder().authorizer("acl", recording).build()
                .authorize(withPermissions(), Action.subscribe("$share/g/a/+", 2));
        assertThat(asked).containsExactly(Action.subscribe("a/+", 2));
        assertThat(d.action()).contains(Action.subscribe("$share/g/a/+", 2));
    }

    @Test
    void thePrefixIsRemovedOnceSoADoublePrefixIsCheckedAsTheInnerSharedFilter() {
        MqttAuth auth = MqttAuth.builder().authorizer("acl", recording).build();
        Decision d = auth.authorize(withPermissions(Permission.allow("#", Action.Type.SUBSCRIBE)),
                Action.subscribe("$share/g/$share/h/x"));
        assertThat(d.isAllowed()).as("# does not match topics beginning with $").isFalse();
        assertThat(asked).containsExactly(Action.subscribe("$share/h/x"));
        assertThat(auth.authorize(withPermissions(Permission.allow("$share/h/#", Action.Type.SUBSCRIBE)),
                Action.subscribe("$share/g/$share/h/x")).isAllowed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/", "$share/g", "$share/g/", "$share//x", "$share/a+b/x", "$share/#/x",
            "$share/+/x", "$share/a#/x", "$share/g/a/#/b", "$share/g/a+", "$share/g\u0000/x"})
    void aMalformedSharedSubscriptionIsAnInvalidTopic(String filter) {
        Identity superuser = withPermissions().toBuilder().superuser(true).build();
        Decision d = MqttAuth.builder().authorizer("acl", recording).build()
                .authorize(superuser, Action.subscribe(filter));
        assertThat(d.reason()).contains(FailureReason.INVALID_TOPIC);
        assertThat(d.codes()).as("SUBACK 0x8F topic filter invalid").isEqualTo(new ReasonCodes(0x80, 0x8F));
        assertThat(d.detail()).contains("write $share/NAME/FILTER");
        assertThat(asked).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share", "$shared/g/x", "$SHARE/g/x"})
    void filtersThatDoNotStartWithTheSharePrefixAreCheckedAsTheyAre(String filter) {
        MqttAuth.builder().authorizer("acl", recording).build().authorize(withPermissions(), Action.subscribe(filter));
        assertThat(asked).containsExactly(Action.subscribe(filter));
    }

    @Test
    void publishesAndDeliveriesOnShareTopicsAreCheckedAsTheyAre() {
        MqttAuth auth = MqttAuth.builder().authorizer("acl", recording).build();
        auth.authorize(withPermissions(), Action.publish("$share/g/x"));
        auth.authorize(withPermissions(), Action.receive("$share/g/x"));
        assertThat(asked).containsExactly(Action.publish("$share/g/x"), Action.receive("$share/g/x"));
    }

    @Test
    void aSharedSubscriptionAndItsFilterShareOneCacheEntryAndEachReportsItsOwnAction() {
        MqttAuth auth = MqttAuth.builder().authorizationCache(100, Duration.ofHours(1))
                .authorizer("acl", (i, a) -> { asked.add(a); return AuthorizationResult.allow("rule t"); }).build();
        Identity dev = withPermissions();
        assertThat(auth.authorize(dev, Action.subscribe("$share/g/t")).action())
                .contains(Action.subscribe("$share/g/t"));
        assertThat(auth.authorize(dev, Action.subscribe("t")).action()).contains(Action.subscribe("t"));
        Decision cached = auth.authorize(dev, Action.subscribe("$share/h/t"));
        assertThat(cached.action()).contains(Action.subscribe("$share/h/t"));
        assertThat(cached.explain()).contains("checked as: SUBSCRIBE t (qos 0)");
        assertThat(asked).containsExactly(Action.subscribe("t"));
    }
}
