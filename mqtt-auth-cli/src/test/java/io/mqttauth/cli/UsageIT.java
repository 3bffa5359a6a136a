package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage and configuration errors exit with status 2 and say what to write instead. */
class UsageIT {

    @TempDir
    Path dir;

    @BeforeEach
    void config() throws IOException {
        Files.writeString(dir.resolve("ok.properties"), "anonymous = allow\n");
    }

    private void assertUsage(String expectedMessage, String... args) {
        Cli.Result r = Cli.run(dir, args);
        assertThat(r.status()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).contains(expectedMessage);
    }

    @Test
    void missingConfigOptionIsAUsageError() {
        assertUsage("--config", "check", "connect");
    }

    @Test
    void aMissingConfigFileIsAConfigurationErrorNamingTheFile() {
        assertUsage("nothere.properties", "check", "--config", "nothere.properties", "connect");
    }

    @Test
    void aBrokenConfigurationNamesEveryKeyAndItsFix() throws IOException {
        Files.writeString(dir.resolve("bad.properties"), "anonymous = maybe\nauthorization.no-match = sometimes\n");
        Cli.Result r = Cli.run(dir, "explain", "--config", "bad.properties", "connect");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("2 problems").contains("anonymous: is \"maybe\"; fix: write allow or deny")
                .contains("authorization.no-match");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void actionErrorsAreUsageErrors() {
        assertUsage("missing ACTION", "check", "--config", "ok.properties");
        assertUsage("unknown action \"delete\"", "check", "--config", "ok.properties", "delete", "a");
        assertUsage("publish needs a topic", "check", "--config", "ok.properties", "publish");
        assertUsage("connect takes no topic", "check", "--config", "ok.properties", "connect", "a/b");
    }

    @Test
    void optionValueErrorsAreUsageErrors() throws IOException {
        assertUsage("unknown protocol \"4.5\"", "check", "--config", "ok.properties", "--protocol", "4.5", "connect");
        assertUsage("not an IP address", "check", "--config", "ok.properties", "--address", "example.com",
                "connect");
        assertUsage("not an IP address", "check", "--config", "ok.properties", "--address", "1.2.3.256",
                "connect");
        Files.writeString(dir.resolve("pw"), "x");
        assertUsage("not both", "check", "--config", "ok.properties", "--username", "u", "--password", "x",
                "--password-file", "pw", "connect");
        assertUsage("cannot read the password file", "check", "--config", "ok.properties", "--username", "u",
                "--password-file", "missing", "connect");
        assertUsage("Unknown option", "check", "--config", "ok.properties", "--pasword", "x", "connect");
    }

    @Test
    void anUnreadableCertificateIsAUsageError() throws java.net.URISyntaxException {
        Path garbage = Path.of(getClass().getResource("/certs/garbage.pem").toURI());
        Path broken = Path.of(getClass().getResource("/certs/broken.pem").toURI());
        assertUsage("no certificate found", "check", "--config", "ok.properties", "--cert", garbage.toString(),
                "connect");
        assertUsage("certificate 1", "check", "--config", "ok.properties", "--cert", broken.toString(), "connect");
        assertUsage("cannot read the certificate file", "check", "--config", "ok.properties", "--cert", "none.pem",
                "connect");
    }

    @Test
    void batchTakesNoRequestOptions() throws IOException {
        Files.writeString(dir.resolve("b.jsonl"), "{}\n");
        assertUsage("--batch takes every request from the file", "check", "--config", "ok.properties", "--batch",
                "b.jsonl", "--username", "u");
        assertUsage("cannot read the batch file", "check", "--config", "ok.properties", "--batch", "missing.jsonl");
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result r = Cli.run(dir);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("check").contains("explain").contains("validate");
    }
}
