package io.mqttauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.spi.ProviderFactory;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** What both compatibility kits do the same way: discovery, configuration files, concurrency. */
final class KitSupport {

    /** Threads that call the provider at once in the thread-safety checks. */
    static final int THREADS = 8;
    /** Rounds each thread makes over the sample inputs. */
    static final int ROUNDS = 50;

    private KitSupport() {
    }

    /** The one factory named {@code name} that {@link ServiceLoader} finds; fails if none or several. */
    static ProviderFactory find(String name) {
        List<ProviderFactory> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
            names.add(f.name());
            if (name.equals(f.name())) {
                found.add(f);
            }
        }
        assertThat(found)
                .as("ServiceLoader finds exactly one ProviderFactory named \"%s\" (found names: %s); declare it in "
                        + "META-INF/services/io.mqttauth.spi.ProviderFactory and in module-info.java", name, names)
                .hasSize(1);
        return found.get(0);
    }

    /** Writes an engine configuration listing the provider under {@code listKey} with its keys prefixed. */
    static Path writeConfiguration(Path dir, String listKey, String name, Map<String, String> keys)
            throws IOException {
        Properties p = new Properties();
        p.setProperty(listKey, name);
        keys.forEach((k, v) -> p.setProperty(name + "." + k, v));
        Path file = dir.resolve("mqtt-auth-kit.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "written by the mqtt-auth compatibility kit");
        }
        return file;
    }

    /**
     * Computes {@code f} for every input once, then from {@link #THREADS} threads at once for {@link #ROUNDS} rounds,
     * and fails if any thread sees a different outcome than the first computation.
     */
    static <I> void sameFromManyThreads(List<I> inputs, Function<I, String> f) throws Exception {
        List<String> expected = inputs.stream().map(f).toList();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<String> mismatches = new ArrayList<>();
                    for (int round = 0; round < ROUNDS; round++) {
                        for (int k = 0; k < inputs.size(); k++) {
                            int i = (k + offset * 7 + round) % inputs.size();
                            String actual = f.apply(inputs.get(i));
                            if (!actual.equals(expected.get(i))) {
                                mismatches.add("input " + i + ": expected " + expected.get(i) + " but got " + actual);
                            }
                        }
                    }
                    return mismatches;
                }));
            }
            start.countDown();
            List<String> mismatches = new ArrayList<>();
            for (Future<List<String>> future : futures) {
                mismatches.addAll(future.get(5, TimeUnit.MINUTES));
            }
            assertThat(mismatches).as("outcomes that differ under concurrent calls").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** A short printable form of a possibly huge value, for failure messages. */
    static String shorten(Object value) {
        String s = String.valueOf(value);
        return s.length() <= 200 ? s : s.substring(0, 200) + "... (" + s.length() + " chars)";
    }
}
