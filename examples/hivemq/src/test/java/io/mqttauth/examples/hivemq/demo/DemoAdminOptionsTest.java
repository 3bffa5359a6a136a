package io.mqttauth.examples.hivemq.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.examples.hivemq.Mqtt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The admin page's options fail fast, naming the option and the fix, before anything listens: {@code --admin-bind}
 * without {@code --admin-token-file}, either without {@code --admin-port}, and a token file without a usable token.
 */
class DemoAdminOptionsTest {

    @TempDir
    Path dir;

    private static ConfigurationProblem problemOf(String... args) {
        DemoBroker broker = new DemoBroker();
        new CommandLine(broker).parseArgs(args);
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, broker::start);
        assertThat(e).as("start() with %s", String.join(" ", args)).isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    void adminBindWithoutATokenFileFailsBeforeAnythingListens() throws IOException {
        int mqtt = Mqtt.freePort();
        int admin = Mqtt.freePort();
        ConfigurationProblem p = problemOf("--port", Integer.toString(mqtt), "--admin-port", Integer.toString(admin),
                "--admin-bind", "0.0.0.0");
        assertThat(p.key()).isEqualTo("--admin-bind");
        assertThat(p.message()).contains("without an access token");
        assertThat(p.fix()).contains("--admin-token-file FILE").contains("drop --admin-bind");
        for (int port : new int[] {mqtt, admin}) {
            assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 1000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void theExitCodeIs2AndTheMessageNamesTheOptionAndTheFix() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(new DemoBroker()).execute("--admin-port", "1", "--admin-bind", "0.0.0.0");
        } finally {
            System.setErr(saved);
        }
        assertThat(code).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("--admin-bind")
                .contains("--admin-token-file FILE");
    }

    @Test
    void adminOptionsWithoutAdminPortFail() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "0123456789abcdef0123", StandardCharsets.UTF_8);
        assertThat(problemOf("--admin-bind", "0.0.0.0", "--admin-token-file", token.toString()).key())
                .isEqualTo("--admin-bind");
        ConfigurationProblem p = problemOf("--admin-token-file", token.toString());
        assertThat(p.key()).isEqualTo("--admin-token-file");
        assertThat(p.fix()).isEqualTo("add --admin-port N");
    }

    @Test
    void aShortOrMissingTokenFailsWithoutShowingTheToken() throws IOException {
        Path shortToken = Files.writeString(dir.resolve("short"), "tooshort-secret\n", StandardCharsets.UTF_8);
        ConfigurationProblem p = problemOf("--admin-port", Integer.toString(Mqtt.freePort()),
                "--admin-token-file", shortToken.toString());
        assertThat(p.key()).isEqualTo("--admin-token-file");
        assertThat(p.message()).contains("at least 16 printable ASCII characters");
        assertThat(p.fix()).contains("openssl rand -hex 32");
        assertThat(p.toString()).doesNotContain("tooshort-secret");

        ConfigurationProblem missing = problemOf("--admin-port", Integer.toString(Mqtt.freePort()),
                "--admin-token-file", dir.resolve("absent").toString());
        assertThat(missing.key()).isEqualTo("--admin-token-file");
        assertThat(missing.message()).contains("cannot read");
    }
}
