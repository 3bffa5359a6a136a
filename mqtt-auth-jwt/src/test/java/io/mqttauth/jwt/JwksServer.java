package io.mqttauth.jwt;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS endpoint on 127.0.0.1 for tests: serves a settable JWK set or status, counts requests, can answer slowly, can
 * go down.
 */
final class JwksServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String body = "{\"keys\":[]}";
    private volatile int status = 200;
    private volatile long delayMillis;

    JwksServer(String jwks) {
        this.body = jwks;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jwks-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The endpoint's URL. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /** Serves this JWK set from now on. */
    void serve(String jwks) {
        this.body = jwks;
        this.status = 200;
    }

    /** Answers every request with this HTTP status from now on. */
    void fail(int status) {
        this.status = status;
        this.body = "<html>error</html>";
    }

    /** Answers every request this much later from now on. */
    void delay(long millis) {
        this.delayMillis = millis;
    }

    /** How many requests it has received. */
    int fetches() {
        return fetches.get();
    }

    /** Waits up to 5 s until it has received {@code n} requests; whether it has. */
    boolean awaitFetches(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (fetches.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return fetches.get() >= n;
    }

    /** Stops answering: connections are refused from now on. */
    @Override
    public void close() {
        server.stop(0);
    }
}
