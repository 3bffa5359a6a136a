package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tls} and {@code --sni} (and the batch members {@code tls} and {@code sni}) through the built jar, against
 * {@code tls.required} and {@code tls.sni-hosts}.
 */
class CheckTlsIT {

    private static final String SNI_HOSTS = "tls.sni-hosts = broker.example.com, *.devices.example.com";

    @TempDir
    Path dir;

    private void config(String... lines) throws IOException {
        Files.writeString(dir.resolve("mqtt-auth.properties"), String.join("\n", lines) + "\n");
    }

    private Cli.Result check(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "check";
        all[1] = "--config";
        all[2] = "mqtt-auth.properties";
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(dir, all);
    }

    @Test
    void tlsRequiredRefusesAPlainClientWithTlsRequiredAndAcceptsOneOverTls() throws Exception {
        config("anonymous = allow", "tls.required = true");
        Cli.Result plain = check("connect");
        assertThat(plain.status()).as(plain.toString()).isEqualTo(1);
        assertThat(plain.firstLine()).isEqualTo("DENY TLS_REQUIRED");
        assertThat(plain.out()).contains("decided by: tls").contains("tls.required = true").contains("mqtts://");

        Cli.Result tls = check("--tls", "connect");
        assertThat(tls.status()).as(tls.toString()).isEqualTo(0);
        assertThat(tls.firstLine()).isEqualTo("ALLOW");
        assertThat(check("--sni", "broker.example.com", "connect").firstLine()).as("--sni implies TLS")
                .isEqualTo("ALLOW");
        Path chain = Path.of(getClass().getResource("/certs/chain.pem").toURI());
        assertThat(check("--cert", chain.toString(), "connect").firstLine()).as("--cert implies TLS")
                .isEqualTo("ALLOW");
    }

    @Test
    void tlsRequiredInJsonCarriesTheReasonAndCodes() throws IOException {
        config("anonymous = allow", "tls.required = true");
        Cli.Result r = check("--json", "--protocol", "3", "publish", "a/b");
        assertThat(r.status()).isEqualTo(1);
        JsonNode json = r.json();
        assertThat(Cli.text(json, "reason")).isEqualTo("TLS_REQUIRED");
        assertThat(Cli.text(json, "mqtt3")).isEqualTo("5");
        assertThat(Cli.text(json, "mqtt5")).isEqualTo("135");
        assertThat(Cli.text(json, "provider")).isEqualTo("tls");
        assertThat(Cli.text(json, "action")).isEqualTo("connect");
    }

    @Test
    void anAllowedSniIsAllowedWithExitZero() throws IOException {
        config("anonymous = allow", SNI_HOSTS);
        for (String sni : List.of("broker.example.com", "BROKER.EXAMPLE.COM", "sensor-1.devices.example.com")) {
            Cli.Result r = check("--sni", sni, "connect");
            assertThat(r.status()).as(r.toString()).isEqualTo(0);
            assertThat(r.firstLine()).isEqualTo("ALLOW");
        }
    }

    @Test
    void anSniNotOnTheListIsSniNotAllowedWithExitOneNamingTheSniAndTheList() throws IOException {
        config("anonymous = allow", SNI_HOSTS);
        Cli.Result r = check("--json", "--sni", "a.b.devices.example.com", "connect");
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        JsonNode json = r.json();
        assertThat(Cli.text(json, "decision")).isEqualTo("DENY");
        assertThat(Cli.text(json, "reason")).isEqualTo("SNI_NOT_ALLOWED");
        assertThat(Cli.text(json, "mqtt5")).isEqualTo("135");
        assertThat(Cli.text(json, "provider")).isEqualTo("tls");
        assertThat(Cli.text(json, "detail")).isEqualTo("the client connected over TLS with SNI "
                + "\"a.b.devices.example.com\", which tls.sni-hosts does not allow; it allows broker.example.com, "
                + "*.devices.example.com");
        assertThat(Cli.text(json, "remedy")).contains("tls.sni-hosts");

        Cli.Result ip = check("--sni", "192.0.2.10", "connect");
        assertThat(ip.firstLine()).isEqualTo("DENY SNI_NOT_ALLOWED");
        assertThat(ip.out()).contains("an IP address, which is not a valid SNI: connect by host name");
    }

    @Test
    void aTlsClientWithoutSniIsSniMissingWithExitOneAndARemedyForTheClient() throws IOException {
        config("anonymous = allow", SNI_HOSTS);
        Cli.Result r = check("--json", "--tls", "connect");
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        JsonNode json = r.json();
        assertThat(Cli.text(json, "reason")).isEqualTo("SNI_MISSING");
        assertThat(Cli.text(json, "detail")).isEqualTo("the client connected over TLS and sent no SNI; tls.sni-hosts "
                + "allows broker.example.com, *.devices.example.com");
        assertThat(Cli.text(json, "remedy")).contains("connect by host name, not IP address");
    }

    @Test
    void aPlainClientIsNotSniChecked() throws IOException {
        config("anonymous = allow", SNI_HOSTS);
        Cli.Result r = check("connect");
        assertThat(r.status()).as(r.toString()).isEqualTo(0);
    }

    @Test
    void explainTellsHowTheClientConnectedAndWhatToChange() throws IOException {
        config("anonymous = allow", SNI_HOSTS);
        Cli.Result missing = Cli.run(dir, "explain", "--config", "mqtt-auth.properties", "--tls", "connect");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.out()).startsWith("DENY SNI_MISSING\n")
                .contains("(MQTT 5, TLS without a client certificate, no SNI) may not connect.")
                .contains("To make it succeed: the client sent no SNI and tls.sni-hosts in mqtt-auth.properties "
                        + "requires one; connect by a host name it allows (named above), not by IP address");

        Cli.Result other = Cli.run(dir, "explain", "--config", "mqtt-auth.properties", "--sni", "mqtt.example.org",
                "connect");
        assertThat(other.out()).startsWith("DENY SNI_NOT_ALLOWED\n")
                .contains("(MQTT 5, TLS without a client certificate, SNI \"mqtt.example.org\")")
                .contains("To make it succeed: the client asked for \"mqtt.example.org\"");
    }

    @Test
    void batchLinesCarryTlsAndSni() throws IOException {
        config("anonymous = allow", "tls.required = true", SNI_HOSTS);
        Files.writeString(dir.resolve("batch.jsonl"), String.join("\n",
                "{\"clientId\":\"plain\"}",
                "{\"clientId\":\"no-sni\",\"tls\":true}",
                "{\"clientId\":\"good\",\"sni\":\"broker.example.com\"}",
                "{\"clientId\":\"bad\",\"tls\":true,\"sni\":\"mqtt.example.org\"}",
                "{\"clientId\":\"off\",\"tls\":false}",
                "{\"clientId\":\"contradiction\",\"tls\":false,\"sni\":\"broker.example.com\"}",
                "{\"clientId\":\"text\",\"tls\":\"yes\"}",
                "{\"clientId\":\"nulls\",\"tls\":null,\"sni\":null}") + "\n");
        Cli.Result r = check("--batch", "batch.jsonl");
        assertThat(r.status()).as(r.toString()).isEqualTo(2);
        assertThat(r.lines()).hasSize(8);
        assertThat(r.lines().subList(0, 5)).containsExactly("DENY TLS_REQUIRED", "DENY SNI_MISSING", "ALLOW",
                "DENY SNI_NOT_ALLOWED", "DENY TLS_REQUIRED");
        assertThat(r.lines().get(5)).startsWith("ERROR line 6:")
                .contains("\"sni\" means the client connected over TLS");
        assertThat(r.lines().get(6)).startsWith("ERROR line 7:").contains("\"tls\" must be true, false or null");
        assertThat(r.lines().get(7)).isEqualTo("DENY TLS_REQUIRED");

        Cli.Result json = check("--batch", "batch.jsonl", "--json");
        JsonNode bad = Cli.parse(json.lines().get(3));
        assertThat(Cli.text(bad, "reason")).isEqualTo("SNI_NOT_ALLOWED");
        assertThat(Cli.text(bad, "detail")).contains("\"mqtt.example.org\"");
    }

    @Test
    void batchTakesNeitherTlsNorSniOptions() throws IOException {
        config("anonymous = allow");
        Files.writeString(dir.resolve("b.jsonl"), "{}\n");
        for (List<String> option : List.of(List.of("--tls"), List.of("--sni", "broker.example.com"))) {
            List<String> args = new ArrayList<>(List.of("--batch", "b.jsonl"));
            args.addAll(option);
            Cli.Result r = check(args.toArray(String[]::new));
            assertThat(r.status()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("--batch takes every request from the file").contains("--tls, --sni");
        }
    }

    @Test
    void anInvalidSniHostsEntryIsAConfigurationErrorWithTheKeyAndTheFix() throws IOException {
        config("tls.sni-hosts = broker.example.com, 192.0.2.10", "tls.required = maybe");
        Cli.Result r = check("--tls", "connect");
        assertThat(r.status()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("2 problems")
                .contains("tls.sni-hosts: entry \"192.0.2.10\" is not a host name: it is an IP address")
                .contains("fix: write the host name clients connect to")
                .contains("tls.required: is \"maybe\"; fix: write true or false");
        Cli.Result validate = Cli.run(dir, "validate", "--config", "mqtt-auth.properties");
        assertThat(validate.status()).isEqualTo(2);
        assertThat(validate.out() + validate.err()).contains("tls.sni-hosts");
    }
}
