package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqttauth.SafeText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --batch}: JSON Lines in, one result line per input line out, in order, in one JVM. */
class BatchIT {

    /** A client id with characters JSON must escape, banned by the ban list. */
    private static final String ODD_ID = "q\"uote\\ \u00e9\u20ac\ud83d\ude00";

    @TempDir
    Path dir;

    @BeforeEach
    void config() throws IOException {
        Files.writeString(dir.resolve("mqtt-auth.properties"),
                "anonymous = allow\nauthorization.no-match = allow\nbanned.path = banned.txt\n");
        Files.writeString(dir.resolve("banned.txt"),
                "clientid evil\nusername mallory\naddress 10.0.0.0/8\nclientid " + ODD_ID + "\n",
                StandardCharsets.UTF_8);
    }

    private static final List<String> MIXED = List.of(
            "{\"clientId\":\"c1\",\"action\":\"publish\",\"topic\":\"a/b\"}",
            "{\"clientId\":\"evil\"}",
            "{not json",
            "",
            "{\"clientId\":\"c2\",\"username\":null,\"password\":null,\"action\":\"connect\"}",
            "{\"clientId\":\"c3\",\"action\":\"publish\"}",
            "{\"clientId\":42}",
            "{\"clientId\":\"c4\",\"username\":\"mallory\",\"password\":\"x\",\"protocol\":3}",
            "{\"clientId\":\"c5\",\"password\":\"x\",\"protocol\":\"3\"}",
            "{\"clientId\":\"c6\",\"address\":\"10.9.9.9\"}",
            "{\"id\":11,\"clientId\":\"c7\",\"action\":\"subscribe\",\"topic\":\"x/#\"}",
            "{\"clientId\":\"c8\",\"action\":\"receive\",\"topic\":\"a/+\"}",
            "{\"clientId\":\"q\\\"uote\\\\ \\u00e9\u20ac\\ud83d\\ude00\"}",
            "{\"clientId\":\"c9\",\"clientId\":\"c10\"}");

    private Path batch(List<String> lines) throws IOException {
        Path file = dir.resolve("batch.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void plainBatchWritesOneVerdictOrErrorPerLineInOrder() throws IOException {
        batch(MIXED);
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--batch", "batch.jsonl");
        assertThat(r.status()).as(r.toString()).isEqualTo(2);
        List<String> out = r.lines();
        assertThat(out).hasSize(MIXED.size());
        assertThat(out.get(0)).isEqualTo("ALLOW");
        assertThat(out.get(1)).isEqualTo("DENY BANNED");
        assertThat(out.get(2)).startsWith("ERROR line 3: column 2:");
        assertThat(out.get(3)).startsWith("ERROR line 4: column 1:");
        assertThat(out.get(4)).isEqualTo("ALLOW");
        assertThat(out.get(5)).startsWith("ERROR line 6:").contains("publish needs a topic");
        assertThat(out.get(6)).startsWith("ERROR line 7:").contains("\"clientId\" must be a string");
        assertThat(out.get(7)).isEqualTo("DENY BANNED");
        assertThat(out.get(8)).isEqualTo("DENY MALFORMED_CREDENTIALS");
        assertThat(out.get(9)).isEqualTo("DENY BANNED");
        assertThat(out.get(10)).isEqualTo("ALLOW");
        assertThat(out.get(11)).isEqualTo("DENY INVALID_TOPIC");
        assertThat(out.get(12)).isEqualTo("DENY BANNED");
        assertThat(out.get(13)).startsWith("ERROR line 14:").contains("appears twice");
    }

    @Test
    void jsonBatchWritesOneObjectPerLineWithItsLineNumber() throws IOException {
        batch(MIXED);
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--batch", "batch.jsonl", "--json");
        List<JsonNode> out = r.lines().stream().map(Cli::parse).toList();
        assertThat(out).hasSize(MIXED.size());
        for (int i = 0; i < out.size(); i++) {
            assertThat(Cli.text(out.get(i), "line")).isEqualTo(Integer.toString(i + 1));
        }
        assertThat(Cli.text(out.get(0), "decision")).isEqualTo("ALLOW");
        assertThat(Cli.text(out.get(0), "identity")).isEqualTo("anonymous");
        assertThat(Cli.text(out.get(2), "decision")).isEqualTo("ERROR");
        assertThat(Cli.text(out.get(2), "error")).startsWith("line 3: ");
        assertThat(Cli.text(out.get(7), "detail")).contains("user name \"mallory\" is banned");
        assertThat(Cli.text(out.get(8), "mqtt3")).isEqualTo("4");
        assertThat(Cli.text(out.get(11), "mqtt5")).isEqualTo(Integer.toString(0x90));
        // The client id quoted and escaped as every client-supplied value in a detail: "q\"uote\\ ..."
        assertThat(Cli.text(out.get(12), "detail")).contains("client id " + SafeText.quote(ODD_ID) + " is banned");
        assertThat(r.out()).as("JSON output is ASCII").matches("[\\x20-\\x7E\\n]*");
    }

    @Test
    void statusIsZeroWhenEveryLineIsAllowedAndOneWhenAnyIsDenied() throws IOException {
        batch(List.of("{\"clientId\":\"a\"}", "{\"clientId\":\"b\",\"action\":\"publish\",\"topic\":\"t\"}"));
        assertThat(Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--batch", "batch.jsonl").status())
                .isEqualTo(0);
        batch(List.of("{\"clientId\":\"a\"}", "{\"clientId\":\"evil\"}"));
        assertThat(Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--batch", "batch.jsonl").status())
                .isEqualTo(1);
    }

    @Test
    void batchReadsStandardInputForADash() {
        Cli.Result r = Cli.runWithInput(dir, "{\"clientId\":\"evil\"}\n{\"clientId\":\"good\"}\n", "check",
                "--config", "mqtt-auth.properties", "--batch", "-");
        assertThat(r.lines()).containsExactly("DENY BANNED", "ALLOW");
    }

    @Test
    void explainBatchWithJsonAddsTheExplanationToEachLine() throws IOException {
        batch(List.of("{\"clientId\":\"evil\"}"));
        Cli.Result r = Cli.run(dir, "explain", "--config", "mqtt-auth.properties", "--batch", "batch.jsonl",
                "--json");
        assertThat(r.lines()).hasSize(1);
        assertThat(Cli.text(r.json(), "explanation")).startsWith("DENY BANNED\n").contains("ban list");
    }

    @Test
    void tenThousandLinesAreAnsweredInOrderByOneProcess() throws IOException {
        int n = 10_000;
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String client = i % 7 == 0 ? "evil" : "client-" + i;
            String action = switch (i % 4) {
                case 0 -> "\"action\":\"connect\"";
                case 1 -> "\"action\":\"publish\",\"topic\":\"t/" + i + "\"";
                case 2 -> "\"action\":\"subscribe\",\"topic\":\"t/+/" + i + "\"";
                default -> "\"action\":\"receive\",\"topic\":\"t/" + i + "/#\"";
            };
            lines.add("{\"clientId\":\"" + client + "\"," + action + "}");
        }
        batch(lines);
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--batch", "batch.jsonl", "--json");
        List<String> out = r.lines();
        assertThat(out).hasSize(n);
        for (int i = 0; i < n; i++) {
            JsonNode json = Cli.parse(out.get(i));
            String expected = i % 7 == 0 ? "DENY" : i % 4 == 3 ? "DENY" : "ALLOW";
            assertThat(Cli.text(json, "line")).isEqualTo(Integer.toString(i + 1));
            assertThat(Cli.text(json, "decision")).as("line %d", i + 1).isEqualTo(expected);
            if (i % 7 != 0 && i % 4 == 3) {
                assertThat(Cli.text(json, "reason")).isEqualTo("INVALID_TOPIC");
            }
        }
        assertThat(r.status()).isEqualTo(1);
    }
}
