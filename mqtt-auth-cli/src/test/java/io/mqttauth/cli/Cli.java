package io.mqttauth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the built {@code mqtt-auth.jar} in its own JVM, as an operator would: under a UTF-8 locale (non-ASCII arguments
 * reach Java intact only under one) and without a terminal (so no password prompt is possible).
 */
public final class Cli {

    /** What one run printed and returned. */
    public record Result(int status, String out, String err) {
        /** The output's lines. */
        List<String> lines() {
            return out.lines().toList();
        }

        /** The output's first line. */
        String firstLine() {
            return lines().isEmpty() ? "" : lines().get(0);
        }

        /** The output parsed as one JSON object. */
        JsonNode json() {
            return parse(out.strip());
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private static final Path JAR = Path.of(System.getProperty("mqttauth.cli.jar", "target/mqtt-auth.jar"));

    private Cli() {
    }

    /** Runs the jar alone. */
    public static Result run(Path dir, String... args) {
        return exec(dir, null, List.of("-jar", JAR.toString()), args);
    }

    /** Runs the jar with standard input. */
    static Result runWithInput(Path dir, String input, String... args) {
        return exec(dir, input, List.of("-jar", JAR.toString()), args);
    }

    /** Runs the jar with the test classes (the probe provider) on the class path. */
    static Result runWithProbe(Path dir, String... args) {
        String cp = JAR + java.io.File.pathSeparator + JAR.getParent().resolve("test-classes");
        return exec(dir, null, List.of("-cp", cp, Main.class.getName()), args);
    }

    /** Parses one JSON object, failing the test on malformed output or text after the object. */
    static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (!node.isObject()) {
                throw new AssertionError("not a JSON object: " + line);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a JSON object: " + line + " (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** The text of a member (a number or boolean as written), or {@code null} if absent. */
    static String text(JsonNode object, String name) {
        JsonNode v = object.get(name);
        return v == null ? null : v.asText();
    }

    private static Result exec(Path dir, String input, List<String> launch, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch);
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("LC_ALL", "C.UTF-8");
            Process p = pb.start();
            try (var stdin = p.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = p.waitFor();
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
}
