package io.mqttauth.examples.hivemq.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.examples.hivemq.Mqtt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo broker as a newcomer starts it, {@code java -jar target/mqtt-auth-demo.jar}, in a JVM of its own with the
 * class path its manifest names: the engine's own warnings reach the demo's logback output (its pattern,
 * {@code HH:mm:ss.SSS LEVEL message}) through {@code slf4j-jdk-platform-logging}, not java.util.logging's two-line
 * format on standard error, which is where {@link System.Logger} goes without it.
 */
class DemoJarLogsIT {

    private static final Path JAR = Path.of("target", "mqtt-auth-demo.jar");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DEMO = "/io/mqttauth/examples/hivemq/demo/";

    @TempDir
    Path dir;

    @Test
    void theEnginesWarningForABrokenWatchedFileShowsInTheDemosLogbackOutput() throws Exception {
        for (String name : List.of("mqtt-auth.properties", "passwd", "acl")) {
            try (InputStream in = DemoJarLogsIT.class.getResourceAsStream(DEMO + name)) {
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path output = dir.resolve("demo.out");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString(), "--config", "mqtt-auth.properties",
                "--port", Integer.toString(Mqtt.freePort()))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            await(demo, output, l -> l.contains("Every refusal is logged below"), "the banner");
            Files.writeString(dir.resolve("acl"), "topic READ sensors/#\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            Pattern logback = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  acl: reload of \\[.*acl\\] failed, "
                    + "keeping the last good version: .*acl:\\d+: unknown access \"READ\".*");
            await(demo, output, l -> logback.matcher(l).matches(), "the engine's warning in logback's pattern");
            assertThat(Files.readAllLines(output)).as("java.util.logging's format")
                    .noneMatch(l -> l.startsWith("WARNING:"));
        } finally {
            demo.destroy();
            if (!demo.waitFor(30, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    private static void await(Process demo, Path output, Predicate<String> line, String what)
            throws IOException, InterruptedException {
        Instant end = Instant.now().plus(WAIT);
        while (Files.readAllLines(output).stream().noneMatch(line)) {
            if (Instant.now().isAfter(end) || !demo.isAlive()) {
                throw new AssertionError("not within " + WAIT + ": " + what + "; the demo's output:\n"
                        + Files.readString(output));
            }
            Thread.sleep(200);
        }
    }
}
