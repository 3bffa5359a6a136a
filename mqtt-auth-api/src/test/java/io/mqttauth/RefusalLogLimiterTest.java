package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RefusalLogLimiter}: a flood of refusals produces a bounded number of log lines, and says what it hid. */
class RefusalLogLimiterTest {

    private final TestClock clock = new TestClock();
    private final List<String> lines = new ArrayList<>();

    private RefusalLogLimiter limiter(int perKey, int inAll, long keys) {
        return new RefusalLogLimiter(perKey, inAll, Duration.ofMinutes(1), keys, lines::add, clock);
    }

    /** Logs a refusal of {@code key} the way a broker does: only when allowed. */
    private void refuse(RefusalLogLimiter limiter, String key) {
        if (limiter.allow(key)) {
            lines.add("refused " + key);
        }
    }

    @Test
    void tenThousandRefusalsFromOneAddressLogFiveLinesAndOneSummary() {
        RefusalLogLimiter limiter = limiter(5, 200, 1000);
        for (int i = 0; i < 10_000; i++) {
            refuse(limiter, "192.0.2.7");
        }
        assertThat(lines).hasSize(5).allMatch(l -> l.equals("refused 192.0.2.7"));
        clock.advance(Duration.ofSeconds(61));
        limiter.cleanUp();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(5)).isEqualTo("... and 9995 more refusals from \"192.0.2.7\" suppressed (at most 5 logged "
                + "per PT1M)");
    }

    @Test
    void theSummaryComesAtTheKeysNextRefusalAfterItsWindowAndANewWindowStarts() {
        RefusalLogLimiter limiter = limiter(2, 200, 1000);
        for (int i = 0; i < 5; i++) {
            refuse(limiter, "c");
        }
        clock.advance(Duration.ofSeconds(60));
        refuse(limiter, "c");
        assertThat(lines).containsExactly("refused c", "refused c",
                "... and 3 more refusals from \"c\" suppressed (at most 2 logged per PT1M)", "refused c");
    }

    @Test
    void aFloodFromManyAddressesIsBoundedByTheSharedLimit() {
        RefusalLogLimiter limiter = limiter(5, 100, 100_000);
        for (int i = 0; i < 10_000; i++) {
            refuse(limiter, "10.0." + (i / 256) + "." + (i % 256));
        }
        assertThat(lines).hasSize(100);
        clock.advance(Duration.ofSeconds(61));
        refuse(limiter, "192.0.2.1");
        assertThat(lines).hasSize(102);
        assertThat(lines.get(100)).isEqualTo("... and 9900 more refusals suppressed (at most 100 lines logged per PT1M "
                + "for all clients)");
    }

    @Test
    void keysAreBoundedAndAnEvictedKeyStillGetsItsSummary() {
        RefusalLogLimiter limiter = limiter(1, 10_000, 10);
        for (int i = 0; i < 3; i++) {
            refuse(limiter, "first");
        }
        for (int i = 0; i < 1000; i++) {
            refuse(limiter, "other-" + i);
        }
        limiter.cleanUp();
        assertThat(lines).contains("... and 2 more refusals from \"first\" suppressed (at most 1 logged per PT1M)");
        assertThat(lines).hasSize(1 + 1000 + 1);
    }

    @Test
    void aKeyThatWouldForgeALineIsQuotedInTheSummary() {
        RefusalLogLimiter limiter = limiter(1, 200, 1000);
        refuse(limiter, "x\nINFO forged");
        refuse(limiter, "x\nINFO forged");
        clock.advance(Duration.ofMinutes(2));
        limiter.cleanUp();
        assertThat(lines.get(1)).startsWith("... and 1 more refusals from \"x\\nINFO forged\"");
    }

    @Test
    void boundsOutOfRangeAreRejected() {
        assertThatThrownBy(() -> limiter(0, 10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter(5, 4, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RefusalLogLimiter(1, 1, Duration.ZERO, 1, lines::add, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
