package io.mqttauth.benchmarks;

import io.moquette.broker.security.ACLFileParser;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Identity;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
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
 * One ACL check (publish or delivery) through the acl provider's public {@link Authorizer}, against Moquette 0.17's
 * ACL ({@code ACLFileParser} / {@code AuthorizationsCollector}) loaded with the same Mosquitto-format rules.
 *
 * <p>The rules are a realistic mix: per-user sections of five rules each (topics of 3 to 7 levels, {@code +} and
 * {@code #}), and a few {@code pattern} lines with {@code %c} and {@code %u}. Deny rules are left out because Moquette
 * has none, and every topic ending in {@code /#} also holds a '-': Moquette's ACLFileParser takes a {@code #} after
 * a run of word characters, spaces, '/' and '+' for a trailing comment and would cut {@code a/b/#} to {@code a/b/}.
 * The file is otherwise identical for both. 64 checks cycle over 16 users spread across the whole file:
 * hits on user rules and patterns, and misses. Setup verifies that both give the same answer to every check.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AclBenchmark {

    private static final int CHECKS = 64;

    @Param({"10", "1000", "100000"})
    int rules;

    private Path dir;
    private Provider provider;
    private Authorizer authorizer;
    private IAuthorizatorPolicy moquette;
    private final Identity[] identities = new Identity[CHECKS];
    private final Action[] actions = new Action[CHECKS];
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException, ParseException {
        int patterns = Math.max(2, Math.min(rules / 100, 50));
        int users = Math.max(1, (rules - patterns) / 5);
        String acl = rules(users, patterns);
        dir = Files.createTempDirectory("acl-benchmark");
        Path file = dir.resolve("acl");
        Files.writeString(file, acl);
        ProviderFactory factory = ServiceLoader.load(ProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("acl")).findFirst().orElseThrow();
        provider = factory.create(ProviderContext.of("acl", Map.of("path", file.toString(), "reload", "off"), dir));
        authorizer = provider.authorizer().orElseThrow();
        moquette = ACLFileParser.parse(new StringReader(acl));

        Random random = new Random(7);
        for (int i = 0; i < CHECKS; i++) {
            int u = (int) ((long) (i % 16) * users / 16);
            String user = "u" + u;
            String clientId = "client-" + u;
            // A broker keeps one Identity per connection, so the checks of one client share one object.
            identities[i] = i < 16 ? Identity.builder(user, ConnectRequest.builder(clientId).username(user)
                    .password("x").build()).provider("password-file").build() : identities[i % 16];
            String t = "t-" + (u % 100);
            actions[i] = switch (i % 8) {
                case 0 -> Action.publish("tenants/" + t + "/users/" + user + "/notes/" + random.nextInt(100), 1,
                        false);
                case 1 -> Action.receive("tenants/" + t + "/devices/d" + random.nextInt(1000) + "/status");
                case 2 -> Action.publish("tenants/" + t + "/devices/d" + u + "/cmd/valve/set");
                case 3 -> Action.receive("fleet/region-" + (u % 7) + "/vehicles/v" + u + "/engine/position/lat");
                case 4 -> Action.publish("devices/" + clientId + "/telemetry/temp");
                case 5 -> Action.receive("site/s0/users/" + user + "/inbox/a");
                // misses: another tenant's user topic, and a topic no rule mentions
                case 6 -> Action.publish("tenants/" + t + "/users/u" + (u + 1) + "/notes/x");
                default -> Action.receive("weather/" + random.nextInt(50) + "/forecast/today");
            };
            if (allowedByUs(i) != allowedByMoquette(i)) {
                throw new IllegalStateException("the two ACLs disagree on " + actions[i] + " for " + user);
            }
        }
    }

    /** Five rules per user, then the patterns; topics of 3 to 7 levels. */
    static String rules(int users, int patterns) {
        StringBuilder sb = new StringBuilder();
        for (int u = 0; u < users; u++) {
            String t = "t-" + (u % 100);
            sb.append("user u").append(u).append('\n')
                    .append("topic readwrite tenants/").append(t).append("/users/u").append(u).append("/#\n")
                    .append("topic read tenants/").append(t).append("/devices/+/status\n")
                    .append("topic write tenants/").append(t).append("/devices/d").append(u).append("/cmd/+/set\n")
                    .append("topic read fleet/region-").append(u % 7).append("/vehicles/v").append(u)
                    .append("/+/position/#\n")
                    .append("topic read news/").append(u % 13).append("/+\n");
        }
        for (int p = 0; p < patterns; p++) {
            sb.append(p % 2 == 0
                    ? "pattern read site/s" + p + "/users/%u/inbox/+\n"
                    : "pattern write devices/%c/telemetry/" + (p == 1 ? "+" : "p" + p) + "\n");
        }
        return sb.toString();
    }

    private boolean allowedByUs(int i) {
        return authorizer.authorize(identities[i], actions[i]) instanceof AuthorizationResult.Allow;
    }

    private boolean allowedByMoquette(int i) {
        String user = identities[i].username().orElseThrow();
        // Moquette's broker makes a new Topic from the packet's topic name for every message (PostOffice), and a
        // Topic parses its levels on first use: that parse is part of its check, as ours is part of ours.
        Topic topic = new Topic(actions[i].topic());
        return actions[i].type() == Action.Type.PUBLISH
                ? moquette.canWrite(topic, user, identities[i].clientId())
                : moquette.canRead(topic, user, identities[i].clientId());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        provider.close();
        Files.deleteIfExists(dir.resolve("acl"));
        Files.deleteIfExists(dir);
    }

    /** Our check, through the public Authorizer (the client's rules are resolved once and cached). */
    @Benchmark
    public AuthorizationResult mqttAuth() {
        int i = next;
        next = (i + 1) & (CHECKS - 1);
        return authorizer.authorize(identities[i], actions[i]);
    }

    /** Moquette 0.17's check on the same rules. */
    @Benchmark
    public boolean moquette() {
        int i = next;
        next = (i + 1) & (CHECKS - 1);
        return allowedByMoquette(i);
    }
}
