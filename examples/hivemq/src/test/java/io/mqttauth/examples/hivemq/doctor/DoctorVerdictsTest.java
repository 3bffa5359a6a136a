package io.mqttauth.examples.hivemq.doctor;

import static io.mqttauth.examples.hivemq.doctor.Doctor.FAIL;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The doctor's verdicts that no real broker in the tests produces: CONNACK codes for a banned client, an unavailable
 * server and a rejected client id (from a server that answers with them), a connection reset after the CONNECT, and
 * a TCP connect that times out.
 */
class DoctorVerdictsTest {

    @Test
    void bannedIsExplainedForBothVersionsWithTheReasonString() throws Exception {
        try (FakeServer server = FakeServer.plain(socket -> refuse(socket, 0x8A, 5, "banned by the operator"))) {
            Doctor.Result r = Doctor.run("mqtt://127.0.0.1:" + server.port());
            assertThat(r.status()).as(r.toString()).isEqualTo(1);
            assertThat(r.step(FAIL, "MQTT 5 CONNECT refused: CONNACK reason code 0x8A, Banned"))
                    .contains("This Client has been banned by administrative action.")
                    .contains("Reason string: \"banned by the operator\".")
                    .contains("remedy: In practice: this client id, user or address is banned: ask the broker's "
                            + "operator");
            assertThat(r.step(FAIL, "MQTT 3.1.1 CONNECT refused: CONNACK return code 5"))
                    .contains("remedy: In practice:");
        }
    }

    @Test
    void serverUnavailableIsToldToRetry() throws Exception {
        try (FakeServer server = FakeServer.plain(socket -> refuse(socket, 0x88, 3, null))) {
            Doctor.Result r = Doctor.run("mqtt://127.0.0.1:" + server.port());
            assertThat(r.status()).as(r.toString()).isEqualTo(1);
            assertThat(r.step(FAIL, "MQTT 5 CONNECT refused: CONNACK reason code 0x88, Server unavailable"))
                    .contains("remedy: In practice: the broker is up but cannot serve clients right now: retry "
                            + "later, with backoff");
            assertThat(r.step(FAIL, "MQTT 3.1.1 CONNECT refused: CONNACK return code 3, Connection Refused, "
                    + "Server unavailable")).contains("retry later, with backoff");
            assertThat(r.out()).contains("MQTT 5 and 3.1.1 agree");
        }
    }

    @Test
    void aRejectedClientIdIsNamedAsSuch() throws Exception {
        try (FakeServer server = FakeServer.plain(socket -> refuse(socket, 0x85, 2, null))) {
            Doctor.Result r = Doctor.run("mqtt://127.0.0.1:" + server.port(), "--client-id", "bad/id");
            assertThat(r.status()).as(r.toString()).isEqualTo(1);
            assertThat(r.step(FAIL, "MQTT 5 CONNECT refused: CONNACK reason code 0x85, Client Identifier not valid"))
                    .contains("remedy: In practice: the broker rejected the client id");
            assertThat(r.step(FAIL, "MQTT 3.1.1 CONNECT refused: CONNACK return code 2, Connection Refused, "
                    + "identifier rejected")).contains("the broker rejected the client id");
        }
    }

    @Test
    void aConnectionResetAfterTheConnectIsReportedAsAReset() throws Exception {
        try (FakeServer server = FakeServer.plain(socket -> {
            FakeServer.readPacket(socket.getInputStream());
            socket.setSoLinger(true, 0); // close with a TCP reset rather than a FIN
        })) {
            Doctor.Result r = Doctor.run("mqtt://127.0.0.1:" + server.port());
            assertThat(r.status()).as(r.toString()).isEqualTo(1);
            assertThat(r.step(FAIL, "the server reset the connection without a CONNACK to the MQTT 5 CONNECT"))
                    .contains("or this is not an MQTT port");
        }
    }

    @Test
    void aConnectThatIsNeverAnsweredTimesOutWithTheFirewallRemedy() throws Exception {
        // A listener that never accepts, with a backlog of one: once its queue is full, Linux drops further SYNs, so
        // a connect gets no answer at all, as behind a firewall that drops packets.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 500);
                        queued.add(s);
                    } catch (IOException e) {
                        s.close();
                        break; // the queue is full: this connect was not answered
                    }
                }
                Doctor.Result r = Doctor.run("--timeout", "2s", "mqtt://127.0.0.1:" + full.getLocalPort());
                assertThat(r.status()).as(r.toString()).isEqualTo(1);
                assertThat(r.step(FAIL, "no answer from 127.0.0.1 port " + full.getLocalPort()
                        + " within 2000 ms (timed out)")).contains("remedy: a firewall or security group drops the "
                        + "packets");
            } finally {
                for (Socket s : queued) {
                    s.close();
                }
            }
        }
    }

    /**
     * Answers the CONNECT with a refusing CONNACK: {@code code5} (and a reason string, if given) to MQTT 5,
     * {@code code3} to MQTT 3.1.1.
     */
    private static void refuse(Socket socket, int code5, int code3, String reasonString) throws IOException {
        byte[] connect = FakeServer.readPacket(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        if (connect[6] == 5) {
            byte[] reason = reasonString == null ? new byte[0] : reasonString.getBytes(StandardCharsets.UTF_8);
            int properties = reason.length == 0 ? 0 : 3 + reason.length;
            out.write(new byte[] {0x20, (byte) (3 + properties), 0, (byte) code5, (byte) properties});
            if (reason.length > 0) {
                out.write(new byte[] {0x1F, 0, (byte) reason.length});
                out.write(reason);
            }
        } else {
            out.write(new byte[] {0x20, 2, 0, (byte) code3});
        }
        out.flush();
        socket.getInputStream().readAllBytes();
    }
}
