package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code tls.required} and {@code tls.sni-hosts}: refused before any authenticator with
 * {@link FailureReason#TLS_REQUIRED}, {@link FailureReason#SNI_MISSING} and {@link FailureReason#SNI_NOT_ALLOWED},
 * whose details say what was sent and what is allowed.
 */
class TlsPolicyTest {

    private static final List<String> HOSTS = List.of("broker.example.com", "*.devices.example.com");

    /** Accepts everyone as "alice". */
    private static final Authenticator ACCEPTS = r -> AuthenticationResult.success(
            Identity.builder("alice", r).build(), "accepted");

    private static ConnectRequest plain() {
        return ConnectRequest.builder("c1").username("alice").password("pw").listener("plain-1883").build();
    }

    private static ConnectRequest overTls(String sni) {
        return ConnectRequest.builder("c1").username("alice").password("pw")
                .tls(TlsFacts.withoutClientCertificate(sni, "TLSv1.3", "TLS_AES_128_GCM_SHA256")).build();
    }

    private static MqttAuth engine(boolean tlsRequired, List<String> sniHosts, Authenticator authenticator) {
        return MqttAuth.builder().tlsRequired(tlsRequired).sniHosts(sniHosts).authenticator("a", authenticator).build();
    }

    @Nested
    class Reasons {

        @Test
        void aClientWithoutTlsIsRefusedWithTlsRequiredBeforeAnyAuthenticator() {
            Authenticator authenticator = mock(Authenticator.class);
            MqttAuth auth = engine(true, List.of(), authenticator);
            Decision d = auth.authenticate(plain());
            assertThat(d.reason()).contains(FailureReason.TLS_REQUIRED);
            assertThat(d.provider()).isEqualTo("tls");
            assertThat(d.detail()).isEqualTo(
                    "the client connected without TLS on listener \"plain-1883\"; tls.required = true");
            assertThat(d.remedy()).contains("mqtts://").contains("8883");
            assertThat(d.codeFor(MqttVersion.V5)).isEqualTo(0x87);
            assertThat(d.codeFor(MqttVersion.V3_1_1)).isEqualTo(5);
            assertThat(d.trail()).extracting(Decision.Step::verdict).containsExactly("REFUSE");
            verify(authenticator, never()).authenticate(any());
            assertThat(auth.unauthorizedClients().list()).singleElement()
                    .satisfies(c -> assertThat(c.reason()).isEqualTo(FailureReason.TLS_REQUIRED));
        }

        @Test
        void aTlsClientWithoutSniIsRefusedWithSniMissingNamingTheAllowedHosts() {
            Authenticator authenticator = mock(Authenticator.class);
            Decision d = engine(false, HOSTS, authenticator).authenticate(overTls(null));
            assertThat(d.reason()).contains(FailureReason.SNI_MISSING);
            assertThat(d.provider()).isEqualTo("tls");
            assertThat(d.detail()).isEqualTo("the client connected over TLS (TLSv1.3) and sent no SNI; tls.sni-hosts "
                    + "allows broker.example.com, *.devices.example.com");
            assertThat(d.remedy()).contains("connect by host name, not IP address").contains("mbedTLS");
            assertThat(d.codeFor(MqttVersion.V5)).isEqualTo(0x87);
            verify(authenticator, never()).authenticate(any());
        }

        @Test
        void anEmptySniIsMissing() {
            assertThat(engine(false, HOSTS, ACCEPTS).authenticate(overTls("")).reason())
                    .contains(FailureReason.SNI_MISSING);
        }

        @Test
        void anSniNotOnTheListIsRefusedWithSniNotAllowedNamingTheSniAndTheList() {
            Authenticator authenticator = mock(Authenticator.class);
            Decision d = engine(false, HOSTS, authenticator).authenticate(overTls("mqtt.example.org"));
            assertThat(d.reason()).contains(FailureReason.SNI_NOT_ALLOWED);
            assertThat(d.provider()).isEqualTo("tls");
            assertThat(d.detail()).isEqualTo("the client connected over TLS (TLSv1.3) with SNI \"mqtt.example.org\", "
                    + "which tls.sni-hosts does not allow; it allows broker.example.com, *.devices.example.com");
            assertThat(d.remedy()).contains("tls.sni-hosts");
            assertThat(d.codeFor(MqttVersion.V3_1_1)).isEqualTo(5);
            verify(authenticator, never()).authenticate(any());
        }

        @Test
        void anSniThatIsAnIpAddressIsNotAllowedAndTheDetailSaysToConnectByHostName() {
            Decision d = engine(false, HOSTS, ACCEPTS).authenticate(overTls("192.0.2.7"));
            assertThat(d.reason()).contains(FailureReason.SNI_NOT_ALLOWED);
            assertThat(d.detail()).contains("SNI \"192.0.2.7\" (an IP address, which is not a valid SNI: connect by "
                    + "host name)");
        }

        @Test
        void theDetailLeavesOutAProtocolTheBrokerDidNotReport() {
            ConnectRequest r = ConnectRequest.builder("c1").tls(TlsFacts.withoutClientCertificate(null, null, null))
                    .build();
            assertThat(engine(false, HOSTS, ACCEPTS).authenticate(r).detail())
                    .startsWith("the client connected over TLS and sent no SNI;");
        }

        @Test
        void anAllowedSniAndATlsClientReachTheAuthenticators() {
            MqttAuth auth = engine(true, HOSTS, ACCEPTS);
            assertThat(auth.authenticate(overTls("broker.example.com")).isAllowed()).isTrue();
            assertThat(auth.authenticate(overTls("sensor-7.devices.example.com")).isAllowed()).isTrue();
        }

        @Test
        void aClientWithoutTlsIsNotSniCheckedWhenTlsIsNotRequired() {
            assertThat(engine(false, HOSTS, ACCEPTS).authenticate(plain()).isAllowed()).isTrue();
        }

        @Test
        void withBothKeysAClientWithoutTlsIsTlsRequired() {
            assertThat(engine(true, HOSTS, ACCEPTS).authenticate(plain()).reason())
                    .contains(FailureReason.TLS_REQUIRED);
        }

        @Test
        void byDefaultNeitherTlsNorSniIsChecked() {
            MqttAuth auth = MqttAuth.builder().authenticator("a", ACCEPTS).build();
            assertThat(auth.authenticate(plain()).isAllowed()).isTrue();
            assertThat(auth.authenticate(overTls(null)).isAllowed()).isTrue();
            assertThat(auth.authenticate(overTls("anything.example")).isAllowed()).isTrue();
        }

        @Test
        void malformedCredentialsAndTheBanListComeFirst(@TempDir Path dir) throws IOException {
            Path bans = Files.writeString(dir.resolve("banned.txt"), "clientid c1\n");
            try (MqttAuth auth = MqttAuth.builder().tlsRequired(true).banList(bans).banListReload("off").build()) {
                assertThat(auth.authenticate(plain()).reason()).contains(FailureReason.BANNED);
                assertThat(auth.authenticate(ConnectRequest.builder("c2").password("pw")
                        .mqttVersion(MqttVersion.V3_1_1).build()).reason())
                        .contains(FailureReason.MALFORMED_CREDENTIALS);
            }
        }

        @Test
        void anOverriddenCodeIsSent() {
            MqttAuth auth = MqttAuth.builder().tlsRequired(true)
                    .reasonCodes(FailureReason.TLS_REQUIRED, ReasonCodes.connack(0x8A)).build();
            assertThat(auth.authenticate(plain()).codeFor(MqttVersion.V5)).isEqualTo(0x8A);
        }
    }

    /** RFC 6125 section 6.4.3: a wildcard is the whole leftmost label and stands for exactly one label. */
    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource(textBlock = """
            *.example.com,         a.example.com,          true
            *.example.com,         sensor-7.example.com,   true
            *.example.com,         example.com,            false
            *.example.com,         a.b.example.com,        false
            *.example.com,         .example.com,           false
            *.example.com,         *.example.com,          false
            *.example.com,         a.example.org,          false
            *.example.com,         aexample.com,           false
            *.lan,                 printer.lan,            true
            broker.example.com,    broker.example.com,     true
            broker.example.com,    a.broker.example.com,   false
            broker.example.com,    xbroker.example.com,    false
            broker.example.com,    broker.example.co,      false
            broker.example.com,    broker.example.com.,    true
            broker.example.com,    192.0.2.7,              false
            broker.example.com,    broker_example.com,     false
            """)
    void wildcardMatching(String entry, String sni, boolean allowed) {
        assertSni(List.of(entry), sni, allowed);
    }

    @ParameterizedTest(name = "{0} allows {1}")
    @CsvSource(textBlock = """
            broker.example.com,      BROKER.EXAMPLE.COM
            Broker.Example.COM,      broker.example.com
            *.Example.COM,           A.example.com
            *.example.com,           Sensor-7.EXAMPLE.com
            bücher.example,          xn--bcher-kva.example
            xn--bcher-kva.example,   BÜCHER.example
            *.bücher.example,        a.XN--BCHER-KVA.example
            """)
    void namesAreComparedCaseInsensitivelyAndIdnsAsAscii(String entry, String sni) {
        assertSni(List.of(entry), sni, true);
    }

    private static void assertSni(List<String> entries, String sni, boolean allowed) {
        Decision d = engine(false, entries, ACCEPTS).authenticate(overTls(sni));
        if (allowed) {
            assertThat(d.isAllowed()).as(d.explain()).isTrue();
        } else {
            assertThat(d.reason()).as(d.explain()).contains(FailureReason.SNI_NOT_ALLOWED);
        }
    }

    @Nested
    class ConfigurationKeys {

        @TempDir
        Path dir;

        private Path write(String text) throws IOException {
            return Files.writeString(dir.resolve("mqtt-auth.properties"), text);
        }

        private ConfigurationException failure(String text) throws IOException {
            Path file = write(text);
            try (MqttAuth auth = MqttAuth.fromFile(file)) {
                throw new AssertionError("expected a configuration error, got " + auth.authenticatorNames());
            } catch (ConfigurationException e) {
                return e;
            }
        }

        @Test
        void theKeysAreReadFromTheFile() throws IOException {
            Path file = write("tls.required = TRUE\ntls.sni-hosts = broker.example.com , *.devices.example.com,\n");
            try (MqttAuth auth = MqttAuth.builder().configuration(file).authenticator("a", ACCEPTS).build()) {
                assertThat(auth.authenticate(plain()).reason()).contains(FailureReason.TLS_REQUIRED);
                assertThat(auth.authenticate(overTls(null)).reason()).contains(FailureReason.SNI_MISSING);
                assertThat(auth.authenticate(overTls("x.example.com")).reason())
                        .contains(FailureReason.SNI_NOT_ALLOWED);
                assertThat(auth.authenticate(overTls("a.devices.example.com")).isAllowed()).isTrue();
            }
        }

        @Test
        void anEmptySniListInTheFileTurnsTheBuildersCheckOff() throws IOException {
            Path file = write("tls.sni-hosts =\ntls.required = false\n");
            try (MqttAuth auth = MqttAuth.builder().sniHosts(HOSTS).tlsRequired(true).configuration(file)
                    .authenticator("a", ACCEPTS).build()) {
                assertThat(auth.authenticate(overTls(null)).isAllowed()).isTrue();
                assertThat(auth.authenticate(plain()).isAllowed()).isTrue();
            }
        }

        @Test
        void tlsRequiredOtherThanTrueOrFalseNamesTheKeyAndTheFix() throws IOException {
            ConfigurationException e = failure("tls.required = yes\n");
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("tls.required");
                assertThat(p.message()).isEqualTo("is \"yes\"");
                assertThat(p.fix()).isEqualTo("write true or false");
                assertThat(p.file()).isEqualTo(dir.resolve("mqtt-auth.properties"));
            });
        }

        @Test
        void everyInvalidSniEntryIsReportedWithTheKeyAndTheFix() throws IOException {
            ConfigurationException e = failure("tls.sni-hosts = broker.example.com, 192.0.2.7, [2001:db8::1], *, "
                    + "a*.example.com, *.*.example.com, mqtt_broker.lan, -x.example.com, broker.example.com., "
                    + "*.\n");
            assertThat(e.problems()).allSatisfy(p -> {
                assertThat(p.key()).isEqualTo("tls.sni-hosts");
                assertThat(p.file()).isEqualTo(dir.resolve("mqtt-auth.properties"));
            });
            assertThat(e.problems()).extracting(ConfigurationProblem::message).containsExactly(
                    "entry \"192.0.2.7\" is not a host name: it is an IP address, and clients never send an IP "
                            + "address as SNI (RFC 6066)",
                    "entry \"[2001:db8::1]\" is not a host name: it is an IP address, and clients never send an IP "
                            + "address as SNI (RFC 6066)",
                    "entry \"*\" is not a host name: a wildcard may only be the whole leftmost label",
                    "entry \"a*.example.com\" is not a host name: a wildcard may only be the whole leftmost label",
                    "entry \"*.*.example.com\" is not a host name: a wildcard may only be the whole leftmost label",
                    "entry \"mqtt_broker.lan\" is not a host name: only letters, digits and hyphens are allowed, in "
                            + "labels of 1 to 63 characters that neither start nor end with a hyphen",
                    "entry \"-x.example.com\" is not a host name: only letters, digits and hyphens are allowed, in "
                            + "labels of 1 to 63 characters that neither start nor end with a hyphen",
                    "entry \"broker.example.com.\" is not a host name: it ends with a dot",
                    "entry \"*.\" is not a host name: it is empty");
            assertThat(e.problems().get(0).fix()).contains("connect by host name");
            assertThat(e.problems().get(2).fix()).contains("*.example.com");
        }

        @Test
        void theBuilderRejectsAnInvalidEntryAtOnce() {
            assertThatThrownBy(() -> MqttAuth.builder().sniHosts(List.of("broker.example.com", "10.0.0.1")))
                    .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                            .singleElement().satisfies(p -> {
                                assertThat(p.key()).isEqualTo("tls.sni-hosts");
                                assertThat(p.message()).startsWith("entry \"10.0.0.1\" is not a host name");
                            }));
        }
    }
}
