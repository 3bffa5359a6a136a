package io.mqttauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.ReasonCodes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The throttle's counters and the authorization cache stay within their byte budgets (as weighed, Caffeine's
 * {@code weightedSize}) under a flood of attacker-chosen strings.
 */
class WeighedMemoryTest {

    private static final long BUDGET = 1L << 20;
    private static final String HUGE = "x".repeat(64 * 1024);
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final Random random = new Random(42);

    private InetAddress randomAddress(boolean v6) {
        byte[] b = new byte[v6 ? 16 : 4];
        random.nextBytes(b);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void throttleCountersStayWithinTheirBudgetUnderAFloodOfRandomUserNamesAndAddresses() {
        Throttle throttle = Throttle.of(5, Duration.ofMinutes(1), Duration.ofMinutes(5),
                List.of("username", "address"), BUDGET, clock);
        for (int i = 0; i < 2_000; i++) {
            throttle.refused(ConnectRequest.builder("c").username(HUGE + i).remoteAddress(randomAddress(i % 2 == 0))
                    .build(), FailureReason.PASSWORD_MISMATCH);
            assertThat(throttle.weightedSize()).isLessThanOrEqualTo(BUDGET);
        }
        for (int i = 0; i < 100_000; i++) {
            throttle.refused(ConnectRequest.builder("c").username(Long.toHexString(random.nextLong()))
                    .remoteAddress(randomAddress(i % 2 == 0)).build(), FailureReason.NO_CREDENTIALS_FOUND);
        }
        // Single refusals fill the counters, half the budget; the blocks' half stays empty.
        assertThat(throttle.weightedSize()).isLessThanOrEqualTo(BUDGET / 2).isGreaterThan(BUDGET / 4);
    }

    @Test
    void aBlockedAddressSurvivesAFloodOfRandomUserNames() throws Exception {
        Throttle throttle = Throttle.of(5, Duration.ofMinutes(1), Duration.ofMinutes(5),
                List.of("username", "address"), BUDGET, clock);
        ConnectRequest attacker = ConnectRequest.builder("c").remoteAddress(InetAddress.getByName("192.0.2.66"))
                .build();
        for (int i = 0; i < 5; i++) {
            throttle.refused(attacker, FailureReason.ANONYMOUS_NOT_ALLOWED);
        }
        assertThat(throttle.blocked(attacker)).isNotNull();
        for (int i = 0; i < 100_000; i++) {
            throttle.refused(ConnectRequest.builder("c").username(Long.toHexString(random.nextLong()))
                    .remoteAddress(randomAddress(false)).build(), FailureReason.NO_CREDENTIALS_FOUND);
        }
        // The flood fills the counters; blocks are kept apart, so it cannot evict this one.
        assertThat(throttle.blocked(attacker)).isNotNull();
    }

    private static Decision decision(Identity identity, Action action) {
        return Decision.deny(FailureReason.NO_MATCHING_RULE, ReasonCodes.ack(0x87), identity, action, "acl",
                "no rule matches for \"" + identity.name() + "\" (client \"" + identity.clientId() + "\")",
                List.of(new Decision.Step("acl", "DENY", FailureReason.NO_MATCHING_RULE, "no rule")), Instant.EPOCH);
    }

    @Test
    void authorizationCacheStaysWithinItsBudgetUnderAFloodOfLongTopicsAndClientIds() {
        AuthorizationCache cache = new AuthorizationCache(100_000, Duration.ofMinutes(10), BUDGET, 1024);
        String long1000 = "t".repeat(1000);
        for (int i = 0; i < 20_000; i++) {
            Identity identity = Identity.builder("u" + (i % 100), long1000.substring(0, 990) + i).build();
            Action action = Action.publish(long1000 + "/" + i, 0, false);
            cache.compute(identity, action, () -> decision(identity, action));
        }
        assertThat(cache.weightedSize()).isLessThanOrEqualTo(BUDGET).isGreaterThan(BUDGET / 2);
    }

    @Test
    void authorizationCacheDoesNotKeepDecisionsAboutStringsOverTheLimit() {
        AuthorizationCache cache = new AuthorizationCache(100_000, Duration.ofMinutes(10), BUDGET, 1024);
        Identity alice = Identity.builder("alice", "c1").build();
        Identity longId = Identity.builder("alice", HUGE).build();
        Identity longName = Identity.builder(HUGE, "c1").build();
        Action shortTopic = Action.publish("a/b", 0, false);
        Action longTopic = Action.publish(HUGE, 0, false);
        cache.compute(alice, longTopic, () -> decision(alice, longTopic));
        cache.compute(longId, shortTopic, () -> decision(longId, shortTopic));
        cache.compute(longName, shortTopic, () -> decision(longName, shortTopic));
        cache.compute(alice, shortTopic, () -> decision(alice, shortTopic));

        assertThat(cache.getIfPresent(alice, longTopic)).isNull();
        assertThat(cache.getIfPresent(longId, shortTopic)).isNull();
        assertThat(cache.getIfPresent(longName, shortTopic)).isNull();
        assertThat(cache.getIfPresent(alice, shortTopic)).isNotNull();
    }

    @Test
    void authorizationCacheStillHoldsAtMostItsEntryCount() {
        AuthorizationCache cache = new AuthorizationCache(100, Duration.ofMinutes(10), 64L << 20, 1024);
        Identity alice = Identity.builder("alice", "c1").build();
        for (int i = 0; i < 1_000; i++) {
            Action a = Action.publish("t/" + i, 0, false);
            cache.compute(alice, a, () -> decision(alice, a));
        }
        cache.weightedSize(); // runs the pending evictions
        long kept = 0;
        for (int i = 0; i < 1_000; i++) {
            kept += cache.getIfPresent(alice, Action.publish("t/" + i, 0, false)) == null ? 0 : 1;
        }
        assertThat(kept).isBetween(1L, 100L);
    }
}
