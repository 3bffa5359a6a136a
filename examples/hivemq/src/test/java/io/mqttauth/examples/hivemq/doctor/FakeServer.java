package io.mqttauth.examples.hivemq.doctor;

import io.mqttauth.examples.hivemq.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A server on a loopback port that is not a real broker: each connection is handed to a {@link Handler} on its own
 * thread. With {@link #tls}, a TLS server with a test-made certificate, optionally refusing an SNI other than one
 * name (an {@link SNIMatcher}: a wrong SNI gets the {@code unrecognized_name} alert; no SNI passes).
 */
final class FakeServer implements AutoCloseable {

    /** What the server does with one accepted connection. */
    interface Handler {
        void handle(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final Thread acceptor;

    private FakeServer(ServerSocket server, Handler handler) {
        this.server = server;
        this.acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread t = new Thread(() -> {
                        try (socket) {
                            socket.setSoTimeout(20_000);
                            handler.handle(socket);
                        } catch (IOException e) {
                            // the client went away or the handshake failed: the doctor reports what it saw
                        }
                    }, "fake-server-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A plain TCP server. */
    static FakeServer plain(Handler handler) throws IOException {
        return new FakeServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), handler);
    }

    /**
     * A TLS server presenting {@code leaf} (issued by {@code ca}); with {@code onlySni} not null, a client that sends
     * another SNI is refused with {@code unrecognized_name}.
     */
    static FakeServer tls(TestPki.Issued leaf, TestPki.Issued ca, String onlySni, Handler handler)
            throws IOException, GeneralSecurityException {
        // SunX509 uses the key store's one certificate whatever its dates, so expired certificates can be served.
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(TestPki.keyStore(leaf, ca), TestPki.PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        if (onlySni != null) {
            SSLParameters p = server.getSSLParameters();
            p.setSNIMatchers(List.of(SNIHostName.createSNIMatcher(java.util.regex.Pattern.quote(onlySni))));
            server.setSSLParameters(p);
        }
        return new FakeServer(server, handler);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The SNI host name the TLS client sent, or {@code null}. */
    static String sni(Socket socket) throws IOException {
        SSLSocket ssl = (SSLSocket) socket;
        ssl.startHandshake();
        return ((ExtendedSSLSession) ssl.getSession()).getRequestedServerNames().stream()
                .filter(n -> n instanceof SNIHostName).map(n -> ((SNIHostName) n).getAsciiName()).findFirst()
                .orElse(null);
    }

    /** Reads one MQTT packet and returns its body; for a CONNECT the protocol level is {@code body[6]}. */
    static byte[] readPacket(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new java.io.EOFException();
        }
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException();
            }
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return in.readNBytes(length);
    }

    /** Answers the CONNECT with CONNACK success for its version, then waits for the client to leave. */
    static void accept(Socket socket) throws IOException {
        byte[] connect = readPacket(socket.getInputStream());
        socket.getOutputStream().write(connect[6] == 5 ? new byte[] {0x20, 3, 0, 0, 0} : new byte[] {0x20, 2, 0, 0});
        socket.getOutputStream().flush();
        socket.getInputStream().readAllBytes();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
