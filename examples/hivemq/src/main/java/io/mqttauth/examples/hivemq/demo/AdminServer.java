package io.mqttauth.examples.hivemq.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import io.mqttauth.UnauthorizedClient;
import io.mqttauth.micrometer.MqttAuthMetrics;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo broker's admin page and API, over the JDK's HTTP server: {@code GET /metrics} (Prometheus text format),
 * {@code GET /api/unauthorized-clients}, {@code GET /api/decisions}, {@code GET /api/problems},
 * {@code POST /api/reload}, and {@code GET /} (an HTML page over the same data, its script and style served from the
 * jar). See {@code docs/demo.md}.
 *
 * <p>Access: with a token, every request must carry {@code Authorization: Bearer <token>}, or HTTP Basic credentials
 * whose password is the token (any user name; a browser asks for them), compared in constant time, or is answered 401;
 * a {@code POST} whose {@code Origin} is another site is refused with 403, so that a page elsewhere cannot make a
 * browser that holds the credentials reload. Without a token (bound to 127.0.0.1 only), reads are open to local users, requests whose
 * {@code Host} is not a loopback name are refused with 403 (a web page cannot reach the API through DNS rebinding),
 * and {@code POST /api/reload} is always refused with 401, since it changes what the broker enforces.
 */
final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final Map<String, String> STATIC = Map.of(
            "/", "admin/index.html",
            "/admin.js", "admin/admin.js",
            "/admin.css", "admin/admin.css");

    private final MqttAuth auth;
    private final PrometheusMeterRegistry registry;
    private final @Nullable byte[] tokenDigest;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * One refused client as the API shows it: the unauthorized-clients log's entry with its reason explained. Never a
     * password or token: the log holds none ({@link UnauthorizedClient}).
     *
     * @param clientId the client id sent
     * @param username the user name sent, or {@code null}
     * @param address the client's IP address, or {@code null}
     * @param reason the latest refusal's reason code
     * @param description what the reason means
     * @param remedy how to fix it
     * @param detail what the deciding step checked
     * @param attempts refusals since {@code firstSeen}
     * @param firstSeen the first refusal kept, ISO-8601
     * @param lastSeen the latest refusal, ISO-8601
     */
    record ClientView(String clientId, @Nullable String username, @Nullable String address, String reason,
            String description, String remedy, String detail, long attempts, String firstSeen, String lastSeen) {

        static ClientView of(UnauthorizedClient c) {
            return new ClientView(c.clientId(), c.username(), c.address(), c.reason().code(),
                    c.reason().description(), c.reason().remedy(), c.detail(), c.attempts(), c.firstSeen().toString(),
                    c.lastSeen().toString());
        }
    }

    /**
     * Decisions since start for one reason ({@code none}: allowed).
     *
     * @param kind {@code connect} or {@code action}
     * @param reason a reason code or {@code none}
     * @param description what the reason means (empty for {@code none})
     * @param remedy how to fix it (empty for {@code none})
     * @param count how many
     */
    record DecisionCount(String kind, String reason, String description, String remedy, long count) {
    }

    /**
     * A configuration problem as the API shows it.
     *
     * @param file the file, or {@code null}
     * @param line the line, 0 for none
     * @param key the key, or {@code null}
     * @param message what is wrong
     * @param fix how to fix it, or {@code null}
     */
    record ProblemView(@Nullable String file, int line, @Nullable String key, String message, @Nullable String fix) {

        static ProblemView of(ConfigurationProblem p) {
            return new ProblemView(p.file() == null ? null : p.file().toString(), p.line(), p.key(), p.message(),
                    p.fix());
        }
    }

    /**
     * The answer to a reload.
     *
     * @param reloaded whether every file is now in force
     * @param problems the problems found, each with file and line; the last good version of those files stays
     */
    record ReloadView(boolean reloaded, List<ProblemView> problems) {
    }

    private AdminServer(MqttAuth auth, PrometheusMeterRegistry registry, @Nullable byte[] tokenDigest,
            HttpServer server, ExecutorService executor) {
        this.auth = auth;
        this.registry = registry;
        this.tokenDigest = tokenDigest;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code address}, attaches the engine's metrics to a new Prometheus registry and starts serving.
     *
     * @param token the access token, or {@code null} for none (then bind only to a loopback address)
     * @throws IOException if the address cannot be bound
     */
    static AdminServer start(MqttAuth auth, InetSocketAddress address, @Nullable String token) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MqttAuthMetrics.monitor(auth, registry);
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "mqtt-auth-demo-admin");
            t.setDaemon(true);
            return t;
        });
        AdminServer admin = new AdminServer(auth, registry, token == null ? null : sha256(token), server, executor);
        server.createContext("/", admin::handle);
        server.setExecutor(executor);
        server.start();
        return admin;
    }

    /** The page's URL, such as {@code http://127.0.0.1:8080/}. */
    String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/";
    }

    /** Stops serving. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        registry.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (tokenDigest != null) {
                if (!hasToken(exchange)) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"mqtt-auth-demo\", "
                            + "charset=\"UTF-8\"");
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"mqtt-auth-demo\"");
                    text(exchange, 401, "401 Unauthorized: send the token of --admin-token-file as"
                            + " \"Authorization: Bearer <token>\", or as the password when a browser asks (any user"
                            + " name)\n");
                    return;
                }
                if (method.equals("POST") && crossSite(exchange)) {
                    text(exchange, 403, "403 Forbidden: a request from another site's page\n");
                    return;
                }
            } else if (!loopbackHost(exchange)) {
                text(exchange, 403, "403 Forbidden: without --admin-token-file the admin page answers only requests"
                        + " for 127.0.0.1 or localhost\n");
                return;
            }
            if (method.equals("POST") && path.equals("/api/reload")) {
                if (tokenDigest == null) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"mqtt-auth-demo\"");
                    text(exchange, 401, "401 Unauthorized: reloading needs a token; start the demo with"
                            + " --admin-token-file FILE and send \"Authorization: Bearer <token>\"\n");
                    return;
                }
                List<ConfigurationProblem> problems = auth.reload();
                json(exchange, new ReloadView(problems.isEmpty(), problems.stream().map(ProblemView::of).toList()));
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                text(exchange, 405, "405 Method Not Allowed\n");
                return;
            }
            switch (path) {
                case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                        registry.scrape().getBytes(StandardCharsets.UTF_8));
                case "/api/unauthorized-clients" -> json(exchange,
                        auth.unauthorizedClients().list().stream().map(ClientView::of).toList());
                case "/api/decisions" -> json(exchange, decisions());
                case "/api/problems" -> json(exchange, auth.problems().stream().map(ProblemView::of).toList());
                default -> page(exchange, path);
            }
        } catch (RuntimeException e) {
            LOG.warn("admin page: {} failed", exchange.getRequestURI().getRawPath(), e);
        } finally {
            exchange.close();
        }
    }

    /** Decisions since start by kind and reason, from the binder's counters. */
    private List<DecisionCount> decisions() {
        Map<String, Long> counts = new TreeMap<>();
        count(counts, "connect", MqttAuthMetrics.CONNECTS);
        count(counts, "action", MqttAuthMetrics.AUTHORIZATIONS);
        return counts.entrySet().stream().map(e -> {
            String[] kindReason = e.getKey().split(" ", 2);
            FailureReason reason = kindReason[1].equals("none") ? null : FailureReason.valueOf(kindReason[1]);
            return new DecisionCount(kindReason[0], kindReason[1], reason == null ? "" : reason.description(),
                    reason == null ? "" : reason.remedy(), e.getValue());
        }).toList();
    }

    private void count(Map<String, Long> counts, String kind, String meter) {
        for (Counter c : registry.find(meter).counters()) {
            counts.merge(kind + " " + c.getId().getTag("reason"), (long) c.count(), Long::sum);
        }
    }

    private void page(HttpExchange exchange, String path) throws IOException {
        String resource = STATIC.get(path);
        if (resource == null) {
            text(exchange, 404, "404 Not Found\n");
            return;
        }
        byte[] body;
        try (InputStream in = AdminServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the admin page resource " + resource + " is missing from the jar");
            }
            body = in.readAllBytes();
        }
        String type = resource.endsWith(".html") ? "text/html; charset=utf-8"
                : resource.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        // Only the jar's own script and style; never inline code, nothing from elsewhere.
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; script-src 'self';"
                + " style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none';"
                + " frame-ancestors 'none'");
        send(exchange, 200, type, body);
    }

    private boolean hasToken(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String given = header == null ? null : header.strip();
        if (given == null) {
            return false;
        }
        String token;
        if (hasScheme(given, "bearer ")) {
            token = given.substring("bearer ".length()).strip();
        } else if (hasScheme(given, "basic ")) {
            String credentials;
            try {
                credentials = new String(Base64.getDecoder().decode(given.substring("basic ".length()).strip()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            int colon = credentials.indexOf(':');
            if (colon < 0) {
                return false;
            }
            token = credentials.substring(colon + 1);
        } else {
            return false;
        }
        // Digests of equal length, compared in constant time: neither the token's length nor a prefix shows.
        return MessageDigest.isEqual(tokenDigest, sha256(token));
    }

    private static boolean hasScheme(String header, String scheme) {
        return header.regionMatches(true, 0, scheme, 0, scheme.length());
    }

    /** Whether a browser says the request comes from a page of another origin than this server's. */
    private static boolean crossSite(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        return origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host));
    }

    private static boolean loopbackHost(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return false;
        }
        int colon = host.lastIndexOf(':');
        String name = colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
        return LOOPBACK_HOSTS.contains(name.toLowerCase(Locale.ROOT));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private void json(HttpExchange exchange, Object value) throws IOException {
        send(exchange, 200, "application/json; charset=utf-8", json.writeValueAsBytes(value));
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
