package io.mqttauth.cli.passwd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through {@code mqtt-auth check}: files written by the real mosquitto_passwd 2.0.11 allow their users with the right
 * password (non-ASCII, ':' and spaces included, passed as exact bytes with --password-file) and refuse a wrong one.
 */
class CheckConformanceIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"passwd, users.tsv", "passwd-extra, users-extra.tsv"})
    void mosquittoPasswdFilesVerifyThroughCheck(String passwd, String tsv) throws IOException {
        Files.write(dir.resolve("passwd"), MqttAuthJar.resource(passwd));
        Files.writeString(dir.resolve("mqtt-auth.properties"),
                "authenticators = password-file\npassword-file.path = passwd\npassword-file.reload = off\n");
        for (Map.Entry<String, String> u : MqttAuthJar.users(tsv).entrySet()) {
            Files.write(dir.resolve("right"), u.getValue().getBytes(StandardCharsets.UTF_8));
            Files.write(dir.resolve("wrong"), (u.getValue() + "!").getBytes(StandardCharsets.UTF_8));
            MqttAuthJar.Result right = MqttAuthJar.run(dir, "check", "--config", "mqtt-auth.properties",
                    "--username", u.getKey(), "--password-file", "right", "connect");
            assertThat(right.status()).as("%s: %s", u.getKey(), right).isZero();
            assertThat(right.out()).startsWith("ALLOW");
            MqttAuthJar.Result wrong = MqttAuthJar.run(dir, "check", "--config", "mqtt-auth.properties",
                    "--username", u.getKey(), "--password-file", "wrong", "connect");
            assertThat(wrong.status()).as("%s: %s", u.getKey(), wrong).isEqualTo(1);
            assertThat(wrong.out()).startsWith("DENY PASSWORD_MISMATCH");
        }
    }
}
