package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --qos} and {@code --retain} (and the batch members {@code qos} and {@code retain}) through the built jar,
 * against extended ACL rules that depend on them.
 */
class CheckQosRetainIT {

    @TempDir
    Path dir;

    @BeforeEach
    void config() throws IOException {
        Files.writeString(dir.resolve("acl"), """
                everyone
                  allow publish   a/#  max-qos=1 retain=false
                  allow receive   a/#
                  allow subscribe a/#
                """);
        Files.writeString(dir.resolve("mqtt-auth.properties"), """
                anonymous = allow
                authorizers = acl
                acl.path = acl
                """);
    }

    private Cli.Result check(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "check";
        all[1] = "--config";
        all[2] = "mqtt-auth.properties";
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(dir, all);
    }

    @Test
    void publishRulesSeeTheQosAndTheRetainFlag() {
        assertThat(check("publish", "a/b").firstLine()).as("QoS 0 by default").isEqualTo("ALLOW");
        assertThat(check("--qos", "1", "publish", "a/b").firstLine()).isEqualTo("ALLOW");
        Cli.Result qos2 = check("--qos", "2", "publish", "a/b");
        assertThat(qos2.status()).isEqualTo(1);
        assertThat(qos2.firstLine()).startsWith("DENY");
        assertThat(check("--retain", "publish", "a/b").firstLine()).startsWith("DENY");
        assertThat(check("--qos", "2", "--retain", "receive", "a/b").firstLine()).isEqualTo("ALLOW");
        assertThat(check("--qos", "2", "subscribe", "a/#").firstLine()).isEqualTo("ALLOW");
    }

    @Test
    void jsonEchoesQosAndRetain() {
        Cli.Result r = check("--json", "--qos", "1", "--retain", "publish", "a/b");
        JsonNode json = r.json();
        assertThat(Cli.text(json, "decision")).isEqualTo("DENY");
        assertThat(Cli.text(json, "qos")).isEqualTo("1");
        assertThat(Cli.text(json, "retain")).isEqualTo("true");

        JsonNode subscribe = check("--json", "--qos", "2", "subscribe", "a/#").json();
        assertThat(Cli.text(subscribe, "qos")).isEqualTo("2");
        assertThat(subscribe.has("retain")).as("retain").isFalse();
    }

    @Test
    void batchLinesCarryQosAndRetain() throws IOException {
        Files.writeString(dir.resolve("batch.jsonl"), String.join("\n", List.of(
                "{\"action\":\"publish\",\"topic\":\"a/b\",\"qos\":1}",
                "{\"action\":\"publish\",\"topic\":\"a/b\",\"qos\":2}",
                "{\"action\":\"publish\",\"topic\":\"a/b\",\"retain\":true}",
                "{\"action\":\"publish\",\"topic\":\"a/b\",\"qos\":3}",
                "{\"action\":\"publish\",\"topic\":\"a/b\",\"qos\":\"1\"}")) + "\n");
        Cli.Result r = check("--json", "--batch", "batch.jsonl");
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(Cli.text(Cli.parse(lines.get(0)), "decision")).isEqualTo("ALLOW");
        assertThat(Cli.text(Cli.parse(lines.get(1)), "decision")).isEqualTo("DENY");
        assertThat(Cli.text(Cli.parse(lines.get(2)), "decision")).isEqualTo("DENY");
        assertThat(lines.get(3)).contains("line 4").contains("\\\"qos\\\" must be 0, 1, 2 or null");
        assertThat(lines.get(4)).contains("line 5");
        assertThat(r.status()).isEqualTo(2);
    }

    @Test
    void misplacedQosAndRetainAreUsageErrors() {
        for (String[] args : List.of(new String[] {"--qos", "3", "publish", "a/b"},
                new String[] {"--qos", "1", "connect"},
                new String[] {"--retain", "subscribe", "a/#"},
                new String[] {"--qos", "1", "--batch", "-"})) {
            Cli.Result r = check(args);
            assertThat(r.status()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).isNotBlank();
        }
    }
}
