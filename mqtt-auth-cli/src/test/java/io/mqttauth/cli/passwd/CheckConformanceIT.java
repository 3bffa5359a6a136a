package io.mqttauth.cli.passwd;

import io.mqttauth.cli.Cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Through {@code mqtt-auth check}: files written by the real mosquitto_passwd 2.0.11 allow their users with the right
 * password (non-ASCII, ':' and spaces included) and refuse a wrong one.
 */
class CheckConformanceIT {

    @TempDir
    Path dir;

    private void configure(String passwd) throws IOException {
        Files.write(dir.resolve("passwd"), PasswdResources.resource(passwd));
        Files.writeString(dir.resolve("mqtt-auth.properties"),
                "authenticators = password-file\npassword-file.path = passwd\npassword-file.reload = off\n");
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"passwd, users.tsv", "passwd-extra, users-extra.tsv"})
    void mosquittoPasswdFilesVerifyThroughCheck(String passwd, String tsv) throws IOException {
        configure(passwd);
        List<String> batch = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (Map.Entry<String, String> u : PasswdResources.users(tsv).entrySet()) {
            batch.add("{\"username\":" + json(u.getKey()) + ",\"password\":" + json(u.getValue()) + "}");
            expected.add("ALLOW");
            batch.add("{\"username\":" + json(u.getKey()) + ",\"password\":" + json(u.getValue() + "!") + "}");
            expected.add("DENY PASSWORD_MISMATCH");
        }
        Files.write(dir.resolve("batch.jsonl"), batch, StandardCharsets.UTF_8);
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--batch",
                "batch.jsonl");
        assertThat(r.out().lines().toList()).as(r.toString()).containsExactlyElementsOf(expected);
    }

    @Test
    void passwordBytesFromAFileVerifyOneUserWithExitStatus() throws IOException {
        configure("passwd-extra");
        Files.write(dir.resolve("right"), "pässwörd-€-日本-😀".getBytes(StandardCharsets.UTF_8));
        Cli.Result right = Cli.run(dir, "check", "--config", "mqtt-auth.properties",
                "--username", "nonascii", "--password-file", "right", "connect");
        assertThat(right.status()).as(right.toString()).isZero();
        assertThat(right.out()).startsWith("ALLOW");
        Cli.Result wrong = Cli.run(dir, "check", "--config", "mqtt-auth.properties",
                "--username", "nonascii", "--password", "pässwörd", "connect");
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(1);
        assertThat(wrong.out()).startsWith("DENY PASSWORD_MISMATCH");
    }
}
