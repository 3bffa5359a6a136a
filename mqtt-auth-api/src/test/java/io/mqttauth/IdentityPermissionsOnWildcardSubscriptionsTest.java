package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An identity's own permissions decide a wildcard SUBSCRIBE as {@link Permission} says: an allow only when its filter
 * covers every topic the requested filter can match, a deny as soon as the two filters share a topic.
 */
class IdentityPermissionsOnWildcardSubscriptionsTest {

    private final MqttAuth auth = MqttAuth.builder().build();

    private static Identity carrying(Permission p) {
        return Identity.builder("dev", "c-dev").provider("jwt").permissions(List.of(p)).build();
    }

    @Test
    void anAllowThatCoversTheRequestedFilterAllowsIt() {
        Decision d = auth.authorize(carrying(Permission.allow("news/#", Action.Type.SUBSCRIBE)),
                Action.subscribe("news/+/today"));
        assertThat(d.isAllowed()).isTrue();
        assertThat(d.provider()).isEqualTo("identity:jwt");
    }

    @Test
    void anAllowThatOnlyOverlapsTheRequestedFilterDoesNotAllowIt() {
        Decision d = auth.authorize(carrying(Permission.allow("news/+", Action.Type.SUBSCRIBE)),
                Action.subscribe("news/#"));
        assertThat(d.isAllowed()).as("news/# also matches news/a/b, which news/+ does not grant").isFalse();
        assertThat(d.reason()).contains(FailureReason.NO_MATCHING_RULE);
    }

    @Test
    void aDenyThatOnlyOverlapsTheRequestedFilterDeniesIt() {
        Decision d = MqttAuth.builder().allowUnmatched(true).build().authorize(
                carrying(Permission.deny("news/secret", Action.Type.SUBSCRIBE)), Action.subscribe("news/+"));
        assertThat(d.reason()).contains(FailureReason.DENIED_BY_RULE);
        assertThat(d.provider()).isEqualTo("identity:jwt");
    }

    @Test
    void aDenyForOtherActionsDoesNotConcernASubscription() {
        Decision d = MqttAuth.builder().allowUnmatched(true).build().authorize(
                carrying(Permission.deny("news/#", Action.Type.PUBLISH)), Action.subscribe("news/+"));
        assertThat(d.isAllowed()).isTrue();
        assertThat(d.provider()).isEqualTo("no-match");
    }

    @Test
    void aDenyOnDisjointFiltersDoesNotConcernTheSubscription() {
        Decision d = MqttAuth.builder().allowUnmatched(true).build().authorize(
                carrying(Permission.deny("news/secret", Action.Type.SUBSCRIBE)), Action.subscribe("sports/+"));
        assertThat(d.isAllowed()).isTrue();
    }
}
