package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An identity whose {@link Identity#expiresAt()} has come is denied every action, before anything else is asked. */
class IdentityExpiryTest {

    private final TestClock clock = new TestClock();

    private Identity expiringIn(Duration d) {
        return Identity.builder("alice", "c-alice").expiresAt(clock.instant().plus(d)).build();
    }

    private static Action action(Action.Type type) {
        return new Action(type, "lab/1", 1, false);
    }

    @ParameterizedTest
    @EnumSource(Action.Type.class)
    void anExpiredIdentityIsDeniedEveryActionWithWhenItExpired(Action.Type type) {
        MqttAuth auth = MqttAuth.builder().allowUnmatched(true).clock(clock).build();
        Instant expiry = clock.instant().minusSeconds(1);
        Identity alice = Identity.builder("alice", "c-alice").expiresAt(expiry).build();
        Decision d = auth.authorize(alice, action(type));
        assertThat(d.reason()).contains(FailureReason.IDENTITY_EXPIRED);
        assertThat(d.provider()).isEqualTo("expiry");
        assertThat(d.detail()).contains("\"alice\" expired at " + expiry);
        assertThat(d.codes()).isEqualTo(new ReasonCodes(0x80, 0x87));
        assertThat(d.action()).contains(action(type));
    }

    @Test
    void anIdentityExpiringExactlyNowIsExpired() {
        MqttAuth auth = MqttAuth.builder().allowUnmatched(true).clock(clock).build();
        assertThat(auth.authorize(expiringIn(Duration.ZERO), Action.publish("a")).reason())
                .contains(FailureReason.IDENTITY_EXPIRED);
    }

    @Test
    void anIdentityExpiringLaterIsAllowed() {
        MqttAuth auth = MqttAuth.builder().allowUnmatched(true).clock(clock).build();
        assertThat(auth.authorize(expiringIn(Duration.ofMillis(1)), Action.publish("a")).isAllowed()).isTrue();
    }

    @Test
    void expiryComesBeforeSuperusersAndTheIdentitysOwnPermissions() {
        MqttAuth auth = MqttAuth.builder().allowUnmatched(true).clock(clock).build();
        Identity superuser = expiringIn(Duration.ZERO).toBuilder().superuser(true).build();
        Identity permitted = expiringIn(Duration.ZERO).toBuilder()
                .permissions(List.of(Permission.allow("#", Action.Type.values()))).build();
        for (Action.Type type : Action.Type.values()) {
            assertThat(auth.authorize(superuser, action(type)).reason()).contains(FailureReason.IDENTITY_EXPIRED);
            assertThat(auth.authorize(permitted, action(type)).reason()).contains(FailureReason.IDENTITY_EXPIRED);
        }
    }

    @Test
    void aCachedAllowIsNotServedOnceTheIdentityExpired() {
        AtomicInteger calls = new AtomicInteger();
        MqttAuth auth = MqttAuth.builder().clock(clock).authorizationCache(100, Duration.ofHours(1))
                .authorizer("acl", (i, a) -> { calls.incrementAndGet(); return AuthorizationResult.allow("ok"); })
                .build();
        Identity alice = expiringIn(Duration.ofMinutes(1));
        assertThat(auth.authorize(alice, Action.publish("a")).isAllowed()).isTrue();
        assertThat(auth.authorize(alice, Action.publish("a")).isAllowed()).as("cached").isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(auth.authorize(alice, Action.publish("a")).reason()).contains(FailureReason.IDENTITY_EXPIRED);
        assertThat(calls).hasValue(1);
    }

    @Test
    void theOperatorsCodesForIdentityExpiredApply() {
        MqttAuth auth = MqttAuth.builder().clock(clock)
                .reasonCodes(FailureReason.IDENTITY_EXPIRED, ReasonCodes.ack(0x80)).build();
        assertThat(auth.authorize(expiringIn(Duration.ZERO), Action.subscribe("a/#")).codes())
                .isEqualTo(new ReasonCodes(0x80, 0x80));
    }
}
