package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MqttAuth#authenticateAsync} and {@link MqttAuth#authorizeAsync}: the decisions of the synchronous methods,
 * made on the caller's thread when nothing may block, and otherwise on the executor.
 */
class MqttAuthAsyncTest {

    static final ConnectRequest ALICE = MqttAuthChainTest.ALICE;
    static final String WORKER = "auth-worker";

    /** A single worker thread that counts the tasks it was given. */
    private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, WORKER));
    private final AtomicInteger tasks = new AtomicInteger();
    private final Executor worker = task -> {
        tasks.incrementAndGet();
        pool.execute(task);
    };
    private final Executor rejecting = task -> {
        throw new RejectedExecutionException("queue full");
    };
    /** The threads the providers ran on. */
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** Accepts everyone as "alice", from memory. */
    private Authenticator inMemory() {
        return new Authenticator() {
            @Override
            public AuthenticationResult authenticate(ConnectRequest r) {
                threads.add(Thread.currentThread().getName());
                return AuthenticationResult.success(Identity.builder("alice", r).build(), "accepted");
            }

            @Override
            public boolean mayBlock() {
                return false;
            }
        };
    }

    /** Refuses everyone's password; a lambda keeps the default: it may block. */
    private Authenticator hashing() {
        return r -> {
            threads.add(Thread.currentThread().getName());
            return AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "password does not match");
        };
    }

    /** Allows everything, after a (pretend) database lookup. */
    private Authorizer fromDatabase() {
        return new Authorizer() {
            @Override
            public AuthorizationResult authorize(Identity identity, Action action) {
                threads.add(Thread.currentThread().getName());
                return AuthorizationResult.allow("row 7");
            }

            @Override
            public boolean mayBlock() {
                return true;
            }
        };
    }

    private static Decision now(CompletableFuture<Decision> future) {
        assertThat(future).as("completed when returned").isDone();
        return future.join();
    }

    private static Decision later(CompletableFuture<Decision> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aConnectIsDecidedOnTheCallersThreadWhenNoAuthenticatorMayBlock() {
        MqttAuth auth = MqttAuth.builder().authenticator("memory", inMemory()).build();
        Decision d = now(auth.authenticateAsync(ALICE, worker));
        assertThat(d.isAllowed()).isTrue();
        assertThat(threads).containsExactly(Thread.currentThread().getName());
        assertThat(tasks).hasValue(0);
    }

    @Test
    void anAuthenticatorThatMayBlockRunsOnTheExecutorAndGivesTheSynchronousDecision() throws Exception {
        MqttAuth auth = MqttAuth.builder().authenticator("hash", hashing()).authenticator("memory", inMemory()).build();
        Decision async = later(auth.authenticateAsync(ALICE, worker));
        assertThat(threads).containsExactly(WORKER);
        assertThat(tasks).hasValue(1);
        Decision sync = auth.authenticate(ALICE);
        assertThat(async.reason()).isEqualTo(sync.reason()).contains(FailureReason.PASSWORD_MISMATCH);
        assertThat(async.provider()).isEqualTo(sync.provider()).isEqualTo("hash");
    }

    @Test
    void aChainThatEndsBeforeAnAuthenticatorThatMayBlockIsDecidedInline() {
        MqttAuth auth = MqttAuth.builder().authenticator("memory", inMemory()).authenticator("hash", hashing()).build();
        Decision d = now(auth.authenticateAsync(ALICE, worker));
        assertThat(d.provider()).isEqualTo("memory");
        assertThat(threads).containsExactly(Thread.currentThread().getName());
        assertThat(tasks).hasValue(0);
    }

    @Test
    void whatABlockingAuthenticatorCanDecideWithoutBlockingIsAnsweredInline() throws Exception {
        Authenticator cached = new Authenticator() {
            @Override
            public AuthenticationResult authenticate(ConnectRequest r) {
                threads.add(Thread.currentThread().getName());
                return AuthenticationResult.success(Identity.builder("alice", r).build(), "from the database");
            }

            @Override
            public java.util.Optional<AuthenticationResult> authenticateWithoutBlocking(ConnectRequest r) {
                return r.clientId().startsWith("hit") ? java.util.Optional.of(AuthenticationResult.success(
                        Identity.builder("alice", r).build(), "from the cache")) : java.util.Optional.empty();
            }
        };
        MqttAuth auth = MqttAuth.builder().authenticator("db", cached).build();
        Decision hit = now(auth.authenticateAsync(ConnectRequest.builder("hit-1").username("alice").build(), worker));
        assertThat(hit.detail()).isEqualTo("from the cache");
        assertThat(tasks).hasValue(0);
        Decision miss = later(auth.authenticateAsync(ConnectRequest.builder("miss-1").username("alice").build(),
                worker));
        assertThat(miss.detail()).isEqualTo("from the database");
        assertThat(threads).containsExactly(WORKER);
    }

    @Test
    void whatABlockingAuthorizerCanDecideWithoutBlockingIsAnsweredInline() throws Exception {
        Authorizer cached = new Authorizer() {
            @Override
            public AuthorizationResult authorize(Identity identity, Action action) {
                threads.add(Thread.currentThread().getName());
                return AuthorizationResult.allow("from the database");
            }

            @Override
            public boolean mayBlock() {
                return true;
            }

            @Override
            public java.util.Optional<AuthorizationResult> authorizeWithoutBlocking(Identity identity, Action action) {
                return action.topic().startsWith("hit") ? java.util.Optional.of(AuthorizationResult.allow(
                        "from the cache")) : java.util.Optional.empty();
            }
        };
        MqttAuth auth = MqttAuth.builder().authorizer("db", cached).build();
        Identity alice = Identity.builder("alice", ALICE).build();
        assertThat(now(auth.authorizeAsync(alice, Action.publish("hit/1"), worker)).detail())
                .isEqualTo("from the cache");
        assertThat(tasks).hasValue(0);
        assertThat(later(auth.authorizeAsync(alice, Action.publish("miss/1"), worker)).detail())
                .isEqualTo("from the database");
        assertThat(threads).containsExactly(WORKER);
    }

    @Test
    void aBannedOrMalformedConnectIsAnsweredWithoutTheExecutor(@TempDir Path dir) throws IOException {
        Path bans = Files.writeString(dir.resolve("banned.txt"), "clientid evil\n");
        try (MqttAuth auth = MqttAuth.builder().banList(bans).banListReload("off").authenticator("hash", hashing())
                .build()) {
            Decision banned = now(auth.authenticateAsync(
                    ConnectRequest.builder("evil").username("alice").password("pw").build(), worker));
            assertThat(banned.reason()).contains(FailureReason.BANNED);
            Decision malformed = now(auth.authenticateAsync(
                    ConnectRequest.builder("c").password("pw").mqttVersion(MqttVersion.V3_1_1).build(), worker));
            assertThat(malformed.reason()).contains(FailureReason.MALFORMED_CREDENTIALS);
        }
        assertThat(tasks).hasValue(0);
        assertThat(threads).isEmpty();
    }

    @Test
    void aConnectTheTlsPolicyRefusesIsAnsweredWithoutTheExecutor() throws Exception {
        MqttAuth auth = MqttAuth.builder().tlsRequired(true).sniHosts(List.of("broker.example.com"))
                .authenticator("hash", hashing()).build();
        ConnectRequest.Builder alice = ConnectRequest.builder("c").username("alice").password("pw");
        assertThat(now(auth.authenticateAsync(alice.build(), worker)).reason()).contains(FailureReason.TLS_REQUIRED);
        assertThat(now(auth.authenticateAsync(alice.tls(TlsFacts.withoutClientCertificate(null, "TLSv1.3", null))
                .build(), worker)).reason()).contains(FailureReason.SNI_MISSING);
        assertThat(now(auth.authenticateAsync(alice.tls(TlsFacts.withoutClientCertificate("192.0.2.7", null, null))
                .build(), worker)).reason()).contains(FailureReason.SNI_NOT_ALLOWED);
        assertThat(tasks).hasValue(0);
        assertThat(threads).isEmpty();

        Decision allowedSni = later(auth.authenticateAsync(alice.tls(
                TlsFacts.withoutClientCertificate("broker.example.com", null, null)).build(), worker));
        assertThat(allowedSni.reason()).as("the hashing authenticator decides")
                .contains(FailureReason.PASSWORD_MISMATCH);
        assertThat(tasks).hasValue(1);
    }

    @Test
    void aConnectTheExecutorRejectsIsRefusedAsProviderUnavailable() {
        List<Decision> heard = new CopyOnWriteArrayList<>();
        MqttAuth auth = MqttAuth.builder().authenticator("hash", hashing())
                .listener(new DecisionListener() {
                    @Override
                    public void connectDecided(ConnectAttempt request, Decision decision) {
                        heard.add(decision);
                    }
                }).build();
        Decision d = now(auth.authenticateAsync(ALICE, rejecting));
        assertThat(d.reason()).contains(FailureReason.PROVIDER_UNAVAILABLE);
        assertThat(d.codeFor(MqttVersion.V5)).isEqualTo(0x88);
        assertThat(d.codeFor(MqttVersion.V3_1_1)).isEqualTo(3);
        assertThat(d.provider()).isEqualTo("executor");
        assertThat(d.detail()).contains("the executor refused to run the authenticators")
                .contains("overloaded or shutting down");
        assertThat(threads).isEmpty();
        assertThat(heard).containsExactly(d);
        assertThat(auth.unauthorizedClients().list()).singleElement()
                .satisfies(c -> assertThat(c.reason()).isEqualTo(FailureReason.PROVIDER_UNAVAILABLE));
    }

    @Test
    void listenersAndTheUnauthorizedLogSeeDecisionsMadeOnTheExecutor() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        MqttAuth auth = MqttAuth.builder().authenticator("hash", hashing()).authorizer("db", fromDatabase())
                .listener(new DecisionListener() {
                    @Override
                    public void connectDecided(ConnectAttempt request, Decision decision) {
                        heard.add(Thread.currentThread().getName() + " connect " + decision.isAllowed());
                    }

                    @Override
                    public void actionDecided(Identity identity, Action action, Decision decision) {
                        heard.add(Thread.currentThread().getName() + " " + action.type() + " " + decision.isAllowed());
                    }
                }).build();
        assertThat(later(auth.authenticateAsync(ALICE, worker)).reason()).contains(FailureReason.PASSWORD_MISMATCH);
        assertThat(later(auth.authorizeAsync(MqttAuthChainTest.identity("bob"), Action.publish("a"), worker))
                .isAllowed()).isTrue();
        assertThat(heard).containsExactly(WORKER + " connect false", WORKER + " PUBLISH true");
        assertThat(auth.unauthorizedClients().list()).singleElement().satisfies(c -> {
            assertThat(c.clientId()).isEqualTo("c-alice");
            assertThat(c.reason()).isEqualTo(FailureReason.PASSWORD_MISMATCH);
        });
    }

    @Test
    void anActionIsDecidedOnTheCallersThreadWhenNoAuthorizerMayBlock() {
        MqttAuth auth = MqttAuth.builder().authorizer("memory", (i, a) -> AuthorizationResult.allow("rule")).build();
        assertThat(now(auth.authorizeAsync(MqttAuthChainTest.identity("bob"), Action.publish("a"), worker))
                .isAllowed()).isTrue();
        assertThat(tasks).hasValue(0);
    }

    @Test
    void anAuthorizerThatMayBlockRunsOnTheExecutorAndACacheHitIsAnsweredInline() throws Exception {
        MqttAuth auth = MqttAuth.builder().authorizer("db", fromDatabase())
                .authorizationCache(100, Duration.ofHours(1)).build();
        Identity bob = MqttAuthChainTest.identity("bob");
        Decision first = later(auth.authorizeAsync(bob, Action.subscribe("$share/g/t"), worker));
        assertThat(first.isAllowed()).isTrue();
        assertThat(threads).containsExactly(WORKER);
        Decision hit = now(auth.authorizeAsync(bob, Action.subscribe("t"), worker));
        assertThat(hit.isAllowed()).isTrue();
        assertThat(hit.action()).contains(Action.subscribe("t"));
        assertThat(first.action()).contains(Action.subscribe("$share/g/t"));
        assertThat(tasks).hasValue(1);
        assertThat(threads).hasSize(1);
    }

    @Test
    void whatNeedsNoAuthorizerIsAnsweredInline() {
        MqttAuth auth = MqttAuth.builder().authorizer("db", fromDatabase()).build();
        Identity bob = MqttAuthChainTest.identity("bob");
        Identity expired = bob.toBuilder().expiresAt(Instant.EPOCH).build();
        Identity superuser = bob.toBuilder().superuser(true).build();
        Identity permitted = bob.toBuilder().permissions(List.of(Permission.deny("a/#", Action.Type.PUBLISH))).build();
        assertThat(now(auth.authorizeAsync(expired, Action.publish("a"), worker)).reason())
                .contains(FailureReason.IDENTITY_EXPIRED);
        assertThat(now(auth.authorizeAsync(bob, Action.publish("a/+"), worker)).reason())
                .contains(FailureReason.INVALID_TOPIC);
        assertThat(now(auth.authorizeAsync(bob, Action.subscribe("$share/g"), worker)).reason())
                .contains(FailureReason.INVALID_TOPIC);
        assertThat(now(auth.authorizeAsync(superuser, Action.publish("a"), worker)).provider()).isEqualTo("superusers");
        assertThat(now(auth.authorizeAsync(permitted, Action.publish("a/b"), worker)).reason())
                .contains(FailureReason.DENIED_BY_RULE);
        assertThat(tasks).hasValue(0);
        assertThat(threads).isEmpty();
    }

    @Test
    void anActionTheExecutorRejectsIsRefusedAsProviderUnavailableWithAckCodes() {
        List<Decision> heard = new CopyOnWriteArrayList<>();
        MqttAuth auth = MqttAuth.builder().authorizer("db", fromDatabase())
                .listener(new DecisionListener() {
                    @Override
                    public void actionDecided(Identity identity, Action action, Decision decision) {
                        heard.add(decision);
                    }
                }).build();
        Decision d = now(auth.authorizeAsync(MqttAuthChainTest.identity("bob"), Action.subscribe("a/#", 1), rejecting));
        assertThat(d.reason()).contains(FailureReason.PROVIDER_UNAVAILABLE);
        assertThat(d.detail()).contains("the executor refused to run the authorizers");
        assertThat(d.action()).contains(Action.subscribe("a/#", 1));
        // CONNACK 0x88 does not exist in PUBACK/SUBACK: SUBACK 0x80 (unspecified error) for both versions.
        assertThat(d.codes()).isEqualTo(new ReasonCodes(0x80, 0x80));
        assertThat(heard).containsExactly(d);
        assertThat(threads).isEmpty();
    }
}
