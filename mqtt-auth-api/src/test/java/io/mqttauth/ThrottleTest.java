package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Brute-force throttling ({@code throttle.*}): which refusals count, per user name and per address, the sliding
 * window, the block and its end on the engine's clock, and that a throttled connect never reaches the authenticators.
 */
class ThrottleTest {

    private final TestClock clock = new TestClock();
    /** How many times the authenticator ran (hashed a password). */
    private final AtomicInteger hashed = new AtomicInteger();

    /** alice's password is "right"; "down" makes the provider unavailable; every other user is unknown. */
    private final Authenticator passwords = r -> {
        hashed.incrementAndGet();
        String user = r.username().orElse(null);
        if (user == null) {
            return AuthenticationResult.notApplicable("no user name");
        }
        if (user.equals("down")) {
            return AuthenticationResult.refuse(FailureReason.PROVIDER_UNAVAILABLE, "database down");
        }
        if (!user.equals("alice")) {
            return AuthenticationResult.refuse(FailureReason.NO_CREDENTIALS_FOUND, "unknown user");
        }
        return new String(r.password().orElse(new byte[0])).equals("right")
                ? AuthenticationResult.success(Identity.builder("alice", r).build(), "password matches")
                : AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "password does not match");
    };

    private MqttAuth engine(String... by) {
        return MqttAuth.builder().clock(clock).authenticator("passwd", passwords)
                .throttle(5, Duration.ofMinutes(1), Duration.ofMinutes(5), List.of(by)).build();
    }

    private static ConnectRequest connect(String user, String password, String address) {
        return ConnectRequest.builder("c-" + user).username(user).password(password).remoteAddress(address(address))
                .build();
    }

    private static void fail(MqttAuth auth, int times, String user, String address) {
        for (int i = 0; i < times; i++) {
            assertThat(auth.authenticate(connect(user, "wrong", address)).reason())
                    .isNotEqualTo(Optional.of(FailureReason.THROTTLED));
        }
    }

    @Test
    void afterFiveWrongPasswordsTheRightPasswordIsThrottledWithoutHashing() {
        MqttAuth auth = engine("username");
        fail(auth, 5, "alice", "192.0.2.1");
        int before = hashed.get();

        Decision d = auth.authenticate(connect("alice", "right", "192.0.2.1"));

        assertThat(d.reason()).contains(FailureReason.THROTTLED);
        assertThat(d.codeFor(MqttVersion.V5)).isEqualTo(0x9F);
        assertThat(d.codeFor(MqttVersion.V3_1_1)).isEqualTo(3);
        assertThat(d.provider()).isEqualTo("throttle");
        assertThat(hashed.get()).as("the authenticator did not run").isEqualTo(before);
    }

    @Test
    void fourFailuresDoNotThrottle() {
        MqttAuth auth = engine("username", "address");
        fail(auth, 4, "alice", "192.0.2.1");
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).isAllowed()).isTrue();
    }

    @Test
    void explainSaysWhenTheBlockEnds() {
        MqttAuth auth = engine("username");
        fail(auth, 5, "alice", "192.0.2.1");
        Decision d = auth.authenticate(connect("alice", "right", "192.0.2.1"));
        assertThat(d.explain())
                .contains("DENY THROTTLED")
                .contains("user name \"alice\" is throttled until 2026-01-01T00:05:00Z")
                .contains("throttle.failures = 5, throttle.window = 1m, throttle.block = 5m");
    }

    @Test
    void theBlockEndsAfterThrottleBlockOnTheEnginesClock() {
        MqttAuth auth = engine("username");
        fail(auth, 5, "alice", "192.0.2.1");
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).reason())
                .contains(FailureReason.THROTTLED);
        clock.advance(Duration.ofMillis(1));
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).isAllowed()).isTrue();
    }

    @Test
    void afterTheBlockTheCountStartsOver() {
        MqttAuth auth = engine("username");
        fail(auth, 5, "alice", "192.0.2.1");
        clock.advance(Duration.ofMinutes(5));
        fail(auth, 4, "alice", "192.0.2.1");
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).isAllowed()).isTrue();
        fail(auth, 1, "alice", "192.0.2.1");
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).reason())
                .contains(FailureReason.THROTTLED);
    }

    @Test
    void attemptsDuringTheBlockDoNotExtendIt() {
        MqttAuth auth = engine("username");
        fail(auth, 5, "alice", "192.0.2.1");
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(auth.authenticate(connect("alice", "wrong", "192.0.2.1")).reason())
                    .contains(FailureReason.THROTTLED);
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).isAllowed()).isTrue();
    }

    @Test
    void theWindowSlides() {
        MqttAuth auth = engine("username");
        for (int at : new int[] {0, 50, 20, 10, 10}) { // refusals at 0 s, 50 s, 70 s, 80 s, 90 s
            clock.advance(Duration.ofSeconds(at));
            fail(auth, 1, "alice", "192.0.2.1");
        }
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).isAllowed())
                .as("five refusals over 90 s are not five within 1m").isTrue();
        clock.advance(Duration.ofSeconds(10));
        fail(auth, 1, "alice", "192.0.2.1"); // 50 s, 70 s, 80 s, 90 s, 100 s: five within 1m
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).reason())
                .contains(FailureReason.THROTTLED);
    }

    @Test
    void otherUserNamesAndAddressesAreUnaffected() {
        MqttAuth auth = engine("username", "address");
        fail(auth, 5, "mallory", "192.0.2.66");
        assertThat(auth.authenticate(connect("mallory", "x", "192.0.2.66")).reason())
                .contains(FailureReason.THROTTLED);
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).isAllowed()).isTrue();
        assertThat(auth.authenticate(connect("mallory", "x", "192.0.2.1")).reason())
                .as("mallory from another address is still throttled by user name").contains(FailureReason.THROTTLED);
    }

    @Test
    void throttlingByAddressRefusesEveryUserNameFromThatAddressOnly() {
        MqttAuth auth = engine("address");
        for (int i = 0; i < 5; i++) {
            fail(auth, 1, "guess-" + i, "192.0.2.66");
        }
        Decision d = auth.authenticate(connect("alice", "right", "192.0.2.66"));
        assertThat(d.reason()).contains(FailureReason.THROTTLED);
        assertThat(d.detail()).startsWith("address 192.0.2.66 is throttled until 2026-01-01T00:05:00Z");
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).isAllowed()).isTrue();
    }

    @Test
    void throttlingByUserNameOnlyIgnoresTheAddress() {
        MqttAuth auth = engine("username");
        for (int i = 0; i < 10; i++) {
            fail(auth, 1, "guess-" + i, "192.0.2.66");
        }
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.66")).isAllowed()).isTrue();
    }

    @Test
    void ipv6AddressesCountPerSlash64Network() {
        MqttAuth auth = engine("address");
        for (int i = 1; i <= 5; i++) {
            fail(auth, 1, "guess-" + i, "2001:db8:1:2::" + i);
        }
        Decision d = auth.authenticate(connect("alice", "right", "2001:db8:1:2:ffff::9"));
        assertThat(d.reason()).contains(FailureReason.THROTTLED);
        assertThat(d.detail()).startsWith("IPv6 network 2001:db8:1:2::/64 is throttled");
        assertThat(auth.authenticate(connect("alice", "right", "2001:db8:1:3::1")).isAllowed()).isTrue();
    }

    @Test
    void aSuccessfulLoginDoesNotResetTheCount() {
        MqttAuth auth = engine("username", "address");
        fail(auth, 4, "alice", "192.0.2.1");
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).isAllowed()).isTrue();
        fail(auth, 1, "alice", "192.0.2.1");
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).reason())
                .contains(FailureReason.THROTTLED);
    }

    @Test
    void refusalsThatAreNotAboutCredentialsDoNotCount() throws Exception {
        Path bans = Files.createTempFile("banned", ".txt");
        Files.writeString(bans, "username mallory\n");
        try (MqttAuth auth = MqttAuth.builder().clock(clock).authenticator("passwd", passwords).banList(bans)
                .banListReload("off").throttle(5, Duration.ofMinutes(1), Duration.ofMinutes(5),
                        List.of("address")).build()) {
            for (int i = 0; i < 10; i++) {
                assertThat(auth.authenticate(connect("mallory", "x", "192.0.2.1")).reason())
                        .contains(FailureReason.BANNED);
                assertThat(auth.authenticate(connect("down", "x", "192.0.2.1")).reason())
                        .contains(FailureReason.PROVIDER_UNAVAILABLE);
            }
            assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).isAllowed()).isTrue();
        } finally {
            Files.delete(bans);
        }
    }

    @Test
    void anonymousRefusalsCountByAddress() {
        MqttAuth auth = engine("username", "address");
        for (int i = 0; i < 5; i++) {
            assertThat(auth.authenticate(ConnectRequest.builder("anon").remoteAddress(address("192.0.2.7")).build())
                    .reason()).contains(FailureReason.ANONYMOUS_NOT_ALLOWED);
        }
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.7")).reason())
                .contains(FailureReason.THROTTLED);
    }

    @Test
    void throttlingIsOffByDefault() {
        MqttAuth auth = MqttAuth.builder().clock(clock).authenticator("passwd", passwords).build();
        fail(auth, 100, "alice", "192.0.2.1");
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).isAllowed()).isTrue();
    }

    @Test
    void throttledRefusalsAreInTheUnauthorizedClientsLog() {
        MqttAuth auth = engine("username");
        fail(auth, 5, "alice", "192.0.2.1");
        auth.authenticate(connect("alice", "right", "192.0.2.1"));
        assertThat(auth.unauthorizedClients().list().get(0).reason()).isEqualTo(FailureReason.THROTTLED);
    }

    @Test
    void authenticateAsyncDecidesAThrottledConnectOnTheCallingThread() throws Exception {
        MqttAuth auth = engine("username");
        fail(auth, 5, "alice", "192.0.2.1");
        AtomicInteger tasks = new AtomicInteger();
        CompletableFuture<Decision> f = auth.authenticateAsync(connect("alice", "right", "192.0.2.1"), task -> {
            tasks.incrementAndGet();
            task.run();
        });
        assertThat(f).isDone();
        assertThat(f.get().reason()).contains(FailureReason.THROTTLED);
        assertThat(tasks.get()).isZero();
    }

    @Test
    void failuresDecidedOnTheExecutorCount() throws Exception {
        MqttAuth auth = engine("username");
        for (int i = 0; i < 5; i++) {
            auth.authenticateAsync(connect("alice", "wrong", "192.0.2.1"), Runnable::run).get();
        }
        assertThat(auth.authenticateAsync(connect("alice", "right", "192.0.2.1"), Runnable::run).get().reason())
                .contains(FailureReason.THROTTLED);
    }

    @Test
    void refusalsThatRacedWithTheBlockDoNotCountAfterIt() {
        MqttAuth auth = MqttAuth.builder().clock(clock).authenticator("passwd", passwords)
                .throttle(5, Duration.ofMinutes(10), Duration.ofMinutes(1), List.of("username")).build();
        List<Runnable> queued = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) { // all six pass the throttle's check before any is refused
            auth.authenticateAsync(connect("alice", "wrong", "192.0.2.1"), queued::add);
        }
        queued.forEach(Runnable::run); // the fifth refusal engages the block; the sixth raced with it
        clock.advance(Duration.ofMinutes(1));
        fail(auth, 4, "alice", "192.0.2.1");
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.1")).isAllowed()).isTrue();
    }

    @Test
    void concurrentRefusalsFromManyThreadsEngageTheBlockAndNeverThrow() throws Exception {
        MqttAuth auth = engine("username", "address");
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    int throttled = 0;
                    for (int i = 0; i < 500; i++) {
                        Decision d = auth.authenticate(connect(i % 2 == 0 ? "alice" : "guess-" + thread + "-" + i,
                                "wrong", "192.0.2." + (i % 3)));
                        throttled += d.reason().orElseThrow() == FailureReason.THROTTLED ? 1 : 0;
                    }
                    return throttled;
                }));
            }
            int throttled = 0;
            for (var r : results) {
                throttled += r.get();
            }
            assertThat(throttled).isGreaterThan(1_900);
        } finally {
            threads.shutdownNow();
        }
        assertThat(auth.authenticate(connect("alice", "right", "192.0.2.9")).reason())
                .contains(FailureReason.THROTTLED);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
