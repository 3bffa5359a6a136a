package io.mqttauth.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.mqttauth.Action;
import io.mqttauth.ConnectAttempt;
import io.mqttauth.Decision;
import io.mqttauth.DecisionListener;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Micrometer metrics of an {@link MqttAuth} engine, bound with one call:
 *
 * <pre>{@code
 * MqttAuthMetrics.monitor(auth, registry);
 * }</pre>
 *
 * <p>The meters (see {@code docs/metrics.md}):
 * <ul>
 *   <li>{@value #CONNECTS}: a counter of connect decisions, tagged {@code outcome} ({@code allowed} or
 *       {@code refused}), {@code reason} (a {@link FailureReason#code()}, {@code none} when allowed) and
 *       {@code provider} (the provider or engine step that decided, {@link Decision#provider()});</li>
 *   <li>{@value #AUTHORIZATIONS}: a counter of action decisions, tagged {@code action} ({@code publish},
 *       {@code subscribe}, {@code receive}), {@code outcome} ({@code allowed} or {@code denied}) and
 *       {@code reason};</li>
 *   <li>{@value #PROVIDER_LATENCY}: a timer of each provider's answers, tagged {@code provider} and {@code phase}
 *       ({@code authenticate} or {@code authorize}), so that a slow key set or database shows;</li>
 *   <li>{@value #UNAUTHORIZED_CLIENTS}: a gauge of the entries in the unauthorized-clients log;</li>
 *   <li>{@value #RELOAD_FAILED}: a gauge per reloading source ({@link MqttAuth#reloadProblems()}), tagged
 *       {@code provider}: 1 while the problems of its latest failed reload are in effect, else 0.</li>
 * </ul>
 *
 * <p>Every tag value comes from a fixed set: reason codes, action types, and the provider and engine step names of the
 * configuration. Client ids, user names, addresses and topics are never tags, so the number of time series stays
 * bounded whoever connects. Recording a decision is a few array and map look-ups and an atomic add: no tag is built
 * once a meter exists.
 *
 * <p>Binding adds a {@link DecisionListener} to the engine ({@link MqttAuth#addListener}); it stays for the engine's
 * life. Bind each engine once per registry (a composite registry for several). Thread-safe.
 */
public final class MqttAuthMetrics implements MeterBinder {

    /** The counter of connect decisions. */
    public static final String CONNECTS = "mqtt.auth.connects";
    /** The counter of publish, subscribe and delivery decisions. */
    public static final String AUTHORIZATIONS = "mqtt.auth.authorizations";
    /** The timer of each provider's answers. */
    public static final String PROVIDER_LATENCY = "mqtt.auth.provider.latency";
    /** The gauge of the unauthorized-clients log's entries. */
    public static final String UNAUTHORIZED_CLIENTS = "mqtt.auth.unauthorized.clients";
    /** The gauge, per provider, of whether its latest reload failed. */
    public static final String RELOAD_FAILED = "mqtt.auth.reload.failed";

    private final MqttAuth auth;
    private final Tags tags;

    /** Metrics of {@code auth}, without extra tags. */
    public MqttAuthMetrics(MqttAuth auth) {
        this(auth, Tags.empty());
    }

    /** Metrics of {@code auth}, every meter with {@code tags} too (to tell several engines apart). */
    public MqttAuthMetrics(MqttAuth auth, Iterable<Tag> tags) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.tags = Tags.of(tags);
    }

    /** Binds the metrics of {@code auth} to {@code registry}: the one call an operator needs. */
    public static MqttAuthMetrics monitor(MqttAuth auth, MeterRegistry registry) {
        MqttAuthMetrics metrics = new MqttAuthMetrics(auth);
        metrics.bindTo(registry);
        return metrics;
    }

    /** Registers the gauges and starts counting and timing the engine's decisions in {@code registry}. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Gauge.builder(UNAUTHORIZED_CLIENTS, auth, a -> a.unauthorizedClients().size())
                .tags(tags)
                .description("Entries in the unauthorized-clients log: refused clients by client id, user name and"
                        + " address")
                .baseUnit("clients")
                .register(registry);
        for (String source : auth.reloadProblems().keySet()) {
            Gauge.builder(RELOAD_FAILED, auth, a -> failed(a, source))
                    .tags(tags).tag("provider", source)
                    .description("1 while the problems of the provider's latest failed reload are in effect"
                            + " (it keeps its last good files), else 0")
                    .register(registry);
        }
        auth.addListener(new Recorder(registry, tags));
    }

    private static double failed(MqttAuth auth, String source) {
        List<?> problems = auth.reloadProblems().get(source);
        return problems == null || problems.isEmpty() ? 0 : 1;
    }

    /** The listener that records into one registry; meters are created on first use and kept. */
    private static final class Recorder implements DecisionListener {
        private static final FailureReason[] REASONS = FailureReason.values();
        private static final Action.Type[] TYPES = Action.Type.values();
        /** Index of "allowed" in a per-reason array; the reasons take 0 to REASONS.length - 1. */
        private static final int ALLOWED = REASONS.length;
        private static final PauseDetector NO_PAUSE_DETECTOR = NoPauseDetector.INSTANCE;

        private final MeterRegistry registry;
        private final Tags tags;
        /** Connect counters by deciding provider, then by reason ordinal or {@link #ALLOWED}. */
        private final Map<String, AtomicReferenceArray<Counter>> connects = new ConcurrentHashMap<>();
        /** Action counters by action type, then by reason ordinal or {@link #ALLOWED}. */
        private final AtomicReferenceArray<Counter> authorizations =
                new AtomicReferenceArray<>(TYPES.length * (REASONS.length + 1));
        private final Map<String, Timer> authenticators = new ConcurrentHashMap<>();
        private final Map<String, Timer> authorizers = new ConcurrentHashMap<>();

        Recorder(MeterRegistry registry, Tags tags) {
            this.registry = registry;
            this.tags = tags;
        }

        @Override
        public void connectDecided(ConnectAttempt attempt, Decision decision) {
            String provider = decision.provider();
            AtomicReferenceArray<Counter> byReason = connects.get(provider);
            if (byReason == null) {
                byReason = connects.computeIfAbsent(provider, p -> new AtomicReferenceArray<>(REASONS.length + 1));
            }
            FailureReason reason = decision.reason().orElse(null);
            int i = reason == null ? ALLOWED : reason.ordinal();
            Counter counter = byReason.get(i);
            if (counter == null) {
                counter = Counter.builder(CONNECTS)
                        .tags(tags)
                        .tag("outcome", reason == null ? "allowed" : "refused")
                        .tag("reason", reason == null ? "none" : reason.code())
                        .tag("provider", provider)
                        .description("Connect decisions")
                        .register(registry);
                byReason.set(i, counter);
            }
            counter.increment();
        }

        @Override
        public void actionDecided(Identity identity, Action action, Decision decision) {
            FailureReason reason = decision.reason().orElse(null);
            Action.Type type = action.type();
            int i = type.ordinal() * (REASONS.length + 1) + (reason == null ? ALLOWED : reason.ordinal());
            Counter counter = authorizations.get(i);
            if (counter == null) {
                counter = Counter.builder(AUTHORIZATIONS)
                        .tags(tags)
                        .tag("action", type.name().toLowerCase(Locale.ROOT))
                        .tag("outcome", reason == null ? "allowed" : "denied")
                        .tag("reason", reason == null ? "none" : reason.code())
                        .description("Publish, subscribe and delivery decisions")
                        .register(registry);
                authorizations.set(i, counter);
            }
            counter.increment();
        }

        @Override
        public void authenticatorTimed(String provider, long nanos) {
            timer(authenticators, provider, "authenticate").record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void authorizerTimed(String provider, long nanos) {
            timer(authorizers, provider, "authorize").record(nanos, TimeUnit.NANOSECONDS);
        }

        private Timer timer(Map<String, Timer> timers, String provider, String phase) {
            Timer timer = timers.get(provider);
            return timer != null ? timer : timers.computeIfAbsent(provider, p -> Timer.builder(PROVIDER_LATENCY)
                    .tags(tags)
                    .tag("provider", p)
                    .tag("phase", phase)
                    .description("Time a provider took to answer a connect or an action")
                    // Without pause compensation: no interval estimate (a clock read and a shared ring buffer) per
                    // sample, on the decision's own thread.
                    .pauseDetector(NO_PAUSE_DETECTOR)
                    .register(registry));
        }
    }
}
