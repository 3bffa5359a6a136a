package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answers of a real Mosquitto 2.0.11 (passwd, acl, allow_anonymous true) replayed through
 * {@code check --batch --json} with the password-file and acl providers: every CONNACK, PUBACK and delivery.
 */
class MosquittoConformanceIT {

    @TempDir
    Path dir;

    @BeforeEach
    void config() throws IOException {
        Conformance.copy("passwd", dir);
        Conformance.copy("acl", dir);
        Files.writeString(dir.resolve("mosquitto.properties"), String.join("\n",
                "authenticators = password-file",
                "authorizers = acl",
                "anonymous = allow",
                "password-file.path = passwd",
                "acl.path = acl",
                "acl.format = mosquitto",
                ""));
    }

    private List<JsonNode> replay(List<Conformance.Row> rows) throws IOException {
        Files.write(dir.resolve("batch.jsonl"), rows.stream().map(Conformance.Row::batchLine).toList());
        Cli.Result r = Cli.run(dir, "check", "--config", "mosquitto.properties", "--batch", "batch.jsonl", "--json");
        assertThat(r.err()).as(r.toString()).isEmpty();
        List<JsonNode> results = r.lines().stream().map(Cli::parse).toList();
        assertThat(results).hasSize(rows.size());
        return results;
    }

    @Test
    void connectsAndPublishesAnswerAsMosquitto2011() throws IOException {
        List<Conformance.Row> rows = Conformance.rows("answers.tsv");
        List<JsonNode> results = replay(rows);
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < rows.size(); i++) {
            Conformance.Row row = rows.get(i);
            JsonNode result = results.get(i);
            String what = "answers.tsv line " + row.line() + " (" + row.batchLine() + "): " + result;
            switch (row.answer()) {
                case "CONNACK SUCCESS", "PUBACK NO_MATCHING_SUBSCRIBERS" ->
                        softly.assertThat(Cli.text(result, "decision")).as(what).isEqualTo("ALLOW");
                case "CONNACK NOT_AUTHORIZED", "PUBACK NOT_AUTHORIZED" -> {
                    softly.assertThat(Cli.text(result, "decision")).as(what).isEqualTo("DENY");
                    softly.assertThat(Cli.text(result, "mqtt5")).as(what).isEqualTo(Integer.toString(0x87));
                }
                case "CONNACK3 NOT_AUTHORIZED" -> {
                    softly.assertThat(Cli.text(result, "decision")).as(what).isEqualTo("DENY");
                    softly.assertThat(Cli.text(result, "mqtt3")).as(what).isEqualTo("5");
                }
                default -> softly.fail("unknown answer in " + what);
            }
        }
        softly.assertAll();
    }

    @Test
    void deliveriesAnswerAsMosquitto2011() throws IOException {
        List<Conformance.Row> rows = Conformance.rows("read-answers.tsv");
        List<JsonNode> results = replay(rows);
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < rows.size(); i++) {
            Conformance.Row row = rows.get(i);
            String what = "read-answers.tsv line " + row.line() + " (" + row.batchLine() + "): " + results.get(i);
            softly.assertThat(Cli.text(results.get(i), "decision")).as(what)
                    .isEqualTo(row.answer().equals("DELIVERED") ? "ALLOW" : "DENY");
        }
        softly.assertAll();
    }

    @Test
    void explainNamesTheAclRuleThatDenies() {
        Cli.Result r = Cli.run(dir, "explain", "--config", "mosquitto.properties", "--username", "zoe", "--password",
                "zoe-pw", "publish", "lab/zoe/locked");
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.firstLine()).startsWith("DENY ");
        assertThat(r.out()).contains("Refused by acl").contains("zoe");
    }

    @Test
    void explainOfAnUnmatchedActionPointsAtTheAclNotAtTheEngineDefault() {
        Cli.Result r = Cli.run(dir, "explain", "--config", "mosquitto.properties", "--username", "xena", "--password",
                "xena-pw", "subscribe", "news/#");
        assertThat(r.firstLine()).as(r.toString()).isEqualTo("DENY NO_MATCHING_RULE");
        assertThat(r.out()).contains("acl has no rule for it").contains("user xena / topic read news/#")
                .doesNotContain("authorization.no-match");
    }
}
