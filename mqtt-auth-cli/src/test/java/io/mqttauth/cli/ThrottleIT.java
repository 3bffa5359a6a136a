package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brute-force throttling through the built jar: {@code check --batch} runs every line through one engine in one JVM,
 * so refusals on earlier lines throttle later ones, by user name and by the line's {@code address}.
 */
class ThrottleIT {

    @TempDir
    Path dir;

    @BeforeEach
    void config() {
        Conformance.copy("passwd", dir);
    }

    private void properties(String throttle) throws IOException {
        Files.writeString(dir.resolve("mqtt-auth.properties"), "authenticators = password-file\n"
                + "password-file.path = passwd\nthrottle.failures = 3\nthrottle.window = 1m\nthrottle.block = 5m\n"
                + throttle);
    }

    private Cli.Result batch(List<String> lines, String... extra) throws IOException {
        Files.writeString(dir.resolve("batch.jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("check", "--config", "mqtt-auth.properties", "--batch",
                "batch.jsonl"));
        args.addAll(List.of(extra));
        return Cli.run(dir, args.toArray(new String[0]));
    }

    private static String line(String user, String password, String address) {
        return "{\"username\":\"" + user + "\",\"password\":\"" + password + "\",\"address\":\"" + address + "\"}";
    }

    @Test
    void aBatchThrottlesAUserNameAfterItsFailuresEvenWithTheRightPassword() throws IOException {
        properties("throttle.by = username\n");
        Cli.Result r = batch(List.of(
                line("zoe", "wrong-1", "192.0.2.1"),
                line("zoe", "wrong-2", "192.0.2.2"),
                line("zoe", "wrong-3", "192.0.2.3"),
                line("zoe", "zoe-pw", "192.0.2.4"),
                line("yuri", "yuri-pw", "192.0.2.1")));
        assertThat(r.lines()).as(r.toString()).containsExactly("DENY PASSWORD_MISMATCH", "DENY PASSWORD_MISMATCH",
                "DENY PASSWORD_MISMATCH", "DENY THROTTLED", "ALLOW");
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void aBatchThrottlesAnAddressAcrossUserNamesAndLeavesOtherAddressesAlone() throws IOException {
        properties("throttle.by = address\n");
        Cli.Result r = batch(List.of(
                line("nobody-1", "x", "192.0.2.66"),
                line("nobody-2", "x", "192.0.2.66"),
                line("zoe", "wrong", "192.0.2.66"),
                line("yuri", "yuri-pw", "192.0.2.66"),
                line("yuri", "yuri-pw", "192.0.2.67")));
        assertThat(r.lines()).as(r.toString()).containsExactly("DENY NO_CREDENTIALS_FOUND",
                "DENY NO_CREDENTIALS_FOUND", "DENY PASSWORD_MISMATCH", "DENY THROTTLED", "ALLOW");
    }

    @Test
    void theJsonAnswerOfAThrottledLineSaysWhenTheBlockEndsAndCarriesTheThrottleCodes() throws IOException {
        properties("");
        Cli.Result r = batch(List.of(
                line("zoe", "wrong-1", "192.0.2.1"),
                line("zoe", "wrong-2", "192.0.2.1"),
                line("zoe", "wrong-3", "192.0.2.1"),
                line("zoe", "zoe-pw", "192.0.2.1")), "--json");
        JsonNode last = Cli.parse(r.lines().get(3));
        assertThat(Cli.text(last, "reason")).isEqualTo("THROTTLED");
        assertThat(Cli.text(last, "mqtt5")).isEqualTo(Integer.toString(0x9F));
        assertThat(Cli.text(last, "mqtt3")).isEqualTo("3");
        assertThat(Cli.text(last, "provider")).isEqualTo("throttle");
        assertThat(Cli.text(last, "detail")).matches("user name \"zoe\" is throttled until \\d{4}-\\d\\d-\\d\\dT\\S+Z "
                + "after 3 refused connects within 1m \\(throttle.failures = 3, throttle.window = 1m, "
                + "throttle.block = 5m\\)");
        assertThat(r.out()).doesNotContain("zoe-pw").doesNotContain("wrong-1");
    }

    @Test
    void explainOfAThrottledLineSaysWhenTheBlockEndsAndWhatToDo() throws IOException {
        properties("");
        Cli.Result r = Cli.runWithInput(dir, String.join("\n", List.of(
                line("zoe", "wrong-1", "192.0.2.1"),
                line("zoe", "wrong-2", "192.0.2.1"),
                line("zoe", "wrong-3", "192.0.2.1"),
                line("zoe", "zoe-pw", "192.0.2.1"))) + "\n", "explain", "--config", "mqtt-auth.properties",
                "--batch", "-");
        String last = r.out().substring(r.out().lastIndexOf("DENY THROTTLED"));
        assertThat(last).contains("Refused by throttle: user name \"zoe\" is throttled until ")
                .contains("To make it succeed: wait until the time named above, when the block ends")
                .contains("CONNACK reason code 0x9F (MQTT 5), return code 3 (MQTT 3.1.1)");
    }

    @Test
    void aSingleCheckIsNeverThrottledBecauseEachRunIsANewEngine() throws IOException {
        properties("");
        for (int i = 0; i < 4; i++) {
            assertThat(Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--username", "zoe", "--password",
                    "wrong", "--address", "192.0.2.1", "connect").firstLine()).isEqualTo("DENY PASSWORD_MISMATCH");
        }
    }

    @Test
    void aBadThrottleValueFailsAtStartWithTheKeyAndTheFix() throws IOException {
        properties("throttle.by = user\n");
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--username", "zoe", "--password",
                "zoe-pw", "connect");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("throttle.by").contains("unknown member \"user\"")
                .contains("write username, address, or both separated by a comma");
    }
}
