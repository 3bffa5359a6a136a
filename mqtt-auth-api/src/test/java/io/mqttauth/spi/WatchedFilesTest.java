package io.mqttauth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WatchedFiles}: files and folders parsed together, folder members picked up and dropped, the last good
 * snapshot kept on errors, unchanged contents not parsed again, watching a folder.
 */
class WatchedFilesTest {

    @TempDir
    Path dir;

    private final AtomicInteger parses = new AtomicInteger();
    private final AtomicInteger reloadedCalls = new AtomicInteger();
    private final List<String> swaps = new ArrayList<>();

    /** Each file holds one word; "bad" is a problem of that file. The snapshot is "file:word" in parse order. */
    private List<String> parse(Map<Path, byte[]> contents) {
        parses.incrementAndGet();
        List<String> words = new ArrayList<>();
        List<ConfigurationProblem> problems = new ArrayList<>();
        contents.forEach((file, bytes) -> {
            String word = new String(bytes, StandardCharsets.UTF_8).strip();
            if (word.equals("bad")) {
                problems.add(ConfigurationProblem.atLine(file, 1, "bad word", "write another word"));
            }
            words.add(file.getFileName() + ":" + word);
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return List.copyOf(words);
    }

    private WatchedFiles<List<String>> load(ReloadPolicy policy, Path... paths) {
        ProviderContext context = ProviderContext.of("test", Map.of(), dir, Clock.systemUTC(),
                reloadedCalls::incrementAndGet);
        return WatchedFiles.load(List.of(paths), p -> p.getFileName().toString().endsWith(".txt"), this::parse,
                policy, context, (before, after) -> swaps.add(before + "->" + after));
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void aFolderStandsForItsMatchingFilesInNameOrderAndPicksUpNewAndRemovedOnes() throws IOException {
        Path b = write("f/b.txt", "two");
        write("f/a.txt", "one");
        write("f/ignored.md", "bad");
        write("f/sub/c.txt", "bad");
        try (WatchedFiles<List<String>> w = load(ReloadPolicy.OFF, dir.resolve("f"))) {
            assertThat(w.current()).containsExactly("a.txt:one", "b.txt:two");

            write("f/c.txt", "three");
            assertThat(w.reload()).isEmpty();
            assertThat(w.current()).containsExactly("a.txt:one", "b.txt:two", "c.txt:three");

            Files.delete(b);
            assertThat(w.reload()).isEmpty();
            assertThat(w.current()).containsExactly("a.txt:one", "c.txt:three");
            assertThat(swaps).hasSize(2);
            assertThat(reloadedCalls).hasValue(2);
        }
    }

    @Test
    void aBrokenFileKeepsTheLastGoodSnapshotAndNamesTheFile() throws IOException {
        Path first = write("one.txt", "one");
        Path second = write("two.txt", "two");
        try (WatchedFiles<List<String>> w = load(ReloadPolicy.OFF, first, second)) {
            write("two.txt", "bad");
            List<ConfigurationProblem> problems = w.reload();
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(second.toAbsolutePath().normalize());
                assertThat(p.line()).isEqualTo(1);
            });
            assertThat(w.problems()).isEqualTo(problems);
            assertThat(w.current()).containsExactly("one.txt:one", "two.txt:two");
            assertThat(swaps).isEmpty();
            assertThat(reloadedCalls).hasValue(0);

            write("two.txt", "zwei");
            assertThat(w.reload()).isEmpty();
            assertThat(w.problems()).isEmpty();
            assertThat(w.current()).containsExactly("one.txt:one", "two.txt:zwei");
            assertThat(swaps).containsExactly("[one.txt:one, two.txt:two]->[one.txt:one, two.txt:zwei]");
        }
    }

    @Test
    void unchangedContentsAreNotParsedAgain() throws IOException {
        Path file = write("one.txt", "one");
        try (WatchedFiles<List<String>> w = load(ReloadPolicy.OFF, file, dir)) {
            w.reload();
            w.reload();
            assertThat(parses).hasValue(1);
            assertThat(reloadedCalls).hasValue(0);
        }
    }

    @Test
    void everyMissingPathFailsFastAtLoad() {
        assertThatThrownBy(() -> load(ReloadPolicy.OFF, dir.resolve("none.txt"), dir.resolve("gone/x.txt")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(ConfigurationProblem::message).containsExactly("file not found", "file not found"))
                .hasMessageContaining("none.txt").hasMessageContaining("x.txt");
    }

    @Test
    void aRemovedFileIsAProblemAndKeepsTheLastGood() throws IOException {
        Path file = write("one.txt", "one");
        try (WatchedFiles<List<String>> w = load(ReloadPolicy.OFF, file)) {
            Files.delete(file);
            assertThat(w.reload()).singleElement().satisfies(p -> assertThat(p.message()).isEqualTo("file not found"));
            assertThat(w.current()).containsExactly("one.txt:one");
        }
    }

    @Test
    void watchingAFolderPicksUpANewFile() throws Exception {
        write("f/a.txt", "one");
        try (WatchedFiles<List<String>> w = load(ReloadPolicy.WATCH, dir.resolve("f"))) {
            write("f/b.txt", "two");
            awaitTrue(() -> w.current().equals(List.of("a.txt:one", "b.txt:two")));
            awaitTrue(() -> reloadedCalls.get() >= 1);
        }
    }

    @Test
    void watchingAFilePicksUpItsChange() throws Exception {
        Path file = write("one.txt", "one");
        try (WatchedFiles<List<String>> w = load(ReloadPolicy.WATCH, file)) {
            write("one.txt", "uno");
            awaitTrue(() -> w.current().equals(List.of("one.txt:uno")));
        }
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
