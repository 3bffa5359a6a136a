package io.mqttauth.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mqttauth.Action;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MqttAuthMetrics} on a {@link SimpleMeterRegistry}: what each decision counts and under which tags, the
 * provider timers, the gauges, and tag values that come only from fixed sets.
 */
class MqttAuthMetricsTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** alice's password, wonderland, as Mosquitto's mosquitto_passwd stores it. */
    private static final String ALICE = "alice:$7$101$75w4ccNQRTMAj0kz$hwaC9KJdZ2A7M3/2RvMprq4rJ8310HD22WaZoF1qorE+9x"
            + "In/CBdoBcjJtoWv/VEPdEW+msURmnspGkBsdbkpg==";

    /** alice / wonderland may write sensors/alice/#; everything else is denied. */
    private MqttAuth engine() throws IOException {
        Files.writeString(dir.resolve("passwd"), ALICE + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("acl"), "user alice\ntopic write sensors/alice/#\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("mqtt-auth.properties"), """
                authenticators = password-file
                authorizers = acl
                password-file.path = passwd
                password-file.reload = off
                acl.path = acl
                acl.format = mosquitto
                acl.reload = off
                """, StandardCharsets.UTF_8);
        return MqttAuth.fromFile(dir.resolve("mqtt-auth.properties"));
    }

    private double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void connectsAreCountedByOutcomeReasonAndProvider() throws IOException {
        try (MqttAuth auth = engine()) {
            MqttAuthMetrics.monitor(auth, registry);
            auth.authenticate(ConnectRequest.builder("c1").username("alice").password("wonderland").build());
            auth.authenticate(ConnectRequest.builder("c2").username("alice").password("wrong").build());
            auth.authenticate(ConnectRequest.builder("c3").username("alice").password("wrong").build());
            auth.authenticate(ConnectRequest.builder("c4").username("a\u0000").build());

            assertThat(count(MqttAuthMetrics.CONNECTS, "outcome", "allowed", "reason", "none",
                    "provider", "password-file")).isEqualTo(1);
            assertThat(count(MqttAuthMetrics.CONNECTS, "outcome", "refused", "reason", "PASSWORD_MISMATCH",
                    "provider", "password-file")).isEqualTo(2);
            assertThat(count(MqttAuthMetrics.CONNECTS, "outcome", "refused", "reason", "MALFORMED_CREDENTIALS",
                    "provider", "connect")).isEqualTo(1);
            assertThat(registry.find(MqttAuthMetrics.CONNECTS).counters()).hasSize(3);
        }
    }

    @Test
    void actionsAreCountedByActionOutcomeAndReason() throws IOException {
        try (MqttAuth auth = engine()) {
            MqttAuthMetrics.monitor(auth, registry);
            Identity alice = auth.authenticate(ConnectRequest.builder("c1").username("alice").password("wonderland")
                    .build()).identity().orElseThrow();
            auth.authorize(alice, Action.publish("sensors/alice/temp"));
            auth.authorize(alice, Action.publish("sensors/bob/temp"));
            auth.authorize(alice, Action.subscribe("sensors/#"));
            auth.authorize(alice, Action.subscribe("sensors/#/bad"));

            assertThat(count(MqttAuthMetrics.AUTHORIZATIONS, "action", "publish", "outcome", "allowed",
                    "reason", "none")).isEqualTo(1);
            assertThat(count(MqttAuthMetrics.AUTHORIZATIONS, "action", "publish", "outcome", "denied",
                    "reason", "NO_MATCHING_RULE")).isEqualTo(1);
            assertThat(count(MqttAuthMetrics.AUTHORIZATIONS, "action", "subscribe", "outcome", "denied",
                    "reason", "NO_MATCHING_RULE")).isEqualTo(1);
            assertThat(count(MqttAuthMetrics.AUTHORIZATIONS, "action", "subscribe", "outcome", "denied",
                    "reason", "INVALID_TOPIC")).isEqualTo(1);
            assertThat(registry.find(MqttAuthMetrics.AUTHORIZATIONS).counters()).hasSize(4);
        }
    }

    @Test
    void eachProviderIsTimedPerPhase() throws IOException {
        try (MqttAuth auth = engine()) {
            MqttAuthMetrics.monitor(auth, registry);
            Identity alice = auth.authenticate(ConnectRequest.builder("c1").username("alice").password("wonderland")
                    .build()).identity().orElseThrow();
            auth.authenticate(ConnectRequest.builder("c2").username("alice").password("wrong").build());
            for (int i = 0; i < 5; i++) {
                auth.authorize(alice, Action.publish("sensors/alice/" + i));
            }
            // invalid: decided by the engine, no authorizer asked
            auth.authorize(alice, Action.publish("sensors/+"));

            Timer authenticate = registry.find(MqttAuthMetrics.PROVIDER_LATENCY)
                    .tags("provider", "password-file", "phase", "authenticate").timer();
            Timer authorize = registry.find(MqttAuthMetrics.PROVIDER_LATENCY)
                    .tags("provider", "acl", "phase", "authorize").timer();
            assertThat(authenticate).isNotNull();
            assertThat(authorize).isNotNull();
            assertThat(authenticate.count()).isEqualTo(2);
            assertThat(authorize.count()).isEqualTo(5);
            // a password check hashes: it takes far more than nothing
            assertThat(authenticate.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(registry.find(MqttAuthMetrics.PROVIDER_LATENCY).timers()).hasSize(2);
        }
    }

    @Test
    void aSlowProviderShowsInItsTimer() {
        try (MqttAuth auth = MqttAuth.builder()
                .authenticator("fast", r -> AuthenticationResult.notApplicable("not mine"))
                .authenticator("slow-database", r -> {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return AuthenticationResult.refuse(FailureReason.PROVIDER_UNAVAILABLE, "timed out");
                }).build()) {
            MqttAuthMetrics.monitor(auth, registry);
            auth.authenticate(ConnectRequest.builder("c").username("u").build());
            Timer slow = registry.find(MqttAuthMetrics.PROVIDER_LATENCY).tag("provider", "slow-database").timer();
            assertThat(slow).isNotNull();
            assertThat(slow.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(50);
            assertThat(registry.find(MqttAuthMetrics.PROVIDER_LATENCY).tag("provider", "fast").timer())
                    .isNotNull();
        }
    }

    @Test
    void theUnauthorizedClientsGaugeFollowsTheLog() throws IOException {
        try (MqttAuth auth = engine()) {
            MqttAuthMetrics.monitor(auth, registry);
            double before = registry.get(MqttAuthMetrics.UNAUTHORIZED_CLIENTS).gauge().value();
            auth.authenticate(ConnectRequest.builder("c2").username("alice").password("wrong").build());
            auth.authenticate(ConnectRequest.builder("c2").username("alice").password("wrong").build());
            auth.authenticate(ConnectRequest.builder("c3").username("bob").password("x").build());
            assertThat(before).isZero();
            assertThat(registry.get(MqttAuthMetrics.UNAUTHORIZED_CLIENTS).gauge().value()).isEqualTo(2);
            auth.unauthorizedClients().clear();
            assertThat(registry.get(MqttAuthMetrics.UNAUTHORIZED_CLIENTS).gauge().value()).isZero();
        }
    }

    @Test
    void theReloadGaugeIsOneWhileAProvidersLatestReloadFailed() throws IOException {
        try (MqttAuth auth = engine()) {
            MqttAuthMetrics.monitor(auth, registry);
            assertThat(registry.find(MqttAuthMetrics.RELOAD_FAILED).gauges())
                    .extracting(g -> g.getId().getTag("provider"))
                    .containsExactlyInAnyOrder("password-file", "acl");
            assertThat(reloadFailed("acl")).isZero();

            Files.writeString(dir.resolve("acl"), "user alice\ntopic sideways sensors/#\n", StandardCharsets.UTF_8);
            assertThat(auth.reload()).isNotEmpty();
            assertThat(reloadFailed("acl")).isEqualTo(1);
            assertThat(reloadFailed("password-file")).isZero();

            Files.writeString(dir.resolve("acl"), "user alice\ntopic write sensors/alice/#\n", StandardCharsets.UTF_8);
            assertThat(auth.reload()).isEmpty();
            assertThat(reloadFailed("acl")).isZero();
        }
    }

    private double reloadFailed(String provider) {
        return registry.get(MqttAuthMetrics.RELOAD_FAILED).tag("provider", provider).gauge().value();
    }

    @Test
    void extraTagsGoOnEveryMeter() throws IOException {
        try (MqttAuth auth = engine()) {
            new MqttAuthMetrics(auth, Tags.of("broker", "edge-1")).bindTo(registry);
            auth.authenticate(ConnectRequest.builder("c2").username("alice").password("wrong").build());
            assertThat(registry.getMeters()).isNotEmpty()
                    .allSatisfy(m -> assertThat(m.getId().getTags()).contains(Tag.of("broker", "edge-1")));
        }
    }

    @Test
    void twoRegistriesEachCountEveryDecision() throws IOException {
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        try (MqttAuth auth = engine()) {
            MqttAuthMetrics.monitor(auth, registry);
            MqttAuthMetrics.monitor(auth, other);
            auth.authenticate(ConnectRequest.builder("c2").username("alice").password("wrong").build());
            assertThat(registry.get(MqttAuthMetrics.CONNECTS).counter().count()).isEqualTo(1);
            assertThat(other.get(MqttAuthMetrics.CONNECTS).counter().count()).isEqualTo(1);
        }
    }

    /**
     * A flood of refused and allowed clients with random client ids, user names, addresses and topics: the number of
     * meters stays what the fixed sets allow, and no tag value is a client id, user name or topic.
     */
    @Test
    void aFloodOfRandomClientsKeepsTheTagsBounded() throws IOException {
        try (MqttAuth auth = engine()) {
            MqttAuthMetrics.monitor(auth, registry);
            Identity alice = auth.authenticate(ConnectRequest.builder("c").username("alice").password("wonderland")
                    .build()).identity().orElseThrow();
            java.util.Random random = new java.util.Random(14);
            Set<String> sent = new TreeSet<>();
            for (int i = 0; i < 5_000; i++) {
                String clientId = "client-" + Long.toHexString(random.nextLong());
                String user = "user-" + Long.toHexString(random.nextLong());
                sent.add(clientId);
                sent.add(user);
                auth.authenticate(ConnectRequest.builder(clientId).username(user).password("p" + i)
                        .remoteAddress(java.net.InetAddress.getByAddress(new byte[] {10, (byte) random.nextInt(),
                                (byte) random.nextInt(), (byte) random.nextInt()}))
                        .build());
                auth.authenticate(ConnectRequest.builder(clientId).build());
                String topic = "sensors/" + (random.nextBoolean() ? "alice" : user) + "/" + i;
                sent.add(topic);
                auth.authorize(alice, random.nextBoolean() ? Action.publish(topic) : Action.subscribe(topic));
            }
            List<Meter> meters = registry.getMeters();
            Set<String> tagValues = new TreeSet<>();
            meters.forEach(m -> m.getId().getTags().forEach(t -> tagValues.add(t.getValue())));
            assertThat(tagValues).doesNotContainAnyElementsOf(sent);
            assertThat(tagValues).allSatisfy(v -> assertThat(v).doesNotStartWith("client-")
                    .doesNotStartWith("user-").doesNotContain("/"));
            // connects: allowed, PASSWORD_MISMATCH... by password-file, and anonymous refused; actions: 2 types x
            // (allowed, NO_MATCHING_RULE); 2 timers; 1 + 2 gauges
            assertThat(registry.find(MqttAuthMetrics.CONNECTS).counters()).hasSizeLessThanOrEqualTo(4);
            assertThat(registry.find(MqttAuthMetrics.AUTHORIZATIONS).counters()).hasSizeLessThanOrEqualTo(4);
            assertThat(meters).hasSizeLessThanOrEqualTo(4 + 4 + 2 + 3);
            assertThat(registry.get(MqttAuthMetrics.UNAUTHORIZED_CLIENTS).gauge().value()).isGreaterThan(5_000);
        }
    }
}
