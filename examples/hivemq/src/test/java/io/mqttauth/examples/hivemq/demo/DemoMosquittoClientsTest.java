package io.mqttauth.examples.hivemq.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mqttauth.examples.hivemq.Mqtt;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo broker without {@code --config} prints copy-paste {@code mosquitto_sub}/{@code mosquitto_pub} commands;
 * run exactly as printed with Mosquitto's own clients, they behave as the banner says: an accepted subscriber and
 * publisher, a refused password (exit code 5) and a denied publish (MQTT 5 PUBACK 0x87). Needs Debian's
 * {@code mosquitto-clients}: skipped where they are missing, except in CI (environment variable {@code CI} set), where
 * their absence fails the test.
 */
class DemoMosquittoClientsTest {

    @TempDir
    Path tmp;

    /** The output of a finished command. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    @Test
    void thePrintedCommandsBehaveAsPrinted() throws Exception {
        requireMosquittoClients();
        DemoBroker broker = new DemoBroker();
        new CommandLine(broker).parseArgs("--port", Integer.toString(Mqtt.freePort()));
        try (DemoBroker.Running demo = broker.start()) {
            String banner = demo.banner();
            List<String> commands = banner.lines().map(String::strip).filter(l -> l.startsWith("mosquitto_"))
                    .toList();
            assertThat(commands).hasSize(4);
            assertThat(banner)
                    .contains("\"sensors/alice/temp 21.5\"")
                    .contains("\"Connection error: Connection Refused: not authorised.\" (exit code 5)")
                    .contains("\"Warning: Publish 1 failed: Not authorized.\"");

            Path subscriberOutput = tmp.resolve("sub.out");
            Process subscriber = new ProcessBuilder("bash", "-c", commands.get(0))
                    .redirectErrorStream(true)
                    .redirectOutput(subscriberOutput.toFile())
                    .start();
            try {
                // 2. accepted publish: repeated until the subscriber (connecting meanwhile) prints it
                awaitLines(subscriberOutput, commands.get(1), 1);

                Result refused = run(commands.get(2));
                assertThat(refused.exitCode()).isEqualTo(5);
                assertThat(refused.stderr()).contains("Connection error: Connection Refused: not authorised.");

                Result denied = run(commands.get(3));
                assertThat(denied.exitCode()).isZero();
                assertThat(denied.stderr()).contains("Warning: Publish 1 failed: Not authorized.");

                int seen = lines(subscriberOutput).size();
                awaitLines(subscriberOutput, commands.get(1), seen + 1);
                assertThat(lines(subscriberOutput)).allMatch(l -> l.equals("sensors/alice/temp 21.5"));
            } finally {
                subscriber.destroy();
                subscriber.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs the publish command until the subscriber's output has {@code count} lines (at most 50 times). */
    private static void awaitLines(Path output, String publish, int count) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            Result r = run(publish);
            assertThat(r.exitCode()).as(publish + ": " + r.stderr()).isZero();
            if (lines(output).size() >= count) {
                return;
            }
            Thread.sleep(200);
        }
        fail("the subscriber printed " + lines(output) + ", not " + count + " line(s)");
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    private static Result run(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void requireMosquittoClients() {
        boolean present = true;
        for (String tool : List.of("mosquitto_pub", "mosquitto_sub")) {
            present &= onPath(tool);
        }
        if (!present) {
            if (System.getenv("CI") != null) {
                fail("mosquitto_pub and mosquitto_sub are required in CI: install Debian's mosquitto-clients");
            }
            Assumptions.abort("mosquitto_pub/mosquitto_sub not installed (apt-get install mosquitto-clients)");
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
