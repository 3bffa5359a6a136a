package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mqtt-auth doctor} through the built jar: it is listed, its exit statuses are 1 for a client that cannot
 * connect and 2 for a usage mistake. The checks themselves are tested against real servers in examples/hivemq
 * (DoctorServersTest, DoctorMosquittoTest, DoctorDemo*Test), which run the same entry point in their JVM.
 */
class DoctorIT {

    @TempDir
    Path dir;

    @Test
    void theCommandIsListedInTheHelp() {
        Cli.Result r = Cli.run(dir, "--help");
        assertThat(r.out()).contains("doctor");
    }

    @Test
    void aPortWithNothingListeningExitsWithOneAndJsonSaysWhy() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Cli.Result r = Cli.run(dir, "doctor", "--json", "--timeout", "2s", "mqtt://127.0.0.1:" + port);
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).startsWith("{\"url\":\"mqtt://127.0.0.1:" + port + "\",\"ok\":false,\"exit\":1,"
                + "\"verdict\":\"a client with these settings cannot connect: connection refused by 127.0.0.1 port "
                + port + ": nothing listens there\",\"steps\":[");
    }

    @Test
    void aWebSocketUrlIsAUsageErrorWithExitTwo() {
        Cli.Result r = Cli.run(dir, "doctor", "wss://broker.example:443/mqtt");
        assertThat(r.status()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("mqtt-auth doctor: doctor does not speak MQTT over WebSockets (wss://)");
        assertThat(r.out()).isEmpty();
    }
}
