package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The unauthorized-clients log: what it records, its bound, its retention (on the engine's clock), list/remove/clear. */
class UnauthorizedClientsTest {

    private final TestClock clock = new TestClock();

    private MqttAuth engine(long size, Duration retention) {
        return MqttAuth.builder().clock(clock).unauthorizedLog(size, retention)
                .authenticator("passwd", r -> r.isAnonymous() ? AuthenticationResult.notApplicable("no user name")
                        : r.username().orElseThrow().equals("alice")
                        ? AuthenticationResult.success(Identity.builder("alice", r).build(), "ok")
                        : AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "password does not match"))
                .build();
    }

    private static ConnectRequest request(String clientId, String username) throws Exception {
        return ConnectRequest.builder(clientId).username(username).password("secret-pw")
                .remoteAddress(InetAddress.getByName("192.0.2.1")).build();
    }

    @Test
    void recordsRefusalsWithTheirFactsAndCountsAttempts() throws Exception {
        MqttAuth auth = engine(100, Duration.ofHours(1));
        Instant first = clock.instant();
        auth.authenticate(request("c1", "bob"));
        clock.advance(Duration.ofSeconds(30));
        auth.authenticate(request("c1", "bob"));
        auth.authenticate(ConnectRequest.builder("c2").tls(TlsFacts.withoutClientCertificate(null, "TLSv1.3", null))
                .build());
        auth.authenticate(request("c3", "alice"));

        assertThat(auth.unauthorizedClients().list()).hasSize(2);
        UnauthorizedClient bob = auth.unauthorizedClients().list().stream()
                .filter(e -> e.clientId().equals("c1")).findFirst().orElseThrow();
        assertThat(bob.firstSeen()).isEqualTo(first);
        assertThat(bob.lastSeen()).isEqualTo(first.plusSeconds(30));
        assertThat(bob.username()).isEqualTo("bob");
        assertThat(bob.passwordGiven()).isTrue();
        assertThat(bob.tls()).isFalse();
        assertThat(bob.address()).isEqualTo("192.0.2.1");
        assertThat(bob.reason()).isEqualTo(FailureReason.PASSWORD_MISMATCH);
        assertThat(bob.detail()).isEqualTo("password does not match");
        assertThat(bob.attempts()).isEqualTo(2);
        assertThat(bob.toString()).doesNotContain("secret-pw");

        UnauthorizedClient anonymous = auth.unauthorizedClients().list().stream()
                .filter(e -> e.clientId().equals("c2")).findFirst().orElseThrow();
        assertThat(anonymous.username()).isNull();
        assertThat(anonymous.passwordGiven()).isFalse();
        assertThat(anonymous.tls()).isTrue();
        assertThat(anonymous.address()).isNull();
        assertThat(anonymous.reason()).isEqualTo(FailureReason.ANONYMOUS_NOT_ALLOWED);
    }

    @Test
    void listsTheMostRecentFirst() throws Exception {
        MqttAuth auth = engine(100, Duration.ofHours(1));
        for (String id : new String[] {"a", "b", "c"}) {
            auth.authenticate(request(id, "x"));
            clock.advance(Duration.ofSeconds(1));
        }
        auth.authenticate(request("a", "x"));
        assertThat(auth.unauthorizedClients().list()).extracting(UnauthorizedClient::clientId)
                .containsExactly("a", "c", "b");
    }

    @Test
    void isBounded() throws Exception {
        MqttAuth auth = engine(3, Duration.ofHours(1));
        for (int i = 0; i < 50; i++) {
            auth.authenticate(request("client-" + i, "x"));
        }
        assertThat(auth.unauthorizedClients().size()).isEqualTo(3);
        assertThat(auth.unauthorizedClients().list()).hasSize(3);
    }

    @Test
    void entriesExpireAfterTheRetentionOnTheEnginesClock() throws Exception {
        MqttAuth auth = engine(100, Duration.ofMinutes(60));
        auth.authenticate(request("old", "x"));
        clock.advance(Duration.ofMinutes(40));
        auth.authenticate(request("new", "x"));
        clock.advance(Duration.ofMinutes(19));
        assertThat(auth.unauthorizedClients().list()).extracting(UnauthorizedClient::clientId)
                .containsExactly("new", "old");
        clock.advance(Duration.ofMinutes(2));
        assertThat(auth.unauthorizedClients().list()).extracting(UnauthorizedClient::clientId).containsExactly("new");
        assertThat(auth.unauthorizedClients().size()).isEqualTo(1);
        // A new refusal keeps an entry alive and restarts its count only after it expired.
        auth.authenticate(request("new", "x"));
        clock.advance(Duration.ofMinutes(59));
        assertThat(auth.unauthorizedClients().list()).singleElement()
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(2));
        clock.advance(Duration.ofMinutes(2));
        assertThat(auth.unauthorizedClients().list()).isEmpty();
    }

    @Test
    void removeAndClear() throws Exception {
        MqttAuth auth = engine(100, Duration.ofHours(1));
        auth.authenticate(request("a", "x"));
        auth.authenticate(request("b", "y"));
        UnauthorizedClient a = auth.unauthorizedClients().list().stream()
                .filter(e -> e.clientId().equals("a")).findFirst().orElseThrow();
        assertThat(a.key()).isEqualTo(new UnauthorizedClient.Key("a", "x", "192.0.2.1"));
        assertThat(auth.unauthorizedClients().remove(a.key())).isTrue();
        assertThat(auth.unauthorizedClients().remove(a.key())).isFalse();
        assertThat(auth.unauthorizedClients().list()).extracting(UnauthorizedClient::clientId).containsExactly("b");
        auth.unauthorizedClients().clear();
        assertThat(auth.unauthorizedClients().list()).isEmpty();
        assertThat(auth.unauthorizedClients().size()).isZero();
    }

    @Test
    void allowedConnectsAndActionsAreNotRecorded() throws Exception {
        MqttAuth auth = engine(100, Duration.ofHours(1));
        Identity alice = auth.authenticate(request("c", "alice")).identity().orElseThrow();
        auth.authorize(alice, Action.publish("denied/by/no-match"));
        assertThat(auth.unauthorizedClients().list()).isEmpty();
    }

    /** About 64 KiB, and with its number in front still within the 65,535 bytes an MQTT string can carry. */
    private static final String HUGE = "u".repeat(65_000);

    @Test
    void staysWithinItsMemoryBudgetUnderAFloodOf64KiBClientIdsAndUserNames() throws Exception {
        long budget = 1L << 20;
        MqttAuth auth = MqttAuth.builder().clock(clock).unauthorizedLog(10_000, Duration.ofHours(24))
                .unauthorizedLogLimits(budget, 1024)
                .authenticator("passwd", r -> AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH,
                        "user \"" + r.username().orElse("") + "\": password does not match"))
                .build();
        for (int i = 0; i < 2_000; i++) {
            auth.authenticate(request(i + HUGE, i + HUGE));
            assertThat(auth.unauthorizedClients().weightedSize()).isLessThanOrEqualTo(budget);
        }
        assertThat(auth.unauthorizedClients().size()).isBetween(100L, 10_000L);
        for (UnauthorizedClient e : auth.unauthorizedClients().list()) {
            String kept = "\\d+u{1000,1024}\u2026\\(\\+\\d{5} chars\\)";
            assertThat(e.clientId()).matches(kept);
            assertThat(e.username()).matches(kept);
            assertThat(e.detail()).matches("user \"\\d+u{1000,1024}\u2026\\(\\+\\d{5} chars\\)");
        }
    }

    @Test
    void theMemoryBudgetNeverRaisesTheEntryLimit() throws Exception {
        MqttAuth auth = MqttAuth.builder().clock(clock).unauthorizedLog(10, Duration.ofHours(24))
                .unauthorizedLogLimits(1L << 30, 1024)
                .authenticator("passwd", r -> AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "no"))
                .build();
        for (int i = 0; i < 100; i++) {
            auth.authenticate(request("c" + i, "x"));
        }
        assertThat(auth.unauthorizedClients().size()).isEqualTo(10);
    }

    @Test
    void shortStringsAreStoredWhole() {
        assertThat(UnauthorizedClients.truncate("alice", 16)).isEqualTo("alice");
        assertThat(UnauthorizedClients.truncate(null, 16)).isNull();
        assertThat(UnauthorizedClients.truncate("x".repeat(16), 16)).isEqualTo("x".repeat(16));
    }

    @Test
    void longStringsAreTruncatedWithTheNumberOfCharactersLeftOut() {
        assertThat(UnauthorizedClients.truncate("x".repeat(20), 16)).isEqualTo("x".repeat(16) + "\u2026(+4 chars)");
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        String s = "x".repeat(15) + "\ud83d\ude00" + "yyy";
        assertThat(UnauthorizedClients.truncate(s, 16)).isEqualTo("x".repeat(15) + "\u2026(+5 chars)");
    }
}
