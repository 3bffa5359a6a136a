package io.mqttauth.acl;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.Topics;
import io.mqttauth.spi.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the ACL parser and matcher through the provider factory, as the engine builds it: a file (in either format,
 * configured or detected, with any {@code subscribe} and {@code no-match} setting) is a provider or a
 * {@link ConfigurationException} whose every problem names the file and a line of it, never another exception; the
 * provider decides any action of any client (client ids and user names with {@code +}, {@code #}, {@code /} and
 * U+0000 included) without throwing and without {@link FailureReason#INTERNAL_ERROR}, refuses an invalid topic with
 * {@link FailureReason#INVALID_TOPIC}, and every refusal has a reason. Run long: see docs/fuzzing.md.
 *
 * <p>An input is three parts separated by newlines: options ({@code M} or {@code E} for the format, {@code S} for
 * {@code subscribe = mosquitto}, {@code D} or {@code A} for {@code no-match}) then TAB USER-NAME TAB CLIENT-ID TAB
 * CERT-CN; actions separated by TABs ({@code p}, {@code R} (retained), {@code s} or {@code r} then the topic); the
 * ACL file.
 */
class AclFuzzTest {

    private static final Path DIR = tempDir();
    private static final Set<FailureReason> ACL_REASONS = Set.of(FailureReason.NO_MATCHING_RULE,
            FailureReason.DENIED_BY_RULE, FailureReason.INVALID_TOPIC);

    @AfterAll
    static void cleanUp() throws IOException {
        Files.deleteIfExists(DIR.resolve("acl"));
        Files.deleteIfExists(DIR);
    }

    @FuzzTest
    void aclParsesOrNamesFileAndLineAndDecidesEveryAction(byte[] input) {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\n", 3);
        String options = parts[0];
        List<String> keys = new ArrayList<>();
        String format = options.contains("E") ? "extended" : options.contains("M") ? "mosquitto" : null;
        if (format != null) {
            keys.addAll(List.of("format", format));
        }
        if (options.contains("S")) {
            keys.addAll(List.of("subscribe", "mosquitto"));
        }
        if (options.contains("D") || options.contains("A")) {
            keys.addAll(List.of("no-match", options.contains("D") ? "deny" : "abstain"));
        }
        String[] client = (options.contains("\t") ? options.substring(options.indexOf('\t') + 1) : "")
                .split("\t", 3);
        String username = client[0];
        String clientId = client.length > 1 ? client[1] : "";
        String certCn = client.length > 2 ? client[2] : "";
        List<Action> actions = new ArrayList<>();
        for (String a : (parts.length > 1 ? parts[1] : "").split("\t")) {
            String topic = a.length() > 1 ? a.substring(1) : "";
            actions.add(a.startsWith("s") ? Action.subscribe(topic, 1)
                    : a.startsWith("r") ? Action.receive(topic, 1, false) : Action.publish(topic, 1, a.startsWith("R")));
        }
        String content = parts.length > 2 ? parts[2] : "";
        int lines = content.split("\n", -1).length;

        Provider provider;
        try {
            provider = AclFixture.provider(DIR, content, keys.toArray(new String[0]));
        } catch (ConfigurationException e) {
            assertThat(e.problems()).isNotEmpty();
            for (ConfigurationProblem p : e.problems()) {
                assertThat(p.file()).as("%s", p).isEqualTo(DIR.resolve("acl"));
                assertThat(p.line()).as("%s", p).isBetween(1, lines);
                assertThat(p.fix()).as("%s", p).isNotBlank();
            }
            return;
        }
        try (provider) {
            ConnectRequest request = ConnectRequest.builder(clientId).username(username).password("x").build();
            List<Identity> clients = List.of(
                    Identity.builder(username.isEmpty() ? "u" : username, request).provider("password-file").build(),
                    Identity.builder(certCn.isEmpty() ? "cn" : certCn, request).provider("x509")
                            .attribute(Identity.CERT_CN, certCn).build(),
                    Identity.anonymous(ConnectRequest.builder(clientId).build()));
            for (Identity who : clients) {
                for (Action action : actions) {
                    AuthorizationResult result = provider.authorizer().orElseThrow().authorize(who, action);
                    assertThat(result).as("%s for %s", action, who).isNotNull();
                    boolean valid = action.type() == Action.Type.SUBSCRIBE ? Topics.isValidFilter(action.topic())
                            : Topics.isValidTopicName(action.topic());
                    if (result instanceof AuthorizationResult.Deny d) {
                        assertThat(d.reason()).as(d.detail()).isIn(ACL_REASONS);
                        assertThat(d.reason() == FailureReason.INVALID_TOPIC).as(d.detail()).isEqualTo(!valid);
                    } else {
                        assertThat(valid).as("%s allowed or abstained: %s", action, result.detail()).isTrue();
                    }
                }
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("acl-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
