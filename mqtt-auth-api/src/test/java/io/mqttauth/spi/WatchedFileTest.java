package io.mqttauth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link WatchedFile}: parse-then-swap snapshots, last good kept on errors, polling, watching and closing. */
class WatchedFileTest {

    @TempDir
    Path dir;

    private final AtomicInteger parses = new AtomicInteger();
    private final AtomicInteger reloadedCalls = new AtomicInteger();

    /** Each line must be a number; the snapshot is the list of numbers. */
    private List<Integer> parse(Path file, byte[] content) {
        parses.incrementAndGet();
        List<Integer> numbers = new ArrayList<>();
        List<ConfigurationProblem> problems = new ArrayList<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            switch (lines[i]) {
                case "explode" -> throw new IllegalStateException("parser bug on secret line");
                case "OutOfMemoryError" -> throw new OutOfMemoryError("Java heap space on secret line");
                case "StackOverflowError" -> throw new StackOverflowError("secret line");
                case "AssertionError" -> throw new AssertionError("secret line");
                default -> { }
            }
            try {
                numbers.add(Integer.parseInt(lines[i]));
            } catch (NumberFormatException e) {
                problems.add(ConfigurationProblem.atLine(file, i + 1, "not a number", "write digits"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return List.copyOf(numbers);
    }

    private ProviderContext context() {
        return ProviderContext.of("test", Map.of(), dir, java.time.Clock.systemUTC(), reloadedCalls::incrementAndGet);
    }

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("numbers.txt"), content);
    }

    /** Replaces the file in one step, so that a watcher never reads it half written. */
    private void replace(Path file, String content) throws IOException {
        Path staging = Files.writeString(dir.resolve("staging.tmp"), content);
        Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void goodThenBadKeepsTheGoodAndReportsFileAndLine() throws IOException {
        Path file = file("1\n2\n");
        List<String> swaps = new ArrayList<>();
        try (WatchedFile<List<Integer>> w = WatchedFile.load(file, this::parse, ReloadPolicy.OFF, context(),
                (before, after) -> swaps.add(before + "->" + after))) {
            assertThat(w.current()).containsExactly(1, 2);
            file("1\ntwo\n3\nfour\n");
            List<ConfigurationProblem> problems = w.reload();
            assertThat(problems).extracting(ConfigurationProblem::line).containsExactly(2, 4);
            assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo(file.toAbsolutePath()));
            assertThat(w.problems()).isEqualTo(problems);
            assertThat(w.current()).containsExactly(1, 2);
            assertThat(swaps).isEmpty();
            assertThat(reloadedCalls).hasValue(0);

            file("5\n");
            assertThat(w.reload()).isEmpty();
            assertThat(w.problems()).isEmpty();
            assertThat(w.current()).containsExactly(5);
            assertThat(swaps).containsExactly("[1, 2]->[5]");
            assertThat(reloadedCalls).hasValue(1);
        }
    }

    @Test
    void unchangedContentIsNotParsedAgain() throws IOException {
        Path file = file("1\n");
        try (WatchedFile<List<Integer>> w = WatchedFile.load(file, this::parse, ReloadPolicy.OFF, context())) {
            w.reload();
            w.reload();
            assertThat(parses).hasValue(1);
            assertThat(reloadedCalls).hasValue(0);
        }
    }

    @Test
    void aDeletedFileKeepsTheLastGood() throws IOException {
        Path file = file("1\n");
        try (WatchedFile<List<Integer>> w = WatchedFile.load(file, this::parse, ReloadPolicy.OFF, context())) {
            Files.delete(file);
            assertThat(w.reload()).singleElement().satisfies(p -> assertThat(p.message()).isEqualTo("file not found"));
            assertThat(w.current()).containsExactly(1);
        }
    }

    @Test
    void aParserBugOnReloadIsAProblemNotAnException() throws IOException {
        Path file = file("1\n");
        try (WatchedFile<List<Integer>> w = WatchedFile.load(file, this::parse, ReloadPolicy.OFF, context())) {
            file("explode\n");
            assertThat(w.reload()).singleElement().satisfies(p -> {
                assertThat(p.message()).contains("IllegalStateException").doesNotContain("secret");
                assertThat(p.file()).isEqualTo(file.toAbsolutePath());
            });
            assertThat(w.current()).containsExactly(1);
        }
    }

    /**
     * An Error from the parser (a hostile file can exhaust the heap or the stack) is a problem naming the file, the last
     * good snapshot stays, and reloading goes on: the next change is picked up, by a direct reload, by the poller and by
     * the watcher alike (an escaping Error would end the poller's task or the watcher's thread for good).
     */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "OutOfMemoryError, off", "StackOverflowError, off", "AssertionError, off",
        "OutOfMemoryError, 10ms", "StackOverflowError, 10ms", "AssertionError, 10ms",
        "OutOfMemoryError, watch", "StackOverflowError, watch", "AssertionError, watch",
    })
    void anErrorInTheParserIsAProblemAndTheNextChangeIsStillPickedUp(String error, String reload) throws Exception {
        Path file = file("1\n");
        ReloadPolicy policy = ReloadPolicy.parse("test.reload", reload);
        try (WatchedFile<List<Integer>> w = WatchedFile.load(file, this::parse, policy, context())) {
            replace(file, error + "\n");
            if (policy.equals(ReloadPolicy.OFF)) {
                w.reload();
            }
            awaitTrue(() -> !w.problems().isEmpty());
            assertThat(w.problems()).singleElement().satisfies(p -> {
                assertThat(p.message()).contains(error).doesNotContain("secret");
                assertThat(p.file()).isEqualTo(file.toAbsolutePath());
            });
            assertThat(w.current()).containsExactly(1);

            replace(file, "3\n");
            if (policy.equals(ReloadPolicy.OFF)) {
                assertThat(w.reload()).isEmpty();
            }
            awaitTrue(() -> w.current().equals(List.of(3)) && w.problems().isEmpty());
        }
    }

    @Test
    void badOrMissingFileFailsFastAtLoad() throws IOException {
        Path file = file("x\n");
        assertThatThrownBy(() -> WatchedFile.load(file, this::parse, ReloadPolicy.OFF, context()))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(1)));
        assertThatThrownBy(() -> WatchedFile.load(dir.resolve("none"), this::parse, ReloadPolicy.OFF, context()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("file not found")
                .hasMessageContaining("relative paths resolve against the configuration file's folder");
    }

    @Test
    void pollingPicksUpChangesAndCloseStopsIt() throws Exception {
        Path file = file("1\n");
        WatchedFile<List<Integer>> w = WatchedFile.load(file, this::parse, ReloadPolicy.every(Duration.ofMillis(10)),
                context());
        try {
            file("2\n");
            awaitTrue(() -> w.current().equals(List.of(2)));
            file("bad\n");
            awaitTrue(() -> !w.problems().isEmpty());
            assertThat(w.current()).containsExactly(2);
        } finally {
            w.close();
        }
        // After close no poll runs: a change stays unseen (the poller would have seen it within 10 ms).
        int parsesAtClose = parses.get();
        file("3\n");
        Thread.sleep(200);
        assertThat(parses).hasValue(parsesAtClose);
        assertThat(w.current()).containsExactly(2);
    }

    @Test
    void closeWaitsForTheRunningBackgroundReloadAndNoneRunsAfterIt() throws Exception {
        CountDownLatch parsing = new CountDownLatch(1);
        AtomicBoolean parseFinished = new AtomicBoolean();
        Path file = file("1\n");
        WatchedFile<List<Integer>> w = WatchedFile.load(file, (f, content) -> {
            if (parses.get() > 0) {
                parsing.countDown();
                sleep(300);
                parseFinished.set(true);
            }
            return parse(f, content);
        }, ReloadPolicy.every(Duration.ofMillis(10)), context());
        file("2\n");
        assertThat(parsing.await(10, TimeUnit.SECONDS)).isTrue();
        w.close();
        assertThat(parseFinished).isTrue();
        int parsesAtClose = parses.get();
        file("3\n");
        Thread.sleep(200);
        assertThat(parses).hasValue(parsesAtClose);
        assertThat(w.current()).containsExactly(2);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError("interrupted while a reload ran: close() must wait, not interrupt", e);
        }
    }

    @Test
    void watchingPicksUpChanges() throws Exception {
        Path file = file("1\n");
        try (WatchedFile<List<Integer>> w = WatchedFile.load(file, this::parse, ReloadPolicy.WATCH, context())) {
            file("7\n");
            awaitTrue(() -> w.current().equals(List.of(7)));
            // The engine is told after the swap, on the watcher's thread.
            awaitTrue(() -> reloadedCalls.get() == 1);
            assertThat(w.current()).containsExactly(7);
        }
    }

    @Test
    void reloadPolicyParsing() {
        assertThat(ReloadPolicy.parse("k", null)).isEqualTo(ReloadPolicy.WATCH);
        assertThat(ReloadPolicy.parse("k", " Watch ")).isEqualTo(ReloadPolicy.WATCH);
        assertThat(ReloadPolicy.parse("k", "off")).isEqualTo(ReloadPolicy.OFF);
        assertThat(ReloadPolicy.parse("k", "30s")).isEqualTo(ReloadPolicy.every(Duration.ofSeconds(30)));
        assertThat(ReloadPolicy.parse("k", "PT1M").pollInterval()).contains(Duration.ofMinutes(1));
        assertThatThrownBy(() -> ReloadPolicy.parse("x.reload", "sometimes"))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.problems().get(0).key()).isEqualTo("x.reload"));
    }

    /** Waits for a background reload; generous timeout, no timing assertion. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
