package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.spi.ProviderContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The properties file: core keys, reason-code overrides, relative paths, mistakes named by key. */
class ConfigurationFileTest {

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
    void relativePathsResolveAgainstTheFilesFolder() throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("users.txt"), "alice\n");
        Files.writeString(conf.resolve("banned.txt"), "username mallory\n");
        Path file = Files.writeString(conf.resolve("mqtt-auth.properties"), """
                authenticators = sample
                sample.path = users.txt
                banned.path = banned.txt
                banned.reload = off
                """);
        try (MqttAuth auth = MqttAuth.fromFile(file)) {
            assertThat(auth.authenticate(ConnectRequest.builder("c").username("alice").build()).isAllowed()).isTrue();
            assertThat(auth.authenticate(ConnectRequest.builder("c").username("mallory").build()).reason())
                    .contains(FailureReason.BANNED);
            assertThat(auth.authenticatorNames()).containsExactly("sample");
        }
    }

    @Test
    void coreKeysAreApplied() throws IOException {
        Path file = write("""
                anonymous = allow
                superusers = admin, root
                authorization.no-match = allow
                unauthorized-log.size = 2
                unauthorized-log.retention = 1h
                authorization.cache.size = 100
                authorization.cache.expiry = 5m
                """);
        try (MqttAuth auth = MqttAuth.builder().configuration(file)
                .authenticator("admins", r -> AuthenticationResult.success(
                        Identity.builder(r.username().orElse("?"), r).build(), "ok"))
                .build()) {
            assertThat(auth.authenticate(ConnectRequest.builder("c").build()).isAllowed()).as("anonymous").isTrue();
            Identity root = auth.authenticate(ConnectRequest.builder("c").username("root").build())
                    .identity().orElseThrow();
            assertThat(root.isSuperuser()).isTrue();
            assertThat(auth.authorize(Identity.builder("u", "c").build(), Action.publish("t")).isAllowed())
                    .as("no-match allow").isTrue();
        }
    }

    @Test
    void fileKeysOverrideTheBuilderOnlyWhereTheyAreSet() throws IOException {
        Path file = write("superusers = admin\n");
        try (MqttAuth auth = MqttAuth.builder().anonymous(true).allowUnmatched(true).configuration(file).build()) {
            assertThat(auth.authenticate(ConnectRequest.builder("c").build()).isAllowed()).isTrue();
            assertThat(auth.authorize(Identity.builder("u", "c").build(), Action.publish("t")).isAllowed()).isTrue();
        }
        Path deny = write("anonymous = deny\n");
        try (MqttAuth auth = MqttAuth.builder().anonymous(true).configuration(deny).build()) {
            assertThat(auth.authenticate(ConnectRequest.builder("c").build()).reason())
                    .contains(FailureReason.ANONYMOUS_NOT_ALLOWED);
        }
    }

    @Test
    void hostKeysAreNotUnknown() throws IOException {
        Path file = write("broker.port = 1883\n");
        try (MqttAuth auth = MqttAuth.builder().hostKeys(List.of("broker.port")).configuration(file).build()) {
            assertThat(auth.authenticatorNames()).isEmpty();
        }
    }

    @Test
    void unknownCoreKeyListsTheKnownKeys() throws IOException {
        ConfigurationException e = failure("anonymus = allow\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("anonymus");
            assertThat(p.message()).isEqualTo("unknown key");
            assertThat(p.fix()).startsWith("check the spelling; known keys: ").contains("anonymous")
                    .contains("banned.path").contains("reason-codes.<REASON>");
            assertThat(p.file()).isEqualTo(dir.resolve("mqtt-auth.properties"));
        });
        assertThat(e.getMessage()).startsWith(dir.resolve("mqtt-auth.properties") + ": anonymus: unknown key");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            anonymous                  | maybe | write allow or deny
            authorization.no-match     | yes   | write allow or deny
            unauthorized-log.size      | 0     | write a whole number from 1 to 2147483647
            unauthorized-log.retention | soon  | write a number with a unit
            authorization.cache.size   | -1    | write a whole number from 0 to 2147483647
            authorization.cache.expiry | 0s    | write a number with a unit
            banned.reload              | often | write watch, off, or an interval such as 30s
            throttle.failures          | -1    | write a whole number from 0 to 1000
            throttle.failures          | five  | write a whole number from 0 to 1000
            throttle.window            | 0s    | write a number with a unit
            throttle.block             | -5m   | write a number with a unit
            throttle.by                | user  | write username, address, or both separated by a comma
            throttle.memory            | 1KiB  | write a number of bytes from 65536
            unauthorized-log.memory    | lots  | write a number of bytes from 65536
            unauthorized-log.string-limit | 3  | write a whole number from 16 to 2147483647
            authorization.cache.memory | 12XB  | write a number of bytes from 65536
            authorization.cache.string-limit | -5 | write a whole number from 16 to 2147483647
            """)
    void badValuesNameTheKeyAndTheFix(String key, String value, String fix) throws IOException {
        if (key.startsWith("banned")) {
            Files.writeString(dir.resolve("b.txt"), "");
        }
        ConfigurationException e = failure(key + " = " + value + "\n" + (key.startsWith("banned") ? "banned.path = b.txt\n" : ""));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(key);
            assertThat(p.message()).contains(value);
            assertThat(p.fix()).contains(fix);
        });
    }

    @Test
    void anEmptyThrottleByNamesTheKeyAndTheFix() throws IOException {
        ConfigurationException e = failure("throttle.failures = 5\nthrottle.by =\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("throttle.by");
            assertThat(p.message()).isEqualTo("is empty");
            assertThat(p.fix()).isEqualTo("write username, address, or both separated by a comma");
        });
    }

    @Test
    void throttleKeysAreApplied() throws IOException {
        Files.writeString(dir.resolve("users.txt"), "alice\n");
        Path file = write("""
                authenticators = sample
                sample.path = users.txt
                throttle.failures = 2
                throttle.window = 10s
                throttle.block = 90s
                throttle.by = Username , ADDRESS
                throttle.memory = 1MiB
                """);
        TestClock clock = new TestClock();
        try (MqttAuth auth = MqttAuth.builder().clock(clock).configuration(file).build()) {
            ConnectRequest bob = ConnectRequest.builder("c").username("bob").build();
            auth.authenticate(bob);
            clock.advance(java.time.Duration.ofSeconds(9));
            auth.authenticate(bob);
            Decision d = auth.authenticate(bob);
            assertThat(d.reason()).contains(FailureReason.THROTTLED);
            assertThat(d.detail()).contains("throttled until 2026-01-01T00:01:39Z")
                    .contains("throttle.failures = 2, throttle.window = 10s, throttle.block = 90s");
            clock.advance(java.time.Duration.ofSeconds(90));
            assertThat(auth.authenticate(bob).reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
        }
    }

    @Test
    void throttleWindowAndBlockDefaultToOneAndFiveMinutes() throws IOException {
        Files.writeString(dir.resolve("users.txt"), "alice\n");
        Path file = write("authenticators = sample\nsample.path = users.txt\nthrottle.failures = 1\n");
        try (MqttAuth auth = MqttAuth.builder().clock(new TestClock()).configuration(file).build()) {
            ConnectRequest bob = ConnectRequest.builder("c").username("bob").build();
            auth.authenticate(bob);
            assertThat(auth.authenticate(bob).detail()).contains("throttled until 2026-01-01T00:05:00Z")
                    .contains("throttle.window = 1m, throttle.block = 5m");
        }
    }

    @Test
    void missingFileIsAConfigurationError() {
        assertThatThrownBy(() -> MqttAuth.fromFile(dir.resolve("none.properties")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("none.properties: configuration file not found");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            PASSWORD_MISMATCH = 0x86   | PASSWORD_MISMATCH | 4    | 0x86
            PASSWORD_MISMATCH = 0x86/4 | PASSWORD_MISMATCH | 4    | 0x86
            password_mismatch = 0x87/2 | PASSWORD_MISMATCH | 2    | 0x87
            BANNED = 0x87              | BANNED            | 5    | 0x87
            THROTTLED = 137            | THROTTLED         | 3    | 0x89
            DENIED_BY_RULE = 0x80      | DENIED_BY_RULE    | 0x80 | 0x80
            IDENTITY_EXPIRED = 0x80    | IDENTITY_EXPIRED  | 0x80 | 0x80
            """)
    void reasonCodeOverrides(String line, FailureReason reason, String mqtt3, String mqtt5) throws IOException {
        try (MqttAuth auth = MqttAuth.fromFile(write("reason-codes." + line + "\n"))) {
            ReasonCodes expected = new ReasonCodes(Integer.decode(mqtt3), Integer.decode(mqtt5));
            assertThat(auth.codesOf(reason)).isEqualTo(expected);
            for (FailureReason other : FailureReason.values()) {
                if (other != reason) {
                    assertThat(auth.codesOf(other)).isEqualTo(other.defaultCodes());
                }
            }
        }
    }

    @Test
    void anOverrideIsWhatTheDecisionSends() throws IOException {
        Path file = write("reason-codes.PASSWORD_MISMATCH = 0x86\nreason-codes.INVALID_TOPIC = 0x83\n");
        try (MqttAuth auth = MqttAuth.builder().configuration(file)
                .authenticator("a", r -> AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "wrong"))
                .build()) {
            Decision d = auth.authenticate(ConnectRequest.builder("c").username("u").password("p").build());
            assertThat(d.codeFor(MqttVersion.V5)).isEqualTo(0x86);
            assertThat(d.codeFor(MqttVersion.V3_1_1)).isEqualTo(4);
            assertThat(d.explain()).contains("MQTT 3.1.1: 4, MQTT 5: 0x86");
            // An operator's INVALID_TOPIC code applies to SUBSCRIBE too (no 0x8F special case).
            Identity u = Identity.builder("u", "c").build();
            assertThat(auth.authorize(u, Action.subscribe("a#")).codes()).isEqualTo(new ReasonCodes(0x80, 0x83));
            assertThat(auth.authorize(u, Action.publish("a#")).codes()).isEqualTo(new ReasonCodes(0x80, 0x83));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            PASSWORD_MISMATCH | 0x20     | optionally followed by /<MQTT 3.1.1 code 1-5>
            PASSWORD_MISMATCH | 0x86/9   | optionally followed by /<MQTT 3.1.1 code 1-5>
            PASSWORD_MISMATCH | 0x86/4/1 | such as 0x86/4
            PASSWORD_MISMATCH | abc      | such as 0x86/4
            PASSWORD_MISMATCH | 0x100    | such as 0x86/4
            DENIED_BY_RULE    | 0x87/5   | PUBACK/SUBACK failure code from 0x80 to 0xFF
            DENIED_BY_RULE    | 0x10     | PUBACK/SUBACK failure code from 0x80 to 0xFF
            """)
    void invalidOverridesNameTheKey(String reason, String value, String fix) throws IOException {
        ConfigurationException e = failure("reason-codes." + reason + " = " + value + "\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("reason-codes." + reason);
            assertThat(p.message()).isEqualTo("is \"" + value + "\"");
            assertThat(p.fix()).contains(fix);
        });
    }

    @Test
    void unknownReasonListsTheReasons() throws IOException {
        ConfigurationException e = failure("reason-codes.WRONG_PASSWORD = 0x86\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("reason-codes.WRONG_PASSWORD");
            assertThat(p.message()).isEqualTo("unknown reason \"WRONG_PASSWORD\"");
            assertThat(p.fix()).contains("PASSWORD_MISMATCH").contains("INTERNAL_ERROR");
        });
    }

    @Test
    void programmaticOverridesMustRefuse() {
        assertThatThrownBy(() -> MqttAuth.builder().reasonCodes(FailureReason.BANNED, new ReasonCodes(0, 0)))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.problems().get(0).key()).isEqualTo("reason-codes.BANNED"));
        assertThatThrownBy(() -> MqttAuth.builder().reasonCodes(FailureReason.DENIED_BY_RULE, new ReasonCodes(5, 0x87)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("0x80");
        assertThat(MqttAuth.builder().reasonCodes(FailureReason.BANNED, new ReasonCodes(2, 0x85)).build()
                .codesOf(FailureReason.BANNED)).isEqualTo(new ReasonCodes(2, 0x85));
    }

    /** Found by ConfigurationFuzzTest: a U+0000 in a path was an InvalidPathException out of fromFile. */
    @Test
    void aBanListPathWithNulIsAProblemNamingItsKeyNotAnException() throws IOException {
        ConfigurationException e = failure("banned.path = banned\\u0000list\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("banned.path");
            assertThat(p.message()).startsWith("is not a valid path (");
            assertThat(p.file()).isEqualTo(dir.resolve("mqtt-auth.properties"));
        });
    }

    @Test
    void aProviderPathWithNulIsAProblemNamingItsKeyNotAnException() {
        ProviderContext context = ProviderContext.of("acl", Map.of("path", "a\u0000b"), dir);
        for (Runnable read : new Runnable[] {() -> context.requirePath("path", "set it"), () -> context.path("path")}) {
            assertThatThrownBy(read::run).isInstanceOfSatisfying(ConfigurationException.class,
                    e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.key()).isEqualTo("acl.path");
                        assertThat(p.message()).startsWith("is not a valid path (");
                    }));
        }
    }
}
