package io.mqttauth.examples.hivemq;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * An embedded HiveMQ CE with mqtt-auth as its extension, in-memory persistence and the listeners asked for. HiveMQ's
 * configuration, data and extension folders live in a temporary folder that {@link #close()} deletes.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.builder(new MqttAuthHiveMq(auth, HiveMqOptions.defaults()))
 *         .tcp("tcp", "127.0.0.1", 1883)
 *         .start()) { ... }
 * }</pre>
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Whether a TLS listener asks clients for a certificate. */
    public enum ClientAuthentication {
        /** No client certificate is asked for. */
        NONE,
        /** A client certificate is verified if the client presents one. */
        OPTIONAL,
        /** The TLS handshake fails without a trusted client certificate. */
        REQUIRED
    }

    /**
     * A plain TCP listener.
     *
     * @param name the listener name passed to authenticators
     * @param bindAddress the address to bind
     * @param port the port
     */
    public record TcpListener(String name, String bindAddress, int port) {
    }

    /**
     * A TLS listener. Key and trust stores are PKCS12 or JKS files.
     *
     * @param name the listener name passed to authenticators
     * @param bindAddress the address to bind
     * @param port the port
     * @param keystore the server's key and certificate chain
     * @param keystorePassword the key store's (and its key's) password
     * @param truststore the CAs that client certificates must chain to, or {@code null} when no client certificates
     *     are asked for
     * @param truststorePassword the trust store's password, or {@code null}
     * @param clientAuthentication whether client certificates are asked for
     */
    public record TlsListener(String name, String bindAddress, int port, Path keystore, String keystorePassword,
            Path truststore, String truststorePassword, ClientAuthentication clientAuthentication) {
    }

    private final EmbeddedHiveMQ hivemq;
    private final Path folder;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, Path folder) {
        this.hivemq = hivemq;
        this.folder = folder;
    }

    /** Starts describing a broker that uses the given wrapper. */
    public static Builder builder(MqttAuthHiveMq wrapper) {
        return new Builder(wrapper);
    }

    /** Stops HiveMQ (this takes a few seconds) and deletes its temporary folder. */
    @Override
    public void close() {
        try {
            hivemq.stop().get(60, TimeUnit.SECONDS);
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("HiveMQ did not stop: " + e, e);
        } finally {
            deleteTree(folder);
        }
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

    /** Describes the listeners of an {@link EmbeddedBroker}. */
    public static final class Builder {
        private final MqttAuthHiveMq wrapper;
        private final List<TcpListener> tcp = new ArrayList<>();
        private final List<TlsListener> tls = new ArrayList<>();

        private Builder(MqttAuthHiveMq wrapper) {
            this.wrapper = Objects.requireNonNull(wrapper, "wrapper");
        }

        /** Adds a plain TCP listener. */
        public Builder tcp(String name, String bindAddress, int port) {
            tcp.add(new TcpListener(name, bindAddress, port));
            return this;
        }

        /** Adds a TLS listener. */
        public Builder tls(TlsListener listener) {
            tls.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Writes HiveMQ's configuration and starts it; returns when the listeners are bound.
         *
         * @throws IllegalStateException if HiveMQ does not start (for example, a port is in use)
         */
        public EmbeddedBroker start() {
            if (tcp.isEmpty() && tls.isEmpty()) {
                throw new IllegalStateException("no listener: add a TCP or TLS listener");
            }
            Path folder;
            try {
                folder = Files.createTempDirectory("mqtt-auth-hivemq");
                Path conf = Files.createDirectories(folder.resolve("conf"));
                Files.createDirectories(folder.resolve("data"));
                Files.createDirectories(folder.resolve("extensions"));
                Files.writeString(conf.resolve("config.xml"), configXml(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write HiveMQ's configuration", e);
            }
            EmbeddedExtension extension = EmbeddedExtension.builder()
                    .withId("mqtt-auth")
                    .withName("mqtt-auth")
                    .withVersion("embedded")
                    .withAuthor("mqtt-auth")
                    .withPriority(1000)
                    .withStartPriority(1000)
                    .withExtensionMain(new MqttAuthExtension(wrapper))
                    .build();
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(folder.resolve("conf"))
                    .withDataFolder(folder.resolve("data"))
                    .withExtensionsFolder(folder.resolve("extensions"))
                    .withEmbeddedExtension(extension)
                    .withoutLoggingBootstrap()
                    .build();
            try {
                hivemq.start().get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopQuietly(hivemq, folder);
                throw new IllegalStateException("interrupted while HiveMQ started", e);
            } catch (ExecutionException | TimeoutException e) {
                stopQuietly(hivemq, folder);
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new IllegalStateException("HiveMQ did not start: " + cause.getMessage(), cause);
            }
            return new EmbeddedBroker(hivemq, folder);
        }

        private static void stopQuietly(EmbeddedHiveMQ hivemq, Path folder) {
            try {
                hivemq.close();
            } catch (Exception e) {
                // already failing; the start error is what matters
            }
            deleteTree(folder);
        }

        private String configXml() {
            StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n");
            for (TcpListener l : tcp) {
                x.append("    <tcp-listener>\n");
                endpoint(x, l.port(), l.bindAddress(), l.name());
                x.append("    </tcp-listener>\n");
            }
            for (TlsListener l : tls) {
                x.append("    <tls-tcp-listener>\n");
                endpoint(x, l.port(), l.bindAddress(), l.name());
                x.append("      <tls>\n        <keystore>\n");
                element(x, 10, "path", l.keystore().toAbsolutePath().toString());
                element(x, 10, "password", l.keystorePassword());
                element(x, 10, "private-key-password", l.keystorePassword());
                x.append("        </keystore>\n");
                if (l.truststore() != null) {
                    x.append("        <truststore>\n");
                    element(x, 10, "path", l.truststore().toAbsolutePath().toString());
                    element(x, 10, "password", l.truststorePassword() == null ? "" : l.truststorePassword());
                    x.append("        </truststore>\n");
                }
                element(x, 8, "client-authentication-mode", l.clientAuthentication().name());
                x.append("      </tls>\n    </tls-tcp-listener>\n");
            }
            return x.append("  </listeners>\n")
                    .append("  <persistence><mode>in-memory</mode></persistence>\n")
                    .append("  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n")
                    .append("</hivemq>\n")
                    .toString();
        }

        private static void endpoint(StringBuilder x, int port, String bindAddress, String name) {
            element(x, 6, "port", Integer.toString(port));
            element(x, 6, "bind-address", bindAddress);
            element(x, 6, "name", name);
        }

        private static void element(StringBuilder x, int indent, String name, String value) {
            x.append(" ".repeat(indent)).append('<').append(name).append('>').append(escape(value))
                    .append("</").append(name).append(">\n");
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}
