package io.mqttauth.examples.hivemq.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqttauth.examples.hivemq.Mqtt;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo's admin page with {@code --admin-token-file}, served on another loopback address than 127.0.0.1
 * ({@code --admin-bind 127.0.0.2}): every request without {@code Authorization: Bearer <token>} or Basic credentials
 * whose password is the token, or with a wrong token, is answered 401 without running; with the token, the page and
 * the API answer, {@code POST /api/reload} reloads and shows the problems of a failed reload, and a reload from another
 * site's page is refused.
 */
class DemoAdminTokenTest {

    private static final String TOKEN = "3f9c1a7e5b2d4c6e8a0b1c2d3e4f5a6b";
    private static final List<String> PATHS = List.of("/", "/admin.js", "/metrics", "/api/unauthorized-clients",
            "/api/decisions", "/api/problems", "/no-such-page");

    @TempDir
    static Path dir;

    private static DemoBroker.Running demo;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String base;

    @BeforeAll
    static void startWithAToken() throws IOException {
        for (String name : DemoSetup.BUNDLED_FILES) {
            try (InputStream in = DemoSetup.class.getResourceAsStream(name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        Files.writeString(dir.resolve("admin.token"), TOKEN + "\n", StandardCharsets.UTF_8);
        int adminPort = Mqtt.freePort();
        DemoBroker broker = new DemoBroker();
        new CommandLine(broker).parseArgs("--config", dir.resolve("mqtt-auth.properties").toString(),
                "--port", Integer.toString(Mqtt.freePort()), "--admin-port", Integer.toString(adminPort),
                "--admin-bind", "127.0.0.2", "--admin-token-file", dir.resolve("admin.token").toString());
        demo = broker.start();
        base = "http://127.0.0.2:" + adminPort;
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theBannerNamesTheAdminUrlOnTheBoundAddress() {
        assertThat(demo.banner()).startsWith("Admin page: " + base + "/ ");
        assertThat(demo.adminUrl()).isEqualTo(base + "/");
    }

    @Test
    void everyRequestWithoutTheTokenIsRefusedWith401() throws Exception {
        for (String path : PATHS) {
            HttpResponse<String> r = send("GET", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().allValues("WWW-Authenticate")).as("a browser asks for the token as a password")
                    .containsExactly("Basic realm=\"mqtt-auth-demo\", charset=\"UTF-8\"",
                            "Bearer realm=\"mqtt-auth-demo\"");
            assertThat(r.body()).doesNotContain(TOKEN);
        }
        assertThat(send("POST", "/api/reload", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongTokenIsRefusedWith401() throws Exception {
        List<String> wrong = List.of("Bearer " + TOKEN.substring(0, TOKEN.length() - 1) + "0",
                "Bearer " + TOKEN.substring(0, 8), "Bearer " + TOKEN + "0", "Bearer ", "Basic " + TOKEN, TOKEN,
                basic("admin:" + TOKEN.substring(1)), basic(TOKEN), basic(TOKEN + ":x"), "Basic %%%");
        for (String authorization : wrong) {
            for (String path : PATHS) {
                assertThat(send("GET", path, authorization).statusCode()).as(authorization + " " + path)
                        .isEqualTo(401);
            }
            assertThat(send("POST", "/api/reload", authorization).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theTokenOpensThePageAndTheApi() throws Exception {
        String authorization = "Bearer " + TOKEN;
        HttpResponse<String> page = send("GET", "/", authorization);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<table id=\"clients\">");
        assertThat(send("GET", "/metrics", "bearer " + TOKEN).body()).contains("mqtt_auth_unauthorized_clients");
        assertThat(send("GET", "/api/unauthorized-clients", authorization).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/no-such-page", authorization).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/unauthorized-clients", authorization).statusCode()).isEqualTo(405);
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBrowsersBasicCredentialsWithTheTokenAsPasswordOpenThePageWhateverTheUserName() throws Exception {
        for (String credentials : List.of("admin:" + TOKEN, ":" + TOKEN)) {
            String authorization = basic(credentials);
            HttpResponse<String> page = send("GET", "/", authorization);
            assertThat(page.statusCode()).as(credentials).isEqualTo(200);
            assertThat(page.body()).contains("<table id=\"clients\">");
            assertThat(send("GET", "/api/unauthorized-clients", "basic " + authorization.substring(6)).statusCode())
                    .isEqualTo(200);
        }
        // The password is everything after the first colon (RFC 7617): "team:<token>" is not the token.
        assertThat(send("GET", "/", basic("ops:team:" + TOKEN)).statusCode()).isEqualTo(401);
    }

    @Test
    void aReloadFromAnotherSitesPageIsRefusedWith403EvenWithTheToken() throws Exception {
        HttpRequest.Builder foreign = HttpRequest.newBuilder(URI.create(base + "/api/reload"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", basic("admin:" + TOKEN))
                .header("Origin", "http://attacker.example");
        HttpResponse<String> refused = HTTP.send(foreign.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("another site");

        HttpRequest.Builder own = HttpRequest.newBuilder(URI.create(base + "/api/reload"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", basic("admin:" + TOKEN))
                .header("Origin", base);
        assertThat(HTTP.send(own.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/problems", "Bearer " + TOKEN).statusCode()).as("reads carry no Origin check")
                .isEqualTo(200);
    }

    @Test
    void reloadWithTheTokenShowsTheProblemsOfAFailedReload() throws Exception {
        String authorization = "Bearer " + TOKEN;
        ObjectMapper json = new ObjectMapper();
        Path acl = dir.resolve("acl");
        String good = Files.readString(acl, StandardCharsets.UTF_8);
        try {
            Files.writeString(acl, "user alice\ntopic sideways sensors/#\n", StandardCharsets.UTF_8);
            HttpResponse<String> failed = send("POST", "/api/reload", authorization);
            assertThat(failed.statusCode()).isEqualTo(200);
            JsonNode answer = json.readTree(failed.body());
            assertThat(answer.get("reloaded").asBoolean()).isFalse();
            JsonNode problem = answer.get("problems").get(0);
            assertThat(problem.get("file").asText()).isEqualTo(acl.toString());
            assertThat(problem.get("line").asInt()).isEqualTo(2);
            assertThat(problem.get("message").asText()).contains("sideways");
            assertThat(problem.get("fix").asText()).contains("readwrite");
            assertThat(json.readTree(send("GET", "/api/problems", authorization).body()).get(0).get("line").asInt())
                    .isEqualTo(2);
            assertThat(send("GET", "/metrics", authorization).body())
                    .contains("mqtt_auth_reload_failed{provider=\"acl\"} 1.0");
        } finally {
            Files.writeString(acl, good, StandardCharsets.UTF_8);
        }
        JsonNode fixed = json.readTree(send("POST", "/api/reload", authorization).body());
        assertThat(fixed.get("reloaded").asBoolean()).isTrue();
        assertThat(fixed.get("problems")).isEmpty();
        assertThat(send("GET", "/metrics", authorization).body())
                .contains("mqtt_auth_reload_failed{provider=\"acl\"} 0.0");
    }
}
