package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ban list ({@code banned.path}): checked before authentication, refused with {@link FailureReason#BANNED}. */
class BanListTest {

    @TempDir
    Path dir;

    private MqttAuth engine(String bans, Authenticator authenticator) throws IOException {
        Path file = Files.writeString(dir.resolve("banned.txt"), bans);
        return MqttAuth.builder().banList(file).banListReload("off").anonymous(true)
                .authenticator("a", authenticator).build();
    }

    private static ConnectRequest request(String clientId, String username, String address) throws IOException {
        return ConnectRequest.builder(clientId).username(username).password(username == null ? null : "pw")
                .remoteAddress(address == null ? null : InetAddress.getByName(address)).build();
    }

    private static final String BANS = """
            # bad actors
            clientid evil-client
            username mallory

            address 192.0.2.7
            address 10.1.0.0/16
            address 2001:db8::/32
            """;

    @Test
    void bansByClientIdUsernameAddressAndRangeBeforeAnyAuthenticator() throws IOException {
        Authenticator authenticator = mock(Authenticator.class);
        try (MqttAuth auth = engine(BANS, authenticator)) {
            assertBanned(auth.authenticate(request("evil-client", "alice", "198.51.100.1")),
                    "client id \"evil-client\" is banned (line 2)");
            assertBanned(auth.authenticate(request("c1", "mallory", null)), "user name \"mallory\" is banned (line 3)");
            assertBanned(auth.authenticate(request("c1", null, "192.0.2.7")), "address 192.0.2.7 is in banned range "
                    + "192.0.2.7 (line 5)");
            assertBanned(auth.authenticate(request("c1", null, "10.1.255.3")), "in banned range 10.1.0.0/16 (line 6)");
            assertBanned(auth.authenticate(request("c1", null, "2001:db8:1::9")), "in banned range 2001:db8::/32 (line 7)");
            verify(authenticator, never()).authenticate(any());
        }
    }

    @Test
    void othersPass() throws IOException {
        try (MqttAuth auth = engine(BANS, r -> AuthenticationResult.notApplicable("none"))) {
            assertThat(auth.authenticate(request("good", null, "10.2.0.1")).isAllowed()).isTrue();
            assertThat(auth.authenticate(request("good", null, "2001:db9::1")).isAllowed()).isTrue();
            assertThat(auth.authenticate(request("evil-client2", null, "192.0.2.8")).isAllowed()).isTrue();
        }
    }

    @Test
    void bannedCodesAreBannedOnMqtt5AndNotAuthorizedOn311() throws IOException {
        try (MqttAuth auth = engine(BANS, r -> AuthenticationResult.notApplicable("none"))) {
            Decision d = auth.authenticate(request("evil-client", null, null));
            assertThat(d.codeFor(MqttVersion.V5)).isEqualTo(0x8A);
            assertThat(d.codeFor(MqttVersion.V3_1_1)).isEqualTo(5);
            assertThat(d.provider()).isEqualTo("ban-list");
        }
    }

    @Test
    void brokenFileFailsFastWithEveryLine() throws IOException {
        Path file = Files.writeString(dir.resolve("banned.txt"),
                "clientid ok\nipaddr 1.2.3.4\naddress example.org\nusername\naddress 10.0.0.0/33\n");
        assertThatThrownBy(() -> MqttAuth.builder().banList(file).banListReload("off").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigurationProblem::line).containsExactly(2, 3, 4, 5);
                    assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(file));
                    assertThat(e.problems().get(0).message()).isEqualTo("unknown entry kind \"ipaddr\"");
                    assertThat(e.problems().get(1).message()).contains("not an IP address or CIDR range");
                    assertThat(e.problems().get(2).message()).isEqualTo("\"username\" has no value");
                });
    }

    @Test
    void missingFileFailsFast() {
        assertThatThrownBy(() -> MqttAuth.builder().banList(dir.resolve("nope.txt")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("nope.txt: file not found");
    }

    @Test
    void reloadSwapsInTheNewListAndABrokenOneKeepsTheLastGood() throws IOException {
        try (MqttAuth auth = engine("username mallory\n", r -> AuthenticationResult.notApplicable("none"))) {
            assertThat(auth.authenticate(request("c", "trudy", null)).reason())
                    .contains(FailureReason.NO_CREDENTIALS_FOUND);
            Files.writeString(dir.resolve("banned.txt"), "username trudy\n");
            assertThat(auth.reload()).isEmpty();
            assertThat(auth.authenticate(request("c", "trudy", null)).reason()).contains(FailureReason.BANNED);
            assertThat(auth.authenticate(request("c", "mallory", null)).reason())
                    .contains(FailureReason.NO_CREDENTIALS_FOUND);

            Files.writeString(dir.resolve("banned.txt"), "username mallory\nuser trudy\n");
            assertThat(auth.reload()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(2));
            assertThat(auth.problems()).hasSize(1);
            assertThat(auth.authenticate(request("c", "trudy", null)).reason()).as("last good list in force")
                    .contains(FailureReason.BANNED);
        }
    }

    private static void assertBanned(Decision d, String detail) {
        assertThat(d.reason()).contains(FailureReason.BANNED);
        assertThat(d.detail()).contains(detail).contains("banned.txt");
    }
}
