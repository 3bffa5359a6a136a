package io.mqttauth.examples.hivemq.demo;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.examples.hivemq.EmbeddedBroker;
import io.mqttauth.examples.hivemq.EmbeddedBroker.ClientAuthentication;
import io.mqttauth.examples.hivemq.MqttAuthHiveMq;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 * 127.0.0.1 unless told otherwise, logs every refusal with its reason, and stops cleanly on Ctrl-C. With
 * {@code --admin-port}, it also serves an admin page ({@link AdminServer}): the refused clients, metrics and reloads.
 */
@Command(name = "mqtt-auth-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "An MQTT broker (embedded HiveMQ CE) that authenticates and authorizes with mqtt-auth.")
public final class DemoBroker implements Callable<Integer> {

    /** The shortest admin token accepted. */
    static final int MIN_TOKEN_LENGTH = 16;

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

    @Option(names = "--admin-port", paramLabel = "N",
            description = "serve the admin page (refused clients, metrics, reload) on this port, on 127.0.0.1")
    private @Nullable Integer adminPort;

    @Option(names = "--admin-bind", paramLabel = "ADDRESS",
            description = "serve the admin page on this address instead of 127.0.0.1; needs --admin-token-file")
    private @Nullable String adminBind;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "a file holding the admin page's access token: every request must then send it, as"
                    + " \"Authorization: Bearer <token>\" or as the password a browser asks for (any user name)")
    private @Nullable Path adminTokenFile;

    /** A started demo broker. */
    static final class Running implements AutoCloseable {
        private final EmbeddedBroker broker;
        private final DemoSetup setup;
        private final @Nullable AdminServer admin;
        private final String banner;

        private Running(EmbeddedBroker broker, DemoSetup setup, @Nullable AdminServer admin, String banner) {
            this.broker = broker;
            this.setup = setup;
            this.admin = admin;
            this.banner = banner;
        }

        /** What is printed at start: listeners, configuration, and for the bundled configuration the tour. */
        String banner() {
            return banner;
        }

        /** The admin page's URL, or {@code null} without {@code --admin-port}. */
        @Nullable String adminUrl() {
            return admin == null ? null : admin.url();
        }

        /** Stops the admin page and HiveMQ, closes the engine and deletes an extracted demo configuration. */
        @Override
        public void close() {
            try {
                if (admin != null) {
                    admin.close();
                }
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
        String adminToken = adminAccess();
        DemoSetup setup = config == null ? DemoSetup.bundled() : DemoSetup.fromFile(config);
        AdminServer admin = null;
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
            if (adminPort != null) {
                String address = adminBind != null ? adminBind : "127.0.0.1";
                try {
                    admin = AdminServer.start(setup.auth(), new InetSocketAddress(address, adminPort), adminToken);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot serve the admin page on " + address + ":" + adminPort
                            + ": " + e.getMessage(), e);
                }
            }
            EmbeddedBroker broker = b.start();
            String host = tcp.get(0).bindAddress() != null ? tcp.get(0).bindAddress() : bind;
            String banner = banner(setup, endpoints, localHost(host), tcp.get(0).port());
            if (admin != null) {
                banner = "Admin page: " + admin.url() + (adminToken == null ? " (127.0.0.1 only; POST /api/reload"
                        + " needs --admin-token-file)" : " (the token as \"Authorization: Bearer <token>\", or as the password a browser asks for)") + '\n'
                        + banner;
            }
            return new Running(broker, setup, admin, banner);
        } catch (RuntimeException e) {
            if (admin != null) {
                admin.close();
            }
            setup.auth().close();
            if (setup.bundledFolder() != null) {
                deleteTree(setup.bundledFolder());
            }
            throw e;
        }
    }

    /**
     * Checks the admin options and reads the token.
     *
     * @return the token, or {@code null} without {@code --admin-token-file}
     * @throws ConfigurationException for {@code --admin-bind} without a token, an admin option without
     *     {@code --admin-port}, or a token file that cannot be read, is empty or too short
     */
    private @Nullable String adminAccess() {
        if (adminPort == null && (adminBind != null || adminTokenFile != null)) {
            throw ConfigurationException.ofKey(adminBind != null ? "--admin-bind" : "--admin-token-file",
                    "has no effect without --admin-port", "add --admin-port N");
        }
        if (adminBind != null && adminTokenFile == null) {
            throw ConfigurationException.ofKey("--admin-bind", "would open the admin page to the network without an"
                    + " access token", "add --admin-token-file FILE with a long random token (for example: openssl"
                    + " rand -hex 32 > admin.token), or drop --admin-bind to serve on 127.0.0.1 only");
        }
        if (adminTokenFile == null) {
            return null;
        }
        String token;
        try {
            token = Files.readString(adminTokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw ConfigurationException.ofKey("--admin-token-file", "cannot read " + adminTokenFile + ": "
                    + e.getClass().getSimpleName(), "check the path and its permissions");
        }
        if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            // the token's value is never shown
            throw ConfigurationException.ofKey("--admin-token-file", adminTokenFile + " holds no token of at least "
                    + MIN_TOKEN_LENGTH + " printable ASCII characters without spaces", "write a long random token,"
                    + " for example: openssl rand -hex 32 > " + adminTokenFile);
        }
        return token;
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
