package io.mqttauth.passwordfile;

import static io.mqttauth.passwordfile.Fixtures.accepted;
import static io.mqttauth.passwordfile.Fixtures.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConfigurationProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload never loses the last good file, and decisions during reloads see one whole file or the other. */
class ReloadTest {

    @TempDir
    Path dir;

    private static String line(String user, String password) {
        return user + ":" + PasswordHashes.hash(HashAlgorithm.SHA512, password.getBytes(StandardCharsets.UTF_8), 0)
                + "\n";
    }

    @Test
    void brokenFileKeepsTheLastGoodOneAndReportsFileAndLine() throws Exception {
        Path file = Fixtures.write(dir, "passwd", line("alice", "a1") + line("bob", "b1"));
        try (PasswordFileProvider p = Fixtures.provider(file, DefaultKdf.INSTANCE)) {
            Files.writeString(file, line("alice", "a2") + "bob:$7$0$xx$yy\n");
            List<ConfigurationProblem> problems = p.reload();
            assertThat(problems).hasSize(1);
            assertThat(problems.get(0).file()).isEqualTo(file.toAbsolutePath().normalize());
            assertThat(problems.get(0).line()).isEqualTo(2);
            assertThat(p.problems()).isEqualTo(problems);
            assertThat(accepted(p.authenticate(connect("alice", "a1")))).as("old file still in force").isTrue();
            assertThat(accepted(p.authenticate(connect("alice", "a2")))).isFalse();

            Files.writeString(file, line("alice", "a2"));
            assertThat(p.reload()).isEmpty();
            assertThat(p.problems()).isEmpty();
            assertThat(accepted(p.authenticate(connect("alice", "a2")))).isTrue();
            assertThat(p.authenticate(connect("bob", "b1"))).isInstanceOf(AuthenticationResult.Abstain.class);
        }
    }

    @Test
    void hundredReloadsWithConcurrentDecisionsAreAllConsistent() throws Exception {
        // Version A: alice/pa on line 1; version B: alice/pb on line 2; every third write is broken (kept out).
        // A decision that mixed them would accept with the other version's line, or refuse with its own.
        String a = line("alice", "pa") + line("onlyA", "x");
        String b = line("onlyB", "x") + line("alice", "pb");
        String broken = line("alice", "pc") + "onlyA:$6$short$short\n";
        Path file = Fixtures.write(dir, "passwd", a);
        Path staging = dir.resolve("staging");
        try (PasswordFileProvider p = Fixtures.provider(file, DefaultKdf.INSTANCE)) {
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Integer>> checkers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                checkers.add(pool.submit(() -> {
                    int checks = 0;
                    while (!stop.get() || checks == 0) {
                        consistent(p.authenticate(connect("alice", "pa")), "line 1,", "line 2,");
                        consistent(p.authenticate(connect("alice", "pb")), "line 2,", "line 1,");
                        if (accepted(p.authenticate(connect("alice", "pc")))) {
                            throw new AssertionError("the broken version was used");
                        }
                        checks++;
                    }
                    return checks;
                }));
            }
            int swaps = 0;
            for (int i = 0; i < 100; i++) {
                String next = i % 3 == 2 ? broken : i % 2 == 0 ? b : a;
                Files.writeString(staging, next);
                Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                List<ConfigurationProblem> problems = p.reload();
                if (next == broken) {
                    assertThat(problems).singleElement().extracting(ConfigurationProblem::line).isEqualTo(2);
                } else {
                    assertThat(problems).isEmpty();
                    swaps++;
                }
            }
            stop.set(true);
            for (Future<Integer> f : checkers) {
                assertThat(f.get()).isPositive();
            }
            pool.shutdown();
            assertThat(swaps).isGreaterThan(50);
        }
    }

    @Test
    void closingTheProviderStopsItsWatcherThread() throws Exception {
        Path file = Fixtures.write(dir, "passwd", line("alice", "a1"));
        Set<Thread> before = watchers();
        PasswordFileProvider p = Fixtures.provider(file, DefaultKdf.INSTANCE, "reload", "watch");
        Set<Thread> started = watchers();
        started.removeAll(before);
        assertThat(started).as("one watcher thread for the provider").hasSize(1);
        p.close();
        Thread watcher = started.iterator().next();
        watcher.join(10_000);
        assertThat(watcher.isAlive()).as("the watcher thread after close()").isFalse();
    }

    private static Set<Thread> watchers() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("mqtt-auth-watch-password-file") && t.isAlive()) {
                threads.add(t);
            }
        }
        return threads;
    }

    private static void consistent(AuthenticationResult r, String lineIfAccepted, String lineIfRefused) {
        boolean ok = accepted(r) ? r.detail().contains(lineIfAccepted)
                : r instanceof AuthenticationResult.Refusal && r.detail().contains(lineIfRefused);
        if (!ok) {
            throw new AssertionError("decision mixes two versions: " + r);
        }
    }
}
