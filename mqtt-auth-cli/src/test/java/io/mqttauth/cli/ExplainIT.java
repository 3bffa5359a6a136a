package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain}: the decision of {@code check} for a person, with what would have made it succeed. */
class ExplainIT {

    @TempDir
    Path dir;

    private void config(String content) throws IOException {
        Files.writeString(dir.resolve("mqtt-auth.properties"), content);
    }

    @Test
    void anonymousRefusalSaysHowToLetTheClientIn() throws IOException {
        config("anonymous = deny\n");
        Cli.Result r = Cli.run(dir, "explain", "--config", "mqtt-auth.properties", "--client-id", "c1", "connect");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.firstLine()).isEqualTo("DENY ANONYMOUS_NOT_ALLOWED");
        assertThat(r.out()).contains("Client \"c1\" without a user name and no password (MQTT 5, no TLS) may not "
                + "connect.")
                .contains("CONNACK reason code 0x87 (MQTT 5), return code 5 (MQTT 3.1.1)")
                .contains("set anonymous = allow in mqtt-auth.properties");
    }

    @Test
    void anUnmatchedActionSaysWhichRuleWouldAllowItOrTheEngineDefault() throws IOException {
        config("anonymous = allow\n");
        Cli.Result r = Cli.run(dir, "explain", "--config", "mqtt-auth.properties", "--address", "192.0.2.7",
                "publish", "plant/1/temp");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.firstLine()).isEqualTo("DENY NO_MATCHING_RULE");
        assertThat(r.out()).contains("from 192.0.2.7")
                .contains("connects as \"anonymous\" (accepted by anonymous) but may not publish to \"plant/1/temp\"")
                .contains("no authorizers are configured")
                .contains("authorization.no-match = allow")
                .contains("What each step said:");
    }

    @Test
    void anAllowedActionSaysWhoAllowedIt() throws IOException {
        config("anonymous = allow\nauthorization.no-match = allow\n");
        Cli.Result r = Cli.run(dir, "explain", "--config", "mqtt-auth.properties", "receive", "a/b");
        assertThat(r.status()).isEqualTo(0);
        assertThat(r.firstLine()).isEqualTo("ALLOW");
        assertThat(r.out()).contains("and may receive messages on \"a/b\"").contains("Allowed by no-match");
    }

    @Test
    void bannedClientIsToldWhichEntryToRemove() throws IOException {
        config("anonymous = allow\nbanned.path = banned.txt\n");
        Files.writeString(dir.resolve("banned.txt"), "# bans\nclientid evil\n");
        Cli.Result r = Cli.run(dir, "explain", "--config", "mqtt-auth.properties", "--json", "--client-id", "evil",
                "subscribe", "a/#");
        assertThat(r.status()).isEqualTo(1);
        assertThat(Cli.text(r.json(), "reason")).isEqualTo("BANNED");
        assertThat(Cli.text(r.json(), "action")).isEqualTo("connect");
        assertThat(Cli.text(r.json(), "explanation")).contains("(line 2)").contains("cannot subscribe to \"a/#\"")
                .contains("remove the entry");
    }
}
