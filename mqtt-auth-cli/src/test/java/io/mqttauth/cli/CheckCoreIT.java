package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} through the built jar with only the core: anonymous access, bans, reason-code overrides, topics. */
class CheckCoreIT {

    @TempDir
    Path dir;

    private Path config(String... lines) throws IOException {
        Path file = dir.resolve("mqtt-auth.properties");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void anonymousAllowIsAllowWithExitZeroAndTheExplanationAfterTheFirstLine() throws IOException {
        config("anonymous = allow");
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "connect");
        assertThat(r.status()).as(r.toString()).isEqualTo(0);
        assertThat(r.firstLine()).isEqualTo("ALLOW");
        assertThat(r.out()).contains("decided by: anonymous").contains("anonymous = allow");
    }

    @Test
    void anonymousDenyIsDenyAnonymousNotAllowedWithExitOne() throws IOException {
        config("anonymous = deny");
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "connect");
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.firstLine()).isEqualTo("DENY ANONYMOUS_NOT_ALLOWED");
        assertThat(r.out()).contains("MQTT 5: 0x87").contains("anonymous = allow");
    }

    @Test
    void jsonOfARefusedConnectHasTheReasonTheCodesAndNoIdentity() throws IOException {
        config("anonymous = deny");
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "--protocol", "3",
                "connect");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.lines()).hasSize(1);
        JsonNode json = r.json();
        assertThat(Cli.text(json, "decision")).isEqualTo("DENY");
        assertThat(Cli.text(json, "reason")).isEqualTo("ANONYMOUS_NOT_ALLOWED");
        assertThat(json.get("mqtt3")).isEqualTo(IntNode.valueOf(5));
        assertThat(json.get("mqtt5")).isEqualTo(IntNode.valueOf(135));
        assertThat(Cli.text(json, "provider")).isEqualTo("anonymous");
        assertThat(Cli.text(json, "detail")).contains("anonymous = deny");
        assertThat(Cli.text(json, "remedy")).contains("anonymous = allow");
        assertThat(json.has("identity")).as("identity").isFalse();
    }

    @Test
    void jsonOfAnAllowedActionHasTheIdentityZeroCodesAndNoReason() throws IOException {
        config("anonymous = allow", "authorization.no-match = allow");
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "publish", "a/b");
        assertThat(r.status()).as(r.toString()).isEqualTo(0);
        JsonNode json = r.json();
        assertThat(Cli.text(json, "decision")).isEqualTo("ALLOW");
        assertThat(json.has("reason")).as("reason").isFalse();
        assertThat(Cli.text(json, "identity")).isEqualTo("anonymous");
        assertThat(Cli.text(json, "mqtt3")).isEqualTo("0");
        assertThat(Cli.text(json, "mqtt5")).isEqualTo("0");
        assertThat(Cli.text(json, "provider")).isEqualTo("no-match");
        assertThat(Cli.text(json, "action")).isEqualTo("publish");
        assertThat(Cli.text(json, "topic")).isEqualTo("a/b");
    }

    @Test
    void anActionWithNoRuleIsDeniedWithNoMatchingRuleAndAckCodes() throws IOException {
        config("anonymous = allow");
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "subscribe", "a/#");
        assertThat(r.status()).isEqualTo(1);
        JsonNode json = r.json();
        assertThat(Cli.text(json, "reason")).isEqualTo("NO_MATCHING_RULE");
        assertThat(Cli.text(json, "identity")).isEqualTo("anonymous");
        assertThat(Cli.text(json, "mqtt3")).isEqualTo("128");
        assertThat(Cli.text(json, "mqtt5")).isEqualTo("135");
    }

    @Test
    void anActionOfARefusedClientAnswersWithTheConnectRefusal() throws IOException {
        config("anonymous = deny", "authorization.no-match = allow");
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "publish", "a/b");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.firstLine()).isEqualTo("DENY ANONYMOUS_NOT_ALLOWED");
        assertThat(r.out()).contains("not decided: PUBLISH a/b");
    }

    @Test
    void invalidTopicsAreDeniedNotErrors() throws IOException {
        config("anonymous = allow", "authorization.no-match = allow");
        Cli.Result publish = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "publish", "a/#");
        assertThat(publish.status()).isEqualTo(1);
        assertThat(Cli.text(publish.json(), "reason")).isEqualTo("INVALID_TOPIC");
        assertThat(Cli.text(publish.json(), "mqtt5")).isEqualTo(Integer.toString(0x90));
        Cli.Result subscribe = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "subscribe",
                "a/#/b");
        assertThat(Cli.text(subscribe.json(), "reason")).isEqualTo("INVALID_TOPIC");
        assertThat(Cli.text(subscribe.json(), "mqtt5")).isEqualTo(Integer.toString(0x8F));
    }

    @Test
    void bannedClientIdUserNameAndAddressAreDeniedBanned() throws IOException {
        config("anonymous = allow", "banned.path = banned.txt");
        Files.writeString(dir.resolve("banned.txt"), "clientid evil\nusername mallory\naddress 10.0.0.0/8\n");
        Cli.Result byId = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--client-id", "evil",
                "connect");
        assertThat(byId.firstLine()).as(byId.toString()).isEqualTo("DENY BANNED");
        assertThat(byId.status()).isEqualTo(1);
        assertThat(byId.out()).contains("client id \"evil\" is banned (line 1)");

        Cli.Result byName = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "--username",
                "mallory", "--password", "pw", "connect");
        assertThat(Cli.text(byName.json(), "reason")).isEqualTo("BANNED");
        assertThat(Cli.text(byName.json(), "mqtt5")).isEqualTo(Integer.toString(0x8A));
        assertThat(Cli.text(byName.json(), "detail")).contains("line 2");

        Cli.Result byAddress = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "--address",
                "10.1.2.3", "connect");
        assertThat(Cli.text(byAddress.json(), "reason")).isEqualTo("BANNED");
        assertThat(Cli.text(byAddress.json(), "detail")).contains("10.0.0.0/8").contains("line 3");

        Cli.Result other = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--address", "192.0.2.1",
                "connect");
        assertThat(other.firstLine()).isEqualTo("ALLOW");
    }

    @Test
    void reasonCodeOverridesChangeTheCodesButNotTheReason() throws IOException {
        config("anonymous = deny", "reason-codes.ANONYMOUS_NOT_ALLOWED = 0x86", "reason-codes.BANNED = 0x87",
                "banned.path = banned.txt");
        Files.writeString(dir.resolve("banned.txt"), "clientid evil\n");
        Cli.Result anonymous = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "connect");
        assertThat(Cli.text(anonymous.json(), "reason")).isEqualTo("ANONYMOUS_NOT_ALLOWED");
        assertThat(Cli.text(anonymous.json(), "mqtt5")).isEqualTo(Integer.toString(0x86));
        assertThat(Cli.text(anonymous.json(), "mqtt3")).isEqualTo("4");

        Cli.Result banned = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--client-id", "evil",
                "connect");
        assertThat(banned.firstLine()).isEqualTo("DENY BANNED");
        assertThat(banned.out()).contains("MQTT 3.1.1: 5, MQTT 5: 0x87");
    }

    @Test
    void aPasswordWithoutUserNameIsMalformedInMqtt311ButNotInMqtt5() throws IOException {
        config("anonymous = allow");
        Cli.Result v3 = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--json", "--protocol", "3",
                "--password", "pw", "connect");
        assertThat(Cli.text(v3.json(), "reason")).isEqualTo("MALFORMED_CREDENTIALS");
        assertThat(Cli.text(v3.json(), "mqtt3")).isEqualTo("4");
        Cli.Result v5 = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--protocol", "5", "--password",
                "pw", "connect");
        assertThat(v5.firstLine()).isEqualTo("ALLOW");
    }

    @Test
    void aUserNameNoAuthenticatorKnowsIsNoCredentialsFound() throws IOException {
        config("anonymous = allow");
        Cli.Result r = Cli.run(dir, "check", "--config", "mqtt-auth.properties", "--username", "alice",
                "--password", "secret-word", "connect");
        assertThat(r.firstLine()).isEqualTo("DENY NO_CREDENTIALS_FOUND");
        assertThat(r.out()).contains("\"alice\"").doesNotContain("secret-word");
    }
}
