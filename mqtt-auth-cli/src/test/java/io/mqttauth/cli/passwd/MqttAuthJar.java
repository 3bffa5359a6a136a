package io.mqttauth.cli.passwd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the built {@code mqtt-auth.jar} in its own JVM with a UTF-8 locale, and reads the test resources. */
final class MqttAuthJar {

    /** What one run printed and returned. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static final Path JAR = Path.of(System.getProperty("mqttauth.cli.jar", "target/mqtt-auth.jar"));

    private MqttAuthJar() {
    }

    /** Runs {@code mqtt-auth args...} in {@code dir}, without a terminal (so no password prompt is possible). */
    static Result run(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("mqtt-auth-out", ".txt");
            Path err = Files.createTempFile("mqtt-auth-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            // Non-ASCII arguments reach Java intact only under a UTF-8 locale.
            pb.environment().put("LC_ALL", "C.UTF-8");
            int status = pb.start().waitFor();
            Result r = new Result(status, Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A test resource under {@code passwd/}. */
    static byte[] resource(String name) {
        try (InputStream in = MqttAuthJar.class.getResourceAsStream("/passwd/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource passwd/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** user -> password from a TSV resource (tab-separated, not trimmed). */
    static Map<String, String> users(String tsv) {
        Map<String, String> users = new LinkedHashMap<>();
        for (String line : new String(resource(tsv), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                int tab = line.indexOf('\t');
                users.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return users;
    }
}
