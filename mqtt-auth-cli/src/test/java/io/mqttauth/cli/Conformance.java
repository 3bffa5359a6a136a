package io.mqttauth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Mosquitto 2.0.11 conformance data in the test resources, copied into a test's folder. */
final class Conformance {

    /** One row of answers.tsv or read-answers.tsv. */
    record Row(int line, String protocol, String username, String password, String clientId, String action,
            String topic, String answer) {

        /** The row as a batch line; {@code -} (none) becomes an absent member. */
        String batchLine() {
            ObjectNode w = JsonOutput.object().put("clientId", clientId).put("protocol", protocol);
            if (!username.equals("-")) {
                w.put("username", username);
            }
            if (!password.equals("-")) {
                w.put("password", password);
            }
            w.put("action", switch (action) {
                case "pub" -> "publish";
                case "read" -> "receive";
                default -> action;
            });
            if (!topic.isEmpty()) {
                w.put("topic", topic);
            }
            return JsonOutput.write(w);
        }
    }

    private static final String DIR = "/mosquitto-2.0.11/";

    private Conformance() {
    }

    /** Copies a resource file into {@code dir}. */
    static void copy(String name, Path dir) {
        try (InputStream in = Conformance.class.getResourceAsStream(DIR + name)) {
            Files.copy(in, dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a TSV answer file. */
    static List<Row> rows(String name) {
        try (InputStream in = Conformance.class.getResourceAsStream(DIR + name)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return java.util.stream.IntStream.range(0, lines.size())
                    .filter(i -> !lines.get(i).isBlank())
                    .mapToObj(i -> {
                        String[] f = lines.get(i).split("\t", -1);
                        return new Row(i + 1, f[0], f[1], f[2], f[3], f[4], f[5], f[7]);
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
