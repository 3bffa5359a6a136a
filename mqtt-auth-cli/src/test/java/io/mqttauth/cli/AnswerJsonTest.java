package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.MqttAuth;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --json} output, byte for byte: members in the order docs/cli.md lists, no spaces, numbers in decimal,
 * every character outside printable ASCII (and DEL) as a lower-case {@code \\uXXXX} escape or its short form
 * ({@code \\n}, {@code \\t}, ...), one escape per UTF-16 unit. The expected lines were written by the CLI's
 * hand-written JSON writer before the move to Jackson. Each case gives the {@code check --json} object of a batch line
 * and the {@code explain --json} one (line 7, with the explanation).
 */
class AnswerJsonTest {

    /** Every kind of character the writer escapes, and some it must not. */
    private static final String ODD = "\u00e9\u20ac\ud83d\ude00\u007f\u0001\u001f\t\n\r\b\f\"\\/~ <>&'";

    @TempDir
    static Path dir;

    private static MqttAuth auth;

    @BeforeAll
    static void engine() throws IOException {
        Files.writeString(dir.resolve("banned.txt"), "clientid evil\n");
        auth = MqttAuth.fromFile(Files.writeString(dir.resolve("mqtt-auth.properties"),
                "anonymous = allow\nauthorization.no-match = allow\nbanned.path = banned.txt\n"));
    }

    @AfterAll
    static void close() {
        auth.close();
    }

    @Test
    void anAllowedConnect() throws IOException {
        assertThat(answer("{}")).containsExactly(
                "{\"decision\":\"ALLOW\",\"identity\":\"anonymous\",\"mqtt3\":0,\"mqtt5\":0,\"provider\":\"anonymous\",\"detail\":\"no username sent and no authenticator claimed the client; anonymous = allow\",\"remedy\":\"\",\"action\":\"connect\"}",
                "{\"line\":7,\"decision\":\"ALLOW\",\"identity\":\"anonymous\",\"mqtt3\":0,\"mqtt5\":0,\"provider\":\"anonymous\",\"detail\":\"no username sent and no authenticator claimed the client; anonymous = allow\",\"remedy\":\"\",\"action\":\"connect\",\"explanation\":\"ALLOW connect as anonymous\\n  decided by: anonymous\\n  detail:     no username sent and no authenticator claimed the client; anonymous = allow\\n\"}");
    }

    @Test
    void aRefusedConnectWithItsReason() throws IOException {
        assertThat(answer("{\"clientId\":\"evil\",\"action\":\"publish\",\"topic\":\"t\"}")).containsExactly(
                "{\"decision\":\"DENY\",\"reason\":\"BANNED\",\"mqtt3\":5,\"mqtt5\":138,\"provider\":\"ban-list\",\"detail\":\"client id \\\"evil\\\" is banned (line 1) (DIR/banned.txt)\",\"remedy\":\"Remove the entry from the ban list if the ban is no longer wanted.\",\"action\":\"connect\"}",
                "{\"line\":7,\"decision\":\"DENY\",\"reason\":\"BANNED\",\"mqtt3\":5,\"mqtt5\":138,\"provider\":\"ban-list\",\"detail\":\"client id \\\"evil\\\" is banned (line 1) (DIR/banned.txt)\",\"remedy\":\"Remove the entry from the ban list if the ban is no longer wanted.\",\"action\":\"connect\",\"explanation\":\"DENY BANNED connect\\n  decided by: ban-list\\n  detail:     client id \\\"evil\\\" is banned (line 1) (DIR/banned.txt)\\n  reason:     The client is banned.\\n  codes:      MQTT 3.1.1: 5, MQTT 5: 0x8A\\n  remedy:     Remove the entry from the ban list if the ban is no longer wanted.\\n\"}");
    }

    @Test
    void anActionWithEveryCharacterJsonEscapes() throws IOException {
        assertThat(answer("{\"action\":\"publish\",\"topic\":\"\\u00e9\\u20ac\\ud83d\\ude00\\u007f\\u0001\\u001f\\t\\n\\r\\b\\f\\\"\\\\/~ <>&'\",\"qos\":1,\"retain\":true}")).containsExactly(
                "{\"decision\":\"ALLOW\",\"identity\":\"anonymous\",\"mqtt3\":0,\"mqtt5\":0,\"provider\":\"no-match\",\"detail\":\"no authorizers are configured; authorization.no-match = allow\",\"remedy\":\"\",\"action\":\"publish\",\"topic\":\"\\u00e9\\u20ac\\ud83d\\ude00\\u007f\\u0001\\u001f\\t\\n\\r\\b\\f\\\"\\\\/~ <>&'\",\"qos\":1,\"retain\":true}",
                "{\"line\":7,\"decision\":\"ALLOW\",\"identity\":\"anonymous\",\"mqtt3\":0,\"mqtt5\":0,\"provider\":\"no-match\",\"detail\":\"no authorizers are configured; authorization.no-match = allow\",\"remedy\":\"\",\"action\":\"publish\",\"topic\":\"\\u00e9\\u20ac\\ud83d\\ude00\\u007f\\u0001\\u001f\\t\\n\\r\\b\\f\\\"\\\\/~ <>&'\",\"qos\":1,\"retain\":true,\"explanation\":\"ALLOW PUBLISH \\u00e9\\u20ac\\ud83d\\ude00\\\\u007f\\\\u0001\\\\u001f\\\\t\\\\n\\\\r\\\\u0008\\\\u000c\\\"\\\\/~ <>&' (qos 1, retain) as anonymous\\n  decided by: no-match\\n  detail:     no authorizers are configured; authorization.no-match = allow\\n\"}");
    }

    @Test
    void aSubscribeHasNoRetainMember() throws IOException {
        assertThat(answer("{\"action\":\"subscribe\",\"topic\":\"a/+\",\"qos\":2}")).containsExactly(
                "{\"decision\":\"ALLOW\",\"identity\":\"anonymous\",\"mqtt3\":0,\"mqtt5\":0,\"provider\":\"no-match\",\"detail\":\"no authorizers are configured; authorization.no-match = allow\",\"remedy\":\"\",\"action\":\"subscribe\",\"topic\":\"a/+\",\"qos\":2}",
                "{\"line\":7,\"decision\":\"ALLOW\",\"identity\":\"anonymous\",\"mqtt3\":0,\"mqtt5\":0,\"provider\":\"no-match\",\"detail\":\"no authorizers are configured; authorization.no-match = allow\",\"remedy\":\"\",\"action\":\"subscribe\",\"topic\":\"a/+\",\"qos\":2,\"explanation\":\"ALLOW SUBSCRIBE a/+ (qos 2) as anonymous\\n  decided by: no-match\\n  detail:     no authorizers are configured; authorization.no-match = allow\\n\"}");
    }

    @Test
    void aRefusedReceive() throws IOException {
        assertThat(answer("{\"action\":\"receive\",\"topic\":\"a/#\"}")).containsExactly(
                "{\"decision\":\"DENY\",\"reason\":\"INVALID_TOPIC\",\"identity\":\"anonymous\",\"mqtt3\":128,\"mqtt5\":144,\"provider\":\"topic\",\"detail\":\"not a valid topic name: \\\"a/#\\\"\",\"remedy\":\"Fix the topic: names contain no + or #; # only last; wildcards occupy whole levels.\",\"action\":\"receive\",\"topic\":\"a/#\",\"qos\":0,\"retain\":false}",
                "{\"line\":7,\"decision\":\"DENY\",\"reason\":\"INVALID_TOPIC\",\"identity\":\"anonymous\",\"mqtt3\":128,\"mqtt5\":144,\"provider\":\"topic\",\"detail\":\"not a valid topic name: \\\"a/#\\\"\",\"remedy\":\"Fix the topic: names contain no + or #; # only last; wildcards occupy whole levels.\",\"action\":\"receive\",\"topic\":\"a/#\",\"qos\":0,\"retain\":false,\"explanation\":\"DENY INVALID_TOPIC RECEIVE a/# (qos 0) as anonymous\\n  decided by: topic\\n  detail:     not a valid topic name: \\\"a/#\\\"\\n  reason:     The topic name or topic filter is not valid MQTT.\\n  codes:      MQTT 3.1.1: 0x80, MQTT 5: 0x90\\n  remedy:     Fix the topic: names contain no + or #; # only last; wildcards occupy whole levels.\\n\"}");
    }

    @Test
    void aLineThatCannotBeRead() {
        assertThat(Answer.errorJson(12, "line 12: " + ODD)).isEqualTo(
                "{\"line\":12,\"decision\":\"ERROR\",\"error\":\"line 12: \\u00e9\\u20ac\\ud83d\\ude00\\u007f\\u0001\\u001f\\t\\n\\r\\b\\f\\\"\\\\/~ <>&'\"}");
    }

    /** The two JSON objects of a one-line batch: without explanation, and as line 7 with it; DIR for the folder. */
    private static List<String> answer(String line) throws IOException {
        List<String> out = new ArrayList<>();
        Batch.run(auth, new BufferedReader(new StringReader(line)), new Batch.Output() {
            @Override
            public void answer(int n, Answer answer) {
                out.add(answer.json(0, null).replace(dir.toString(), "DIR"));
                out.add(answer.json(7, answer.decision().explain()).replace(dir.toString(), "DIR"));
            }

            @Override
            public void error(int n, String message) {
                throw new AssertionError(message);
            }
        });
        return out;
    }
}
