package io.mqttauth.examples.hivemq.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.mqttauth.FailureReason;
import io.mqttauth.examples.hivemq.Mqtt;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo jar started with {@code --admin-port} in a JVM of its own: clients the real MQTT client connects with a
 * wrong password, an unknown user and no credentials show in {@code /api/unauthorized-clients} with their reason,
 * description and remedy, and the decisions in {@code /metrics}; without {@code --admin-token-file},
 * {@code POST /api/reload} is refused with 401 and a request for another host name with 403.
 */
class DemoAdminIT {

    private static DemoProcess demo;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startAndRefuseThreeClients() throws Exception {
        demo = DemoProcess.start();
        int port = demo.mqttPort();
        Mqtt5BlockingClient wrongPassword = Mqtt.v5(port, "sensor-bad-password");
        assertThat(Mqtt.connect5(wrongPassword, "alice", "Tr0ub4dor-secret")).isEqualTo(0x87);
        assertThat(Mqtt.connect5(wrongPassword, "alice", "Tr0ub4dor-secret")).isEqualTo(0x87);
        assertThat(Mqtt.connect5(Mqtt.v5(port, "sensor-unknown-user"), "mallory", "guess")).isEqualTo(0x87);
        Mqtt3BlockingClient anonymous = Mqtt.v3(port, "sensor-anonymous");
        assertThat(Mqtt.connect3(anonymous, null, null)).isEqualTo(5);
        Mqtt5BlockingClient bob = Mqtt.v5(port, "bob-ok");
        assertThat(Mqtt.connect5(bob, "bob", "builder")).isZero();
        assertThat(Mqtt.publish5(bob, "sensors/alice/temp")).isEqualTo(0x87);
        bob.disconnect();
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void theBannerPrintsTheAdminUrl() throws IOException {
        assertThat(demo.output()).contains("Admin page: " + demo.adminUrl() + " (127.0.0.1 only");
    }

    @Test
    void refusedClientsAreListedWithTheirReasonsAndRemedies() throws Exception {
        HttpResponse<String> r = demo.send("GET", "api/unauthorized-clients");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(r.body()).doesNotContain("Tr0ub4dor").doesNotContain("guess");
        Map<String, JsonNode> byClient = new HashMap<>();
        for (JsonNode entry : JSON.readTree(r.body())) {
            byClient.put(entry.get("clientId").asText(), entry);
            entry.fieldNames().forEachRemaining(field -> assertThat(field.toLowerCase(Locale.ROOT))
                    .doesNotContain("password").doesNotContain("token"));
        }
        assertThat(byClient).containsOnlyKeys("sensor-bad-password", "sensor-unknown-user", "sensor-anonymous");

        JsonNode wrong = byClient.get("sensor-bad-password");
        assertThat(wrong.get("username").asText()).isEqualTo("alice");
        assertThat(wrong.get("address").asText()).isEqualTo("127.0.0.1");
        assertReason(wrong, FailureReason.PASSWORD_MISMATCH);
        assertThat(wrong.get("attempts").asLong()).isEqualTo(2);
        assertThat(Instant.parse(wrong.get("lastSeen").asText()))
                .isAfterOrEqualTo(Instant.parse(wrong.get("firstSeen").asText()));

        JsonNode unknown = byClient.get("sensor-unknown-user");
        assertThat(unknown.get("username").asText()).isEqualTo("mallory");
        assertReason(unknown, FailureReason.NO_CREDENTIALS_FOUND);
        assertThat(unknown.get("attempts").asLong()).isEqualTo(1);

        JsonNode anonymous = byClient.get("sensor-anonymous");
        assertThat(anonymous.get("username").isNull()).isTrue();
        assertReason(anonymous, FailureReason.ANONYMOUS_NOT_ALLOWED);
    }

    private static void assertReason(JsonNode entry, FailureReason reason) {
        assertThat(entry.get("reason").asText()).isEqualTo(reason.code());
        assertThat(entry.get("description").asText()).isEqualTo(reason.description());
        assertThat(entry.get("remedy").asText()).isEqualTo(reason.remedy());
    }

    @Test
    void theMetricsCountTheDecisionsInPrometheusFormat() throws Exception {
        HttpResponse<String> r = demo.send("GET", "metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(r.body().lines())
                .contains("mqtt_auth_connects_total{outcome=\"refused\",provider=\"password-file\","
                        + "reason=\"PASSWORD_MISMATCH\"} 2.0")
                .contains("mqtt_auth_connects_total{outcome=\"allowed\",provider=\"password-file\",reason=\"none\"}"
                        + " 1.0")
                .contains("mqtt_auth_connects_total{outcome=\"refused\",provider=\"anonymous\","
                        + "reason=\"ANONYMOUS_NOT_ALLOWED\"} 1.0")
                .contains("mqtt_auth_authorizations_total{action=\"publish\",outcome=\"denied\","
                        + "reason=\"NO_MATCHING_RULE\"} 1.0")
                .contains("mqtt_auth_unauthorized_clients 3.0")
                .contains("mqtt_auth_reload_failed{provider=\"acl\"} 0.0")
                .anyMatch(l -> l.startsWith("mqtt_auth_provider_latency_seconds_count{phase=\"authenticate\","
                        + "provider=\"password-file\"} "));
        assertThat(r.body()).doesNotContain("sensor-").doesNotContain("mallory").doesNotContain("sensors/");
    }

    @Test
    void theDecisionCountsByReasonSinceStart() throws Exception {
        Map<String, Long> counts = new HashMap<>();
        for (JsonNode d : JSON.readTree(demo.send("GET", "api/decisions").body())) {
            counts.put(d.get("kind").asText() + " " + d.get("reason").asText(), d.get("count").asLong());
        }
        assertThat(counts).containsEntry("connect PASSWORD_MISMATCH", 2L)
                .containsEntry("connect ANONYMOUS_NOT_ALLOWED", 1L)
                .containsEntry("connect none", 1L)
                .containsEntry("action NO_MATCHING_RULE", 1L);
    }

    @Test
    void withoutATokenReloadIsRefusedWith401() throws Exception {
        HttpResponse<String> r = demo.send("POST", "api/reload");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("--admin-token-file");
    }

    @Test
    void withoutATokenARequestForAnotherHostIsRefused() throws IOException {
        // A page on another site that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own Host.
        int port = Integer.parseInt(demo.adminUrl().replaceAll(".*:(\\d+)/$", "$1"));
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/unauthorized-clients HTTP/1.1\r\nHost: attacker.example:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 403").doesNotContain("sensor-");
        }
    }
}
