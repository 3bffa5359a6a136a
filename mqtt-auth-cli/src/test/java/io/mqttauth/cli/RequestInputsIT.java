package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code check} hands to the engine, seen through the test-only {@code probe} provider: the exact password bytes
 * of {@code --password-file}, and the {@code --cert} chain in file order.
 */
class RequestInputsIT {

    @TempDir
    Path dir;

    private void config(byte[] password) throws IOException {
        Files.writeString(dir.resolve("probe.properties"), "authenticators = probe\nprobe.password-hex = "
                + HexFormat.of().formatHex(password) + "\n");
    }

    @Test
    void passwordFileIsReadAsRawBytesKeepingTheTrailingNewline() throws IOException {
        config("s3cret\n".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("with-newline"), "s3cret\n");
        Files.writeString(dir.resolve("without-newline"), "s3cret");

        Cli.Result withNewline = Cli.runWithProbe(dir, "check", "--config", "probe.properties", "--username", "u",
                "--password-file", "with-newline", "connect");
        assertThat(withNewline.firstLine()).as(withNewline.toString()).isEqualTo("ALLOW");
        assertThat(withNewline.err()).isEqualTo("mqtt-auth check: note: with-newline ends with a line break, which "
                + "is sent as part of the password; write the file with printf '%s' if it is not\n");

        Cli.Result withoutNewline = Cli.runWithProbe(dir, "check", "--config", "probe.properties", "--username",
                "u", "--password-file", "without-newline", "connect");
        assertThat(withoutNewline.firstLine()).isEqualTo("DENY PASSWORD_MISMATCH");
        assertThat(withoutNewline.out()).contains("(6 bytes)");
        assertThat(withoutNewline.err()).isEmpty();

        Cli.Result option = Cli.runWithProbe(dir, "check", "--config", "probe.properties", "--username", "u",
                "--password", "s3cret", "connect");
        assertThat(option.firstLine()).isEqualTo("DENY PASSWORD_MISMATCH");
    }

    @Test
    void passwordFileMayHoldBytesThatAreNotText() throws IOException {
        byte[] binary = {0, (byte) 0xFF, (byte) 0x80, '\r', '\n'};
        config(binary);
        Files.write(dir.resolve("binary"), binary);
        Cli.Result r = Cli.runWithProbe(dir, "check", "--config", "probe.properties", "--username", "u",
                "--password-file", "binary", "connect");
        assertThat(r.firstLine()).as(r.toString()).isEqualTo("ALLOW");
        assertThat(r.status()).isEqualTo(0);
    }

    @Test
    void passwordOptionIsSentAsUtf8() throws IOException {
        config("pässwörd".getBytes(StandardCharsets.UTF_8));
        Cli.Result r = Cli.runWithProbe(dir, "check", "--config", "probe.properties", "--username", "u",
                "--password", "pässwörd", "connect");
        assertThat(r.firstLine()).as(r.toString()).isEqualTo("ALLOW");
    }

    @Test
    void certChainIsHandedOverLeafFirstInFileOrder() throws IOException, URISyntaxException {
        config(new byte[] {1});
        Path chain = Path.of(getClass().getResource("/certs/chain.pem").toURI());
        Cli.Result r = Cli.runWithProbe(dir, "check", "--config", "probe.properties", "--json", "--cert",
                chain.toString(), "connect");
        assertThat(r.status()).as(r.toString()).isEqualTo(0);
        assertThat(Cli.text(r.json(), "detail")).isEqualTo("chain: O=Plant, CN=sensor-7 <- CN=Test CA");

        Cli.Result explained = Cli.runWithProbe(dir, "explain", "--config", "probe.properties", "--cert",
                chain.toString(), "connect");
        assertThat(explained.out()).contains("certificate O=Plant,CN=sensor-7");
    }
}
