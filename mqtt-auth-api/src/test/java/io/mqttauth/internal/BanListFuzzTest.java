package io.mqttauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.ConnectRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzzes the ban-list parser and matcher: a file is a {@link BanList} or a {@link ConfigurationException} whose every
 * problem names the file and a line of it, never another exception; a parsed list answers every connect without
 * throwing, and bans the client id of its first {@code clientid} entry. An input is {@code CLIENT-ID TAB USER-NAME
 * TAB A.B.C.D}, a newline, then the file. Run long: see docs/fuzzing.md.
 */
class BanListFuzzTest {

    private static final Path FILE = Path.of("/config/banned");

    @FuzzTest
    void banListParsesOrNamesFileAndLineAndMatchingNeverThrows(byte[] input) throws UnknownHostException {
        int newline = indexOf(input, (byte) '\n');
        String[] client = new String(input, 0, Math.max(newline, 0), StandardCharsets.UTF_8).split("\t", 3);
        byte[] content = newline < 0 ? input : Arrays.copyOfRange(input, newline + 1, input.length);
        String text = new String(content, StandardCharsets.UTF_8);
        int lines = text.split("\r?\n", -1).length;

        BanList bans;
        try {
            bans = BanList.parse(FILE, content);
        } catch (ConfigurationException e) {
            assertThat(e.problems()).isNotEmpty();
            for (ConfigurationProblem p : e.problems()) {
                assertThat(p.file()).isEqualTo(FILE);
                assertThat(p.line()).as("%s", p).isBetween(1, lines);
                assertThat(p.fix()).isNotBlank();
            }
            return;
        }
        ConnectRequest.Builder request = ConnectRequest.builder(client[0]).username(client.length > 1 ? client[1]
                : null);
        if (client.length > 2) {
            request.remoteAddress(ipv4(client[2]));
        }
        bans.match(request.build());

        String banned = firstClientId(text);
        if (banned != null) {
            assertThat(bans.match(ConnectRequest.builder(banned).build())).as("clientid %s", banned).isNotNull();
        }
    }

    /** The value of the first {@code clientid} line, read independently of the parser. */
    private static String firstClientId(String text) {
        for (String line : text.split("\r?\n", -1)) {
            if (line.startsWith("clientid ") && line.length() > "clientid ".length()) {
                return line.substring("clientid ".length());
            }
        }
        return null;
    }

    /** A dotted IPv4 address, without any name lookup; null if the text is not one. */
    private static InetAddress ipv4(String text) throws UnknownHostException {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("[0-9]{1,3}")) {
                return null;
            }
            address[i] = (byte) Integer.parseInt(parts[i]);
        }
        return InetAddress.getByAddress(address);
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
