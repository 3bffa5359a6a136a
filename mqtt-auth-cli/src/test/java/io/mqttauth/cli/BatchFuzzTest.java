package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the {@code --batch} reader: any text gives exactly one answer or one error per line, in order, with the exit
 * status the answers call for (2 when a line could not be read, else 1 when one was denied); a line is a JSON object
 * or a {@link BatchLine.SyntaxError}, never another exception; no answer is an {@link FailureReason#INTERNAL_ERROR}. The
 * engine has a password file, an ACL and a ban list. Run long: see docs/fuzzing.md.
 */
class BatchFuzzTest {

    private static final Path DIR = CliFuzzFiles.folder("batch-fuzz");
    private static final MqttAuth AUTH = engine();

    @AfterAll
    static void cleanUp() throws IOException {
        AUTH.close();
        CliFuzzFiles.delete(DIR);
    }

    @FuzzTest
    void everyLineGetsOneAnswerOrOneErrorAndNothingThrows(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.UTF_8);
        List<String> lines = new BufferedReader(new StringReader(text)).lines().toList();
        for (String line : lines) {
            try {
                assertThat(BatchLine.read(line)).isNotNull();
            } catch (BatchLine.SyntaxError e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }

        List<Integer> answered = new ArrayList<>();
        boolean[] seen = new boolean[3];
        int status = Batch.run(AUTH, new BufferedReader(new StringReader(text)), new Batch.Output() {
            @Override
            public void answer(int line, Answer answer) {
                answered.add(line);
                assertThat(answer.decision().reason()).as(answer.decision().explain())
                        .isNotEqualTo(java.util.Optional.of(FailureReason.INTERNAL_ERROR));
                assertThat(answer.json(line, answer.decision().explain())).startsWith("{");
                seen[answer.status()] = true;
            }

            @Override
            public void error(int line, String message) {
                answered.add(line);
                assertThat(message).startsWith("line " + line + ": ");
                seen[Main.USAGE] = true;
            }
        });

        assertThat(answered).as("one result per line, in order").hasSize(lines.size());
        for (int i = 0; i < answered.size(); i++) {
            assertThat(answered.get(i)).isEqualTo(i + 1);
        }
        assertThat(status).isEqualTo(seen[Main.USAGE] ? Main.USAGE : seen[Main.DENY] ? Main.DENY : Main.OK);
    }

    private static MqttAuth engine() {
        try {
            Path config = Files.writeString(DIR.resolve("mqtt-auth.properties"), """
                    authenticators = password-file
                    authorizers = acl
                    password-file.path = passwd
                    password-file.allow-plaintext = true
                    password-file.reload = off
                    acl.path = acl
                    acl.reload = off
                    banned.path = banned
                    banned.reload = off
                    """);
            return MqttAuth.fromFile(config);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
