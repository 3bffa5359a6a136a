package io.mqttauth.benchmarks;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.MqttVersion;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;

/**
 * Load time and retained heap of a large password file: writes {@code users} Mosquitto {@code $7$} lines (random
 * salts and hashes, so no key derivation is needed to make the file), loads it through the provider {@code runs}
 * times after {@code 2} warm-up loads, and reports the median load time and the heap that one loaded provider keeps
 * (used heap after full GCs, with and without it). Not a JMH benchmark: a load is seconds long and the retained heap is
 * what matters. Run: {@code java -Xmx2g -cp benchmarks.jar io.mqttauth.benchmarks.PasswordFileLoad [users] [runs]}.
 */
public final class PasswordFileLoad {

    private PasswordFileLoad() {
    }

    /** Writes the file, measures, prints one line per result. */
    public static void main(String[] args) throws IOException, InterruptedException {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("password-file-load");
        Path file = dir.resolve("passwd");
        write(file, users);
        ProviderFactory factory = ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("password-file")).findFirst().orElseThrow();
        ProviderContext context = ProviderContext.of("password-file", Map.of("path", "passwd", "reload", "off"), dir);

        long[] millis = new long[runs];
        for (int i = -2; i < runs; i++) {
            long start = System.nanoTime();
            Provider p = factory.create(context);
            long elapsed = System.nanoTime() - start;
            p.close();
            if (i >= 0) {
                millis[i] = elapsed / 1_000_000;
            }
        }
        Arrays.sort(millis);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        Provider kept = factory.create(context);
        long after = usedAfterGc(memory);
        ConnectRequest probe = ConnectRequest.builder("c").username(name(users / 2)).password("x")
                .mqttVersion(MqttVersion.V5).build();
        AuthenticationResult r = kept.authenticator().orElseThrow().authenticate(probe);
        if (!(r instanceof AuthenticationResult.Refusal)) {
            throw new IllegalStateException("the loaded file does not hold " + name(users / 2) + ": " + r);
        }
        kept.close();

        System.out.printf("users=%d file=%d MB%n", users, Files.size(file) >> 20);
        System.out.printf("load median=%d ms min=%d ms max=%d ms (%d runs)%n", millis[runs / 2], millis[0],
                millis[runs - 1], runs);
        System.out.printf("retained heap=%d MB (%d bytes per user)%n", (after - before) >> 20,
                (after - before) / users);
        Files.delete(file);
        Files.delete(dir);
    }

    private static String name(int i) {
        return String.format("device-%07d", i);
    }

    private static void write(Path file, int users) throws IOException {
        Random random = new Random(1);
        Base64.Encoder b64 = Base64.getEncoder();
        byte[] salt = new byte[12];
        byte[] hash = new byte[64];
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < users; i++) {
                random.nextBytes(salt);
                random.nextBytes(hash);
                w.write(name(i) + ":$7$101$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash) + "\n");
            }
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
