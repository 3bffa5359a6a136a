package io.mqttauth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.ConfigurationException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a provider reads from its {@link ProviderContext}: its name, keys, folder and clock as given, and typed values
 * (booleans, integers at and past their bounds, durations, paths) with the key named in every mistake.
 */
class ProviderContextValuesTest {

    private static final Path BASE = Path.of("/etc/mqtt").toAbsolutePath();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static ProviderContext context(String... keyValues) {
        Map<String, String> config = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return ProviderContext.of("acl", config, BASE, CLOCK, () -> { });
    }

    @Test
    void theContextHoldsWhatTheEngineGaveIt() {
        AtomicInteger reloads = new AtomicInteger();
        ProviderContext c = ProviderContext.of("acl", Map.of("b", "2", "a", "1"), BASE, CLOCK, reloads::incrementAndGet);
        assertThat(c.name()).isEqualTo("acl");
        assertThat(c.config()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(c.baseDirectory()).isEqualTo(BASE);
        assertThat(c.clock()).isSameAs(CLOCK);
        assertThat(c.fullKey("path")).isEqualTo("acl.path");
        c.reloaded();
        assertThat(reloads).hasValue(1);
        assertThat(ProviderContext.of("x", Map.of(), BASE).clock()).isNotNull();
    }

    @Test
    void pathsResolveAgainstTheBaseDirectory() {
        ProviderContext c = context("path", " rules/acl ", "blank", "  ");
        assertThat(c.path("path")).contains(BASE.resolve("rules/acl"));
        assertThat(c.path("blank")).isEmpty();
        assertThat(c.path("missing")).isEmpty();
        assertThat(c.requirePath("path", "set it")).isEqualTo(BASE.resolve("rules/acl"));
        assertThatThrownBy(() -> c.requirePath("missing", "set acl.missing"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> {
                            assertThat(p.key()).isEqualTo("acl.missing");
                            assertThat(p.fix()).isEqualTo("set acl.missing");
                        }));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"true,true", "on,true", "YES,true", "false,false", "off,false", "No,false"})
    void booleansHaveThreeSpellingsEach(String text, boolean value) {
        assertThat(context("k", text).bool("k", !value)).isEqualTo(value);
    }

    @Test
    void aMissingBooleanIsTheDefaultAndAWrongOneNamesTheKey() {
        assertThat(context().bool("k", true)).isTrue();
        assertThat(context().bool("k", false)).isFalse();
        assertThatThrownBy(() -> context("k", "maybe").bool("k", true))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("acl.k")
                .hasMessageContaining("not a boolean");
    }

    @Test
    void integersAreReadWithinTheirBoundsInclusive() {
        assertThat(context().integer("n", 7, 1, 10)).isEqualTo(7);
        assertThat(context("n", "1").integer("n", 7, 1, 10)).isEqualTo(1);
        assertThat(context("n", "10").integer("n", 7, 1, 10)).isEqualTo(10);
        assertThat(context("n", "1_000").integer("n", 7, 1, 10_000)).isEqualTo(1000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0,out of range", "11,out of range", "ten,not a number"})
    void integersPastTheirBoundsOrNotNumbersNameTheKeyAndTheRange(String text, String message) {
        assertThatThrownBy(() -> context("n", text).integer("n", 7, 1, 10))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> {
                            assertThat(p.key()).isEqualTo("acl.n");
                            assertThat(p.message()).contains(message);
                            assertThat(p.fix()).contains("1 to 10");
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500ms,PT0.5S", "30s,PT30S", "5m,PT5M", "2h,PT2H", "1d,PT24H", "pt1m,PT1M", "' 10 S ',PT10S"})
    void durationsHaveUnits(String text, Duration expected) {
        assertThat(context("d", text).duration("d", Duration.ZERO)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0s", "-1s", "10", "10w", "s", "PT0S"})
    void aDurationThatIsNotPositiveOrHasNoUnitNamesTheKey(String text) {
        assertThatThrownBy(() -> context("d", text).duration("d", Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("acl.d")
                .hasMessageContaining("not a positive duration");
    }

    @Test
    void aMissingDurationIsTheDefault() {
        assertThat(context().duration("d", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }
}
