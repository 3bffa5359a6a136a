package io.mqttauth.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import io.mqttauth.micrometer.MqttAuthMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@link MqttAuthMetrics} on the hottest decision: one ACL check through {@link MqttAuth#authorize}
 * (engine, acl provider, no authorization cache), without ({@code metrics = none}) and with the binder on a
 * {@link SimpleMeterRegistry} ({@code metrics = micrometer}), which then counts the decision and times the acl
 * provider. The rules and the 64 checks are {@link AclBenchmark}'s with 1,000 rules: hits and misses, so both the
 * allowed and the denied counters are used.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class MetricsBenchmark {

    private static final int CHECKS = 64;

    @Param({"none", "micrometer"})
    String metrics;

    private Path dir;
    private MqttAuth auth;
    private final Identity[] identities = new Identity[CHECKS];
    private final Action[] actions = new Action[CHECKS];
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        int rules = 1000;
        int patterns = 10;
        int users = (rules - patterns) / 5;
        dir = Files.createTempDirectory("metrics-benchmark");
        Files.writeString(dir.resolve("acl"), AclBenchmark.rules(users, patterns));
        Files.writeString(dir.resolve("mqtt-auth.properties"), """
                authorizers = acl
                acl.path = acl
                acl.format = mosquitto
                acl.reload = off
                """);
        auth = MqttAuth.fromFile(dir.resolve("mqtt-auth.properties"));
        if (metrics.equals("micrometer")) {
            MqttAuthMetrics.monitor(auth, new SimpleMeterRegistry());
        }
        Random random = new Random(7);
        for (int i = 0; i < CHECKS; i++) {
            int u = (int) ((long) (i % 16) * users / 16);
            String user = "u" + u;
            String clientId = "client-" + u;
            identities[i] = i < 16 ? Identity.builder(user, ConnectRequest.builder(clientId).username(user)
                    .password("x").build()).provider("password-file").build() : identities[i % 16];
            String t = "t-" + (u % 100);
            actions[i] = switch (i % 4) {
                case 0 -> Action.publish("tenants/" + t + "/users/" + user + "/notes/" + random.nextInt(100), 1,
                        false);
                case 1 -> Action.receive("tenants/" + t + "/devices/d" + random.nextInt(1000) + "/status");
                case 2 -> Action.publish("tenants/" + t + "/users/u" + (u + 1) + "/notes/x");
                default -> Action.receive("weather/" + random.nextInt(50) + "/forecast/today");
            };
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        auth.close();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** One ACL check through the engine; with the binder, also counted and timed. */
    @Benchmark
    public Decision authorize() {
        int i = next;
        next = (i + 1) & (CHECKS - 1);
        return auth.authorize(identities[i], actions[i]);
    }
}
