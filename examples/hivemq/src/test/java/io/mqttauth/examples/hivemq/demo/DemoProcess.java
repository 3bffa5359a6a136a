package io.mqttauth.examples.hivemq.demo;

import io.mqttauth.examples.hivemq.Mqtt;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo broker as users run it: {@code java -jar target/mqtt-auth-demo.jar} (as the package phase built it) in a
 * JVM of its own, on free ports, with the admin page. For the {@code *IT} tests, which run after packaging.
 */
final class DemoProcess implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final Path output;
    private final int mqttPort;
    private final int adminPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private DemoProcess(Process process, Path output, int mqttPort, int adminPort) {
        this.process = process;
        this.output = output;
        this.mqttPort = mqttPort;
        this.adminPort = adminPort;
    }

    /** Starts the bundled demo with {@code --admin-port} and {@code extra} options; returns once both ports listen. */
    static DemoProcess start(String... extra) throws IOException, InterruptedException {
        int mqtt = Mqtt.freePort();
        int admin = Mqtt.freePort();
        Path output = Files.createTempFile("mqtt-auth-demo", ".out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar",
                Path.of("target", "mqtt-auth-demo.jar").toAbsolutePath().toString(),
                "--port", Integer.toString(mqtt), "--admin-port", Integer.toString(admin)));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        DemoProcess demo = new DemoProcess(process, output, mqtt, admin);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        Instant deadline = Instant.now().plus(WAIT);
        while (!(demo.output().contains("Ctrl-C stops the broker") && listening(mqtt) && listening(admin))) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                String out = demo.output();
                demo.close();
                throw new IllegalStateException("the demo did not start:\n" + out);
            }
            Thread.sleep(200);
        }
        return demo;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int mqttPort() {
        return mqttPort;
    }

    /** The admin page's URL as the banner prints it: {@code http://127.0.0.1:PORT/}. */
    String adminUrl() {
        return "http://127.0.0.1:" + adminPort + "/";
    }

    /** What the demo printed so far. */
    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** A request to the admin page, {@code path} without the leading slash. */
    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(adminUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the demo (as Ctrl-C does) and deletes its output. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(output);
    }
}
