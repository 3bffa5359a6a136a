package io.mqttauth.examples.hivemq.demo;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.examples.hivemq.EmbeddedBroker;
import io.mqttauth.examples.hivemq.EmbeddedBroker.ClientAuthentication;
import io.mqttauth.examples.hivemq.MqttAuthHiveMq;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo broker: an embedded HiveMQ CE that authenticates and authorizes every client with mqtt-auth, started from
 * an {@code mqtt-auth.properties}, a {@code mosquitto.conf}, or (without {@code --config}) a bundled demo
 * configuration whose users and copy-paste {@code mosquitto_pub}/{@code mosquitto_sub} commands it prints. Binds to
 * 127.0.0.1 unless told otherwise, logs every refusal with its reason, and stops cleanly on Ctrl-C.
 */
@Command(name = "mqtt-auth-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "An MQTT broker (embedded HiveMQ CE) that authenticates and authorizes with mqtt-auth.")
public final class DemoBroker implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "an mqtt-auth.properties, or a mosquitto.conf (password_file, acl_file, allow_anonymous,"
                    + " listener/port); default: the bundled demo configuration")
    private @Nullable Path config;

    @Option(names = "--port", paramLabel = "N",
            description = "the MQTT port (default: the mosquitto.conf's listeners, else 1883)")
    private @Nullable Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "the address to listen on when the configuration names none (default: ${DEFAULT-VALUE})")
    private String bind = "127.0.0.1";

    @Option(names = "--tls-port", paramLabel = "N", description = "also listen for MQTT over TLS on this port")
    private @Nullable Integer tlsPort;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "the server's key and certificate chain (PKCS12 or JKS)")
    private @Nullable Path tlsKeystore;

    @Option(names = "--tls-keystore-password", paramLabel = "PASSWORD", defaultValue = "changeit",
            description = "the key store's and its key's password (default: ${DEFAULT-VALUE})")
    private String tlsKeystorePassword = "changeit";

    @Option(names = "--tls-truststore", paramLabel = "FILE",
            description = "the CAs client certificates must chain to; asks clients for a certificate")
    private @Nullable Path tlsTruststore;

    @Option(names = "--tls-truststore-password", paramLabel = "PASSWORD", defaultValue = "changeit",
            description = "the trust store's password (default: ${DEFAULT-VALUE})")
    private String tlsTruststorePassword = "changeit";

    @Option(names = "--tls-client-auth", paramLabel = "MODE",
            description = "NONE, OPTIONAL or REQUIRED client certificates (default: OPTIONAL with a trust store)")
    private @Nullable ClientAuthentication tlsClientAuth;

    /** A started demo broker. */
    static final class Running implements AutoCloseable {
        private final EmbeddedBroker broker;
        private final DemoSetup setup;
        private final String banner;

        private Running(EmbeddedBroker broker, DemoSetup setup, String banner) {
            this.broker = broker;
            this.setup = setup;
            this.banner = banner;
        }

        /** What is printed at start: listeners, configuration, and for the bundled configuration the tour. */
        String banner() {
            return banner;
        }

        /** Stops HiveMQ, closes the engine and deletes an extracted demo configuration. */
        @Override
        public void close() {
            try {
                broker.close();
            } finally {
                setup.auth().close();
                if (setup.bundledFolder() != null) {
                    deleteTree(setup.bundledFolder());
                }
            }
        }
    }

    /** Runs the demo broker until Ctrl-C. */
    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "mqtt-auth-demo-logback.xml");
        }
        int code = new CommandLine(new DemoBroker()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Running running;
        try {
            running = start();
        } catch (ConfigurationException e) {
            System.err.println("mqtt-auth-demo: the configuration has problems:");
            for (ConfigurationProblem p : e.problems()) {
                System.err.println("  " + p);
            }
            return 2;
        } catch (IllegalStateException e) {
            System.err.println("mqtt-auth-demo: " + e.getMessage());
            return 1;
        }
        System.out.println(running.banner());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("mqtt-auth-demo: stopping");
            running.close();
            stopped.countDown();
        }, "mqtt-auth-demo-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * Reads the configuration and starts the broker.
     *
     * @throws ConfigurationException if the configuration has problems
     * @throws IllegalStateException if HiveMQ does not start (for example, a port is in use)
     */
    Running start() {
        if (tlsPort != null && tlsKeystore == null) {
            throw ConfigurationException.ofKey("--tls-port", "needs a server certificate",
                    "add --tls-keystore FILE (PKCS12 or JKS with the server's key and certificate chain)");
        }
        DemoSetup setup = config == null ? DemoSetup.bundled() : DemoSetup.fromFile(config);
        try {
            List<MosquittoConf.Listener> tcp = port != null || setup.listeners().isEmpty()
                    ? List.of(new MosquittoConf.Listener(port != null ? port : MosquittoConf.DEFAULT_PORT, null))
                    : setup.listeners();
            EmbeddedBroker.Builder b = EmbeddedBroker.builder(new MqttAuthHiveMq(setup.auth(), setup.options()));
            List<String> endpoints = new ArrayList<>();
            for (int i = 0; i < tcp.size(); i++) {
                MosquittoConf.Listener l = tcp.get(i);
                String address = l.bindAddress() != null ? l.bindAddress() : bind;
                b.tcp(i == 0 ? "tcp" : "tcp-" + l.port(), address, l.port());
                endpoints.add("mqtt://" + address + ":" + l.port());
            }
            if (tlsPort != null) {
                ClientAuthentication mode = tlsClientAuth != null ? tlsClientAuth
                        : tlsTruststore != null ? ClientAuthentication.OPTIONAL
                        : ClientAuthentication.NONE;
                b.tls(new EmbeddedBroker.TlsListener("tls", bind, tlsPort, tlsKeystore, tlsKeystorePassword,
                        tlsTruststore, tlsTruststorePassword, mode));
                endpoints.add("mqtts://" + bind + ":" + tlsPort + " (client certificates: " + mode + ")");
            }
            EmbeddedBroker broker = b.start();
            String host = tcp.get(0).bindAddress() != null ? tcp.get(0).bindAddress() : bind;
            return new Running(broker, setup, banner(setup, endpoints, localHost(host), tcp.get(0).port()));
        } catch (RuntimeException e) {
            setup.auth().close();
            if (setup.bundledFolder() != null) {
                deleteTree(setup.bundledFolder());
            }
            throw e;
        }
    }

    private static String localHost(String bindAddress) {
        return bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "127.0.0.1" : bindAddress;
    }

    private static String banner(DemoSetup setup, List<String> endpoints, String host, int port) {
        StringBuilder sb = new StringBuilder();
        sb.append("mqtt-auth demo broker (embedded HiveMQ CE), MQTT 3.1.1 and 5, listening on ")
                .append(String.join(", ", endpoints)).append('\n');
        sb.append("Configuration: ").append(setup.description()).append('\n');
        sb.append("Authenticators: ").append(setup.auth().authenticatorNames()).append("; authorizers: ")
                .append(setup.auth().authorizerNames()).append('\n');
        for (String notice : setup.notices()) {
            sb.append("Note: ").append(notice).append('\n');
        }
        if (setup.bundledFolder() != null) {
            String h = "-h " + host + " -p " + port;
            sb.append('\n')
                    .append("Users (Mosquitto password file and acl_file in the folder above):\n")
                    .append("  alice / wonderland   writes sensors/alice/#, reads alerts/#\n")
                    .append("  bob   / builder      reads sensors/#, writes alerts/#\n")
                    .append('\n')
                    .append("Try it with Mosquitto's clients (Debian/Ubuntu: apt-get install mosquitto-clients):\n")
                    .append("  # 1. accepted: bob reads every sensor (keep it running in a second terminal)\n")
                    .append("  mosquitto_sub ").append(h).append(" -u bob -P builder -t 'sensors/#' -v\n")
                    .append("  # 2. accepted: alice publishes; bob's terminal prints \"sensors/alice/temp 21.5\"\n")
                    .append("  mosquitto_pub ").append(h)
                    .append(" -u alice -P wonderland -t sensors/alice/temp -m 21.5 -q 1\n")
                    .append("  # 3. refused password: \"Connection error: Connection Refused: not authorised.\""
                            + " (exit code 5)\n")
                    .append("  mosquitto_pub ").append(h)
                    .append(" -u alice -P wrong-password -t sensors/alice/temp -m 21.5 -q 1\n")
                    .append("  # 4. denied publish: alice may not write bob's topic;"
                            + " \"Warning: Publish 1 failed: Not authorized.\" (MQTT 5 PUBACK 0x87)\n")
                    .append("  mosquitto_pub ").append(h)
                    .append(" -u alice -P wonderland -t sensors/bob/temp -m 99 -q 1 -V mqttv5\n");
        }
        sb.append('\n').append("Every refusal is logged below with its reason. Ctrl-C stops the broker.");
        return sb.toString();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
