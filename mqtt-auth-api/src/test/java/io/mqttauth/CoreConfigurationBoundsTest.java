package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.internal.BanList;
import io.mqttauth.internal.SniHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine's own configuration keys at their bounds, and that the sizes and retention they set are the ones in
 * force: the unauthorized-clients log holds as many entries as configured for as long as configured, and a cache size
 * of 0 turns the authorization cache off.
 */
class CoreConfigurationBoundsTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("mqtt-auth.properties"), text);
    }

    private static void refuse(MqttAuth auth, String clientId) {
        assertThat(auth.authenticate(ConnectRequest.builder(clientId).username("nobody").build()).isAllowed())
                .isFalse();
    }

    @Test
    void theUnauthorizedLogHoldsTheConfiguredNumberOfEntries() throws IOException {
        try (MqttAuth auth = MqttAuth.builder().configuration(write("unauthorized-log.size = 1\n")).build()) {
            refuse(auth, "c1");
            refuse(auth, "c2");
            assertThat(auth.unauthorizedClients().size()).isEqualTo(1);
        }
        try (MqttAuth auth = MqttAuth.builder().configuration(write("unauthorized-log.size = 2_147_483_647\n"))
                .build()) {
            refuse(auth, "c1");
            refuse(auth, "c2");
            assertThat(auth.unauthorizedClients().size()).isEqualTo(2);
        }
    }

    @Test
    void theUnauthorizedLogKeepsEntriesForTheConfiguredRetentionWithTheDefaultSize() throws IOException {
        TestClock clock = new TestClock();
        try (MqttAuth auth = MqttAuth.builder().clock(clock)
                .configuration(write("unauthorized-log.retention = 60s\n")).build()) {
            refuse(auth, "c1");
            refuse(auth, "c2");
            clock.advance(Duration.ofSeconds(59));
            assertThat(auth.unauthorizedClients().size()).isEqualTo(2);
            clock.advance(Duration.ofSeconds(2));
            assertThat(auth.unauthorizedClients().size()).isZero();
        }
    }

    @Test
    void aLogSizeOutsideItsRangeNamesTheRange() throws IOException {
        Path file = write("unauthorized-log.size = 2147483648\n");
        assertThatThrownBy(() -> MqttAuth.fromFile(file)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unauthorized-log.size").hasMessageContaining("from 1 to 2147483647");
    }

    @Test
    void aCacheSizeOfZeroTurnsTheCacheOffAndOneTurnsItOn() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Authorizer counting = (identity, action) -> {
            calls.incrementAndGet();
            return AuthorizationResult.allow("rule");
        };
        Identity dev = Identity.builder("dev", "c").build();
        try (MqttAuth auth = MqttAuth.builder().authorizer("rules", counting)
                .configuration(write("authorization.cache.size = 0\n")).build()) {
            auth.authorize(dev, Action.publish("t"));
            auth.authorize(dev, Action.publish("t"));
            assertThat(calls).hasValue(2);
        }
        calls.set(0);
        try (MqttAuth auth = MqttAuth.builder().authorizer("rules", counting)
                .configuration(write("authorization.cache.size = 1\nauthorization.cache.expiry = 1h\n")).build()) {
            auth.authorize(dev, Action.publish("t"));
            auth.authorize(dev, Action.publish("t"));
            assertThat(calls).hasValue(1);
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            reason-codes.PASSWORD_MISMATCH | 0x80/1 | 1 | 0x80
            reason-codes.PASSWORD_MISMATCH | 0xFF/5 | 5 | 0xFF
            reason-codes.DENIED_BY_RULE    | 0x80   | 0x80 | 0x80
            reason-codes.DENIED_BY_RULE    | 0xFF   | 0x80 | 0xFF
            """)
    void reasonCodesAtTheirBoundsAreAccepted(String key, String value, String mqtt3, String mqtt5)
            throws IOException {
        try (MqttAuth auth = MqttAuth.fromFile(write(key + " = " + value + "\n"))) {
            assertThat(auth.codesOf(FailureReason.valueOf(key.substring("reason-codes.".length()))))
                    .isEqualTo(new ReasonCodes(Integer.decode(mqtt3), Integer.decode(mqtt5)));
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            reason-codes.PASSWORD_MISMATCH | 0x7F
            reason-codes.PASSWORD_MISMATCH | 0x100
            reason-codes.PASSWORD_MISMATCH | 0x86/0
            reason-codes.PASSWORD_MISMATCH | 0x86/6
            reason-codes.DENIED_BY_RULE    | 0x7F
            reason-codes.DENIED_BY_RULE    | 0x100
            """)
    void reasonCodesPastTheirBoundsAreRefusedWithTheKey(String key, String value) throws IOException {
        Path file = write(key + " = " + value + "\n");
        assertThatThrownBy(() -> MqttAuth.fromFile(file)).isInstanceOfSatisfying(ConfigurationException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.key()).isEqualTo(key)));
    }

    @Test
    void anUnknownKeyListsTheKeysOfTheListedProviders() throws IOException {
        Files.writeString(dir.resolve("users.txt"), "alice\n");
        Path file = write("authenticators = sample\nsample.path = users.txt\nsampel.path = x\n");
        assertThatThrownBy(() -> MqttAuth.fromFile(file)).isInstanceOfSatisfying(ConfigurationException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.key()).isEqualTo("sampel.path");
                    assertThat(p.fix()).contains("sample.*");
                }));
    }

    @Test
    void emptyEntriesInAListAreIgnored() throws IOException {
        try (MqttAuth auth = MqttAuth.fromFile(write("tls.sni-hosts = a.example, , b.example,\n"))) {
            TlsFacts tls = TlsFacts.withoutClientCertificate("b.example", "TLSv1.3", null);
            assertThat(auth.authenticate(ConnectRequest.builder("c").tls(tls).build()).reason())
                    .as("past the SNI check").contains(FailureReason.ANONYMOUS_NOT_ALLOWED);
        }
    }

    @Test
    void aBanLineStartingWithASpaceHasAnEmptyKind() {
        assertThatThrownBy(() -> BanList.parse(dir.resolve("banned"), " clientid bob\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> assertThat(p.message()).contains("unknown entry kind \"\"")));
    }

    @Test
    void addressLiteralsAreDigitsAndDotsOrContainAColon() {
        assertThat(SniHosts.isAddressLiteral("10.0.0.9")).isTrue();
        assertThat(SniHosts.isAddressLiteral("::1")).isTrue();
        assertThat(SniHosts.isAddressLiteral("10.0.0.9a")).isFalse();
        assertThat(SniHosts.isAddressLiteral("10/0")).as("'/' is just below '0'").isFalse();
        assertThat(SniHosts.isAddressLiteral("")).isFalse();
    }

    @Test
    void sniHostNamesOf253CharactersAreAcceptedAnd254Refused() {
        String label = "a".repeat(63);
        String name253 = label + "." + label + "." + label + "." + "a".repeat(61);
        assertThat(SniHosts.of(List.of(name253)).allows(name253)).isTrue();
        assertThatThrownBy(() -> SniHosts.of(List.of(name253 + "a"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("longer than 253 characters");
    }
}
