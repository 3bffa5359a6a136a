package io.mqttauth;

import io.mqttauth.internal.AuthorizationCache;
import io.mqttauth.internal.BanList;
import io.mqttauth.internal.Configuration;
import io.mqttauth.internal.SniHosts;
import io.mqttauth.internal.Throttle;
import io.mqttauth.internal.Throwables;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.WatchedFile;
import jakarta.annotation.Nullable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The single entry point a broker calls: it runs the ban list, the brute-force throttle, the TLS policy, the
 * authenticators and the anonymous policy for a connect, and the expiry and superuser checks, the identity's own permissions and the authorizers for an
 * action, and returns a {@link Decision} that explains itself. Thread-safe; decision calls take no global lock and
 * never throw.
 *
 * <pre>{@code
 * MqttAuth auth = MqttAuth.fromFile(Path.of("mqtt-auth.properties"));
 * Decision connect = auth.authenticate(ConnectRequest.builder("sensor-1").username("alice").password("s3cret").build());
 * if (connect.isAllowed()) {
 *     Identity alice = connect.identity().orElseThrow();
 *     boolean mayPublish = auth.authorize(alice, Action.publish("sensors/1/temp")).isAllowed();
 * } else {
 *     int connackCode = connect.codeFor(MqttVersion.V5);   // e.g. 0x87
 * }
 * }</pre>
 *
 * <p>A broker whose I/O threads must never wait on a slow provider (hashing a password, a database) calls
 * {@link #authenticateAsync} and {@link #authorizeAsync} with an executor for such work: what is cheap is still decided
 * on the calling thread, and only providers that {@linkplain Authenticator#mayBlock() may block} run on the executor.
 */
public final class MqttAuth implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MqttAuth.class.getName());
    private static final String SHARE_PREFIX = "$share/";

    private final List<Named<Authenticator>> authenticators;
    private final List<Named<Authorizer>> authorizers;
    private final List<Named<Provider>> providers;
    private final boolean anonymousAllowed;
    private final Set<String> superusers;
    private final boolean noMatchAllows;
    private final @Nullable WatchedFile<BanList> banList;
    private final boolean tlsRequired;
    private final @Nullable SniHosts sniHosts;
    private final Map<FailureReason, ReasonCodes> codes;
    private final UnauthorizedClients unauthorizedClients;
    /** Replaced, never changed, by {@link #addListener}: a decision reads it once. */
    private volatile DecisionListener[] listeners;
    private final @Nullable AuthorizationCache authorizationCache;
    private final @Nullable Throttle throttle;
    private final Clock clock;
    private final boolean authenticationMayBlock;
    private final boolean authorizationMayBlock;
    private final boolean secretInUsername;

    private record Named<T>(String name, T value) {
    }

    private MqttAuth(Builder b, List<Named<Provider>> providers, List<Named<Authenticator>> authenticators,
            List<Named<Authorizer>> authorizers, @Nullable WatchedFile<BanList> banList,
            @Nullable AuthorizationCache cache, @Nullable Throttle throttle) {
        this.providers = List.copyOf(providers);
        this.authenticators = List.copyOf(authenticators);
        this.authorizers = List.copyOf(authorizers);
        this.anonymousAllowed = b.anonymousAllowed;
        this.superusers = Set.copyOf(b.superusers);
        this.noMatchAllows = b.noMatchAllows;
        this.banList = banList;
        this.tlsRequired = b.tlsRequired;
        this.sniHosts = b.sniHosts;
        EnumMap<FailureReason, ReasonCodes> all = new EnumMap<>(FailureReason.class);
        for (FailureReason r : FailureReason.values()) {
            all.put(r, b.codeOverrides.getOrDefault(r, r.defaultCodes()));
        }
        this.codes = all;
        this.unauthorizedClients = new UnauthorizedClients(b.unauthorizedLogSize, b.unauthorizedLogRetention,
                b.unauthorizedLogMemory, b.unauthorizedLogStringLimit, b.clock);
        this.listeners = b.listeners.toArray(new DecisionListener[0]);
        this.authorizationCache = cache;
        this.throttle = throttle;
        this.clock = b.clock;
        this.authenticationMayBlock = this.authenticators.stream().anyMatch(a -> a.value().mayBlock());
        this.authorizationMayBlock = this.authorizers.stream().anyMatch(a -> a.value().mayBlock());
        this.secretInUsername = this.authenticators.stream().anyMatch(a -> a.value().secretInUsername());
    }

    /** Starts a programmatic configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds the engine from a properties file (see {@code docs/configuration.md}); relative paths in it resolve
     * against its folder.
     *
     * @throws ConfigurationException listing every problem, each with its key or file and line, and the fix
     */
    public static MqttAuth fromFile(Path file) {
        return builder().configuration(file).build();
    }

    /**
     * Decides a connect, running the authenticators on the calling thread (see {@link #authenticateAsync} for I/O
     * threads). Never throws: a provider that fails yields {@link FailureReason#INTERNAL_ERROR}.
     */
    public Decision authenticate(ConnectRequest request) {
        Objects.requireNonNull(request, "request");
        Decision screened = screenConnect(request);
        return connectDecided(request, screened != null ? screened : runAuthenticators(request, false));
    }

    /**
     * Decides a connect like {@link #authenticate} (the same decision, listeners and unauthorized-clients log) without
     * making the calling I/O thread wait on an authenticator that {@linkplain Authenticator#mayBlock() may block}. A
     * malformed or banned connect, one the TLS policy refuses, every connect when no authenticator may block, and one
     * that every authenticator asked can decide {@linkplain Authenticator#authenticateWithoutBlocking without
     * blocking} (a cache hit), is decided on the calling thread and returned as a completed future; otherwise the
     * authenticators run on {@code executor}. The future never
     * completes exceptionally: if the executor rejects the work, the decision is
     * {@link FailureReason#PROVIDER_UNAVAILABLE}.
     */
    public CompletableFuture<Decision> authenticateAsync(ConnectRequest request, Executor executor) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(executor, "executor");
        Decision screened = screenConnect(request);
        if (screened != null) {
            return CompletableFuture.completedFuture(connectDecided(request, screened));
        }
        Decision quick = authenticationMayBlock ? runAuthenticators(request, true) : null;
        if (quick != null) {
            return CompletableFuture.completedFuture(connectDecided(request, quick));
        }
        return decideOn(executor, authenticationMayBlock,
                () -> connectDecided(request, runAuthenticators(request, false)),
                () -> connectDecided(request, rejected(null, null)));
    }

    /**
     * {@code request} as it may be shown and kept, to log it: without its secrets, and with
     * {@link ConnectAttempt#HIDDEN_USERNAME} for the user name when an authenticator
     * {@linkplain Authenticator#secretInUsername() reads a secret from it}.
     */
    public ConnectAttempt attempt(ConnectRequest request) {
        return ConnectAttempt.of(request, secretInUsername);
    }

    /**
     * Hides a user name that may be a secret from the decision's details, records a refusal in the
     * unauthorized-clients log and tells the listeners.
     */
    private Decision connectDecided(ConnectRequest request, Decision decided) {
        String username = request.username().orElse(null);
        Decision decision = secretInUsername && username != null
                ? decided.hiding(username, ConnectAttempt.HIDDEN_USERNAME) : decided;
        ConnectAttempt attempt = attempt(request);
        if (!decision.isAllowed()) {
            FailureReason reason = decision.reason().orElseThrow();
            if (throttle != null) {
                throttle.refused(request, reason);
            }
            unauthorizedClients.record(attempt, reason, decision.detail());
            LOG.log(System.Logger.Level.DEBUG, "refused {0}: {1}", attempt, decision);
        }
        for (DecisionListener l : listeners) {
            try {
                l.connectDecided(attempt, decision);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "decision listener failed", Throwables.withoutMessages(e));
            }
        }
        return decision;
    }

    /**
     * The refusals that need no authenticator: malformed credentials, the ban list, the throttle and the TLS policy;
     * null when the authenticators must decide.
     */
    private @Nullable Decision screenConnect(ConnectRequest request) {
        String malformed = malformedCredentials(request);
        if (malformed != null) {
            return refuse(FailureReason.MALFORMED_CREDENTIALS, null, "connect", malformed, new ArrayList<>(1));
        }
        if (banList != null) {
            String ban = banList.current().match(request);
            if (ban != null) {
                return refuse(FailureReason.BANNED, null, "ban-list", ban + " (" + banList.path() + ")",
                        new ArrayList<>(1));
            }
        }
        if (throttle != null) {
            String blocked = throttle.blocked(request);
            if (blocked != null) {
                return refuse(FailureReason.THROTTLED, null, "throttle", blocked, new ArrayList<>(1));
            }
        }
        return screenTls(request);
    }

    /**
     * {@code tls.required} for a connection without TLS, {@code tls.sni-hosts} for one with TLS; null when the
     * connection satisfies both.
     */
    private @Nullable Decision screenTls(ConnectRequest request) {
        TlsFacts tls = request.tls().orElse(null);
        if (tls == null) {
            return !tlsRequired ? null : refuse(FailureReason.TLS_REQUIRED, null, "tls", "the client connected without "
                    + "TLS" + request.listener().map(l -> " on listener " + SafeText.quote(l)).orElse("")
                    + "; tls.required = true", new ArrayList<>(1));
        }
        if (sniHosts == null) {
            return null;
        }
        String sni = tls.sniHostName();
        String over = "the client connected over TLS" + (tls.protocol() == null ? "" : " (" + tls.protocol() + ")");
        if (sni == null || sni.isEmpty()) {
            return refuse(FailureReason.SNI_MISSING, null, "tls", over + " and sent no SNI; tls.sni-hosts allows "
                    + sniHosts, new ArrayList<>(1));
        }
        if (!sniHosts.allows(sni)) {
            String address = SniHosts.isAddressLiteral(sni)
                    ? " (an IP address, which is not a valid SNI: connect by host name)" : "";
            return refuse(FailureReason.SNI_NOT_ALLOWED, null, "tls", over + " with SNI " + SafeText.quote(sni)
                    + address
                    + ", which tls.sni-hosts does not allow; it allows " + sniHosts, new ArrayList<>(1));
        }
        return null;
    }

    /**
     * The authenticators in chain order, then the anonymous policy. {@code withoutBlocking}: each is asked only for
     * what it can decide without waiting, and the result is null as soon as one cannot.
     */
    private @Nullable Decision runAuthenticators(ConnectRequest request, boolean withoutBlocking) {
        List<Decision.Step> trail = new ArrayList<>(authenticators.size() + 1);
        FailureReason unknownReason = null;
        boolean unknownRecognized = false;
        String unknownProvider = null;
        String unknownDetail = null;
        DecisionListener[] timed = listeners;
        for (Named<Authenticator> a : authenticators) {
            AuthenticationResult result;
            long started = timed.length == 0 ? 0 : System.nanoTime();
            try {
                if (withoutBlocking) {
                    result = a.value().authenticateWithoutBlocking(request).orElse(null);
                    if (result == null) {
                        return null;
                    }
                } else {
                    result = a.value().authenticate(request);
                }
            } catch (RuntimeException | StackOverflowError e) {
                timed(timed, a.name(), started, false);
                LOG.log(System.Logger.Level.ERROR, a.name() + " failed on " + attempt(request),
                        Throwables.withoutMessages(e));
                return refuse(FailureReason.INTERNAL_ERROR, null, a.name(),
                        "the provider failed: " + e.getClass().getName(), trail);
            }
            timed(timed, a.name(), started, false);
            if (result == null) {
                return refuse(FailureReason.INTERNAL_ERROR, null, a.name(), "the provider returned no result", trail);
            }
            if (result instanceof AuthenticationResult.Success s) {
                Identity identity = s.identity().acceptedBy(a.name(),
                        s.identity().isSuperuser() || superusers.contains(s.identity().name()));
                trail.add(new Decision.Step(a.name(), "SUCCESS", null, s.detail()));
                return Decision.allow(identity, null, a.name(), s.detail(), trail, clock.instant());
            }
            if (result instanceof AuthenticationResult.Refusal r) {
                return refuse(r.reason(), null, a.name(), r.detail(), trail);
            }
            AuthenticationResult.Abstain ab = (AuthenticationResult.Abstain) result;
            trail.add(new Decision.Step(a.name(), "ABSTAIN", ab.reason(), ab.detail()));
            // The reason of a provider that knew the credentials' kind (an unknown user) beats that of one whose kind
            // they were not (a password that is not a token); otherwise the first reason stands.
            if (ab.reason() != null && (unknownReason == null || ab.recognized() && !unknownRecognized)) {
                unknownRecognized = ab.recognized();
                unknownReason = ab.reason();
                unknownProvider = a.name();
                unknownDetail = ab.detail();
            }
        }
        if (request.isAnonymous() && anonymousAllowed) {
            String detail = "no username sent and no authenticator claimed the client; anonymous = allow";
            trail.add(new Decision.Step("anonymous", "SUCCESS", null, detail));
            return Decision.allow(Identity.anonymous(request), null, "anonymous", detail, trail, clock.instant());
        }
        if (unknownReason != null) {
            // The provider's ABSTAIN step, with this reason, is already in the trail.
            return Decision.deny(unknownReason, codesOf(unknownReason, null), null, null, unknownProvider,
                    unknownDetail, trail, clock.instant());
        }
        if (request.isAnonymous()) {
            return refuse(FailureReason.ANONYMOUS_NOT_ALLOWED, null, "anonymous",
                    "no username sent, no authenticator accepted the client, and anonymous = deny", trail);
        }
        return refuse(FailureReason.NO_CREDENTIALS_FOUND, null, "chain",
                authenticators.isEmpty()
                        ? "no authenticators are configured, so no credentials can be found for user "
                                + SafeText.quote(request.username().orElse(""))
                        : "no authenticator knows user " + SafeText.quote(request.username().orElse("")),
                trail);
    }

    /** MQTT rules the CONNECT must satisfy before any provider looks at it; returns the problem or null. */
    private static @Nullable String malformedCredentials(ConnectRequest request) {
        if (request.hasPassword() && request.isAnonymous() && request.mqttVersion() != MqttVersion.V5) {
            return "a password without a user name is not allowed in MQTT 3.1.1 [MQTT-3.1.2-22]";
        }
        String username = request.username().orElse(null);
        if (username != null && !Topics.isWellFormedMqttString(username)) {
            return "the user name is not a well-formed MQTT UTF-8 string (it contains U+0000 or an unpaired surrogate)"
                    + " [MQTT-1.5.3]";
        }
        if (!Topics.isWellFormedMqttString(request.clientId())) {
            return "the client id is not a well-formed MQTT UTF-8 string (it contains U+0000 or an unpaired surrogate)"
                    + " [MQTT-1.5.3]";
        }
        if (username != null && !Topics.fitsMqttString(username) || !Topics.fitsMqttString(request.clientId())) {
            return "the " + (username != null && !Topics.fitsMqttString(username) ? "user name" : "client id")
                    + " is longer than 65,535 UTF-8 bytes, which no MQTT packet can carry [MQTT-1.5.3]";
        }
        return null;
    }

    /**
     * Decides a publish, subscribe or delivery for an identity. Never throws: an identity whose
     * {@link Identity#expiresAt()} is now or past is {@link FailureReason#IDENTITY_EXPIRED} whatever it asks, an invalid
     * topic is {@link FailureReason#INVALID_TOPIC}, a failing provider {@link FailureReason#INTERNAL_ERROR}.
     *
     * <p>A SUBSCRIBE to a shared subscription {@code $share/NAME/FILTER} (MQTT 5) is checked by the identity's
     * permissions, the cache and the authorizers as a subscription to {@code FILTER}; the decision reports the shared
     * subscription asked for. A malformed one ({@code $share/NAME} without a filter, a NAME that is empty or contains
     * {@code +} or {@code #}) is {@link FailureReason#INVALID_TOPIC}.
     */
    public Decision authorize(Identity identity, Action action) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(action, "action");
        Action checked = checkedAction(action);
        Decision screened = screenAction(identity, action, checked);
        // Unless screened, checked is not null: screenAction refuses a malformed shared subscription.
        return actionDecided(identity, action, screened != null ? screened : runChain(identity, action, checked));
    }

    /**
     * Decides an action like {@link #authorize} (the same decision and listeners) without making the calling I/O
     * thread wait on an authorizer that {@linkplain Authorizer#mayBlock() may block}. An expired identity, an invalid
     * topic or malformed shared subscription, a superuser, the identity's own permissions, an authorization-cache hit,
     * every action when no authorizer may block, and one that every authorizer asked can decide
     * {@linkplain Authorizer#authorizeWithoutBlocking without blocking} (a cache hit), are decided on the calling
     * thread and returned as a completed future; otherwise the authorizers run on {@code executor}. The future never
     * completes exceptionally: if the executor rejects the work, the decision is
     * {@link FailureReason#PROVIDER_UNAVAILABLE}.
     */
    public CompletableFuture<Decision> authorizeAsync(Identity identity, Action action, Executor executor) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(executor, "executor");
        Action checked = checkedAction(action);
        Decision screened = screenAction(identity, action, checked);
        if (screened != null) {
            return CompletableFuture.completedFuture(actionDecided(identity, action, screened));
        }
        Decision quick = authorizationMayBlock ? runAuthorizers(identity, checked, true) : null;
        if (quick != null) {
            Decision decided = authorizationCache == null ? quick
                    : authorizationCache.compute(identity, checked, () -> quick);
            return CompletableFuture.completedFuture(actionDecided(identity, action, asAsked(decided, action, checked)));
        }
        return decideOn(executor, authorizationMayBlock,
                () -> actionDecided(identity, action, runChain(identity, action, checked)),
                () -> actionDecided(identity, action, rejected(identity, action)));
    }

    /** Tells the listeners. */
    private Decision actionDecided(Identity identity, Action action, Decision decision) {
        for (DecisionListener l : listeners) {
            try {
                l.actionDecided(identity, action, decision);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "decision listener failed", Throwables.withoutMessages(e));
            }
        }
        return decision;
    }

    /**
     * The decisions that need no authorizer: an expired identity, an invalid topic or malformed shared subscription
     * ({@code checked} null), a superuser, the identity's own permissions, a cached decision; null when the
     * authorizers must decide.
     */
    private @Nullable Decision screenAction(Identity identity, Action action, @Nullable Action checked) {
        Instant expiry = identity.expiresAt().orElse(null);
        if (expiry != null && !expiry.isAfter(clock.instant())) {
            return refuse(FailureReason.IDENTITY_EXPIRED, action, identity, "expiry", "the identity "
                    + SafeText.quote(identity.name()) + " expired at " + expiry
                    + "; the broker should have disconnected it then",
                    new ArrayList<>(1));
        }
        if (checked == null) {
            return refuse(FailureReason.INVALID_TOPIC, action, identity, "topic", "not a valid shared subscription: "
                    + SafeText.quote(action.topic()) + "; write $share/NAME/FILTER, NAME at least one character "
                    + "without /, + or #, "
                    + "FILTER a valid topic filter [MQTT-4.8.2-1] [MQTT-4.8.2-2]", new ArrayList<>(1));
        }
        boolean filter = action.type() == Action.Type.SUBSCRIBE;
        if (filter ? !Topics.isValidFilter(action.topic()) : !Topics.isValidTopicName(action.topic())) {
            return refuse(FailureReason.INVALID_TOPIC, action, identity, "topic",
                    (filter ? "not a valid topic filter: " : "not a valid topic name: ")
                            + SafeText.quote(action.topic()),
                    new ArrayList<>(1));
        }
        if (identity.isSuperuser()) {
            String detail = SafeText.quote(identity.name()) + " is a superuser";
            return Decision.allow(identity, action, "superusers", detail,
                    List.of(new Decision.Step("superusers", "ALLOW", null, detail)), clock.instant());
        }
        Decision known = byPermissions(identity, checked);
        if (known == null && authorizationCache != null) {
            known = authorizationCache.getIfPresent(identity, checked);
        }
        return known == null ? null : asAsked(known, action, checked);
    }

    /**
     * The action the rules check: for a SUBSCRIBE to a shared subscription {@code $share/NAME/FILTER} (MQTT 5.0
     * section 4.8.2), the subscription to FILTER with the prefix removed once; any other action itself; {@code null}
     * for a malformed shared subscription.
     */
    private static @Nullable Action checkedAction(Action action) {
        String topic = action.topic();
        if (action.type() != Action.Type.SUBSCRIBE || !topic.startsWith(SHARE_PREFIX)) {
            return action;
        }
        int slash = topic.indexOf('/', SHARE_PREFIX.length());
        if (slash <= SHARE_PREFIX.length()) {
            return null; // an empty NAME, or no "/" after it
        }
        for (int i = SHARE_PREFIX.length(); i < slash; i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                return null;
            }
        }
        String filter = topic.substring(slash + 1);
        // The whole must be valid too: NAME well-formed, the length within the limit.
        return Topics.isValidFilter(filter) && Topics.isValidFilter(topic) ? Action.subscribe(filter, action.qos())
                : null;
    }

    /** A decision made for the {@code checked} action, reported for the {@code action} asked for. */
    private static Decision asAsked(Decision decision, Action action, Action checked) {
        return checked == action ? decision : decision.askedAs(action);
    }

    /** The decision of the first of the identity's own permissions that applies, or null. */
    private @Nullable Decision byPermissions(Identity identity, Action action) {
        for (Permission p : identity.permissions()) {
            boolean applies = p.allow() || action.type() != Action.Type.SUBSCRIBE
                    ? p.appliesTo(action)
                    : p.actions().contains(action.type()) && Topics.intersects(p.topicFilter(), action.topic());
            if (applies) {
                String source = "identity:" + identity.provider();
                String detail = "permission \"" + p + "\" carried by the identity";
                List<Decision.Step> trail = new ArrayList<>(1);
                if (p.allow()) {
                    trail.add(new Decision.Step(source, "ALLOW", null, detail));
                    return Decision.allow(identity, action, source, detail, trail, clock.instant());
                }
                return refuse(FailureReason.DENIED_BY_RULE, action, identity, source, detail, trail);
            }
        }
        return null;
    }

    /** The authorizers for the {@code checked} action, their decision cached when the cache is on. */
    private Decision runChain(Identity identity, Action action, Action checked) {
        Decision decision = authorizationCache == null ? runAuthorizers(identity, checked, false)
                : authorizationCache.compute(identity, checked, () -> runAuthorizers(identity, checked, false));
        return asAsked(decision, action, checked);
    }

    /**
     * The decision of {@code work}: made on this thread when it cannot block, else on {@code executor}; if the
     * executor rejects the work, {@code rejected}'s.
     */
    private static CompletableFuture<Decision> decideOn(Executor executor, boolean mayBlock, Supplier<Decision> work,
            Supplier<Decision> rejected) {
        if (!mayBlock) {
            return CompletableFuture.completedFuture(work.get());
        }
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(rejected.get());
        }
    }

    /** The refusal of a connect ({@code action} null) or action whose providers the executor would not run. */
    private Decision rejected(@Nullable Identity identity, @Nullable Action action) {
        return refuse(FailureReason.PROVIDER_UNAVAILABLE, action, identity, "executor", "the executor refused to run the "
                + (action == null ? "authenticators" : "authorizers") + " (RejectedExecutionException): the broker is "
                + "overloaded or shutting down", new ArrayList<>(1));
    }

    /**
     * The authorizers in chain order, then the no-match policy. {@code withoutBlocking}: each is asked only for what it
     * can decide without waiting, and the result is null as soon as one cannot.
     */
    private @Nullable Decision runAuthorizers(Identity identity, Action action, boolean withoutBlocking) {
        List<Decision.Step> trail = new ArrayList<>(authorizers.size() + 1);
        DecisionListener[] timed = listeners;
        for (Named<Authorizer> a : authorizers) {
            AuthorizationResult result;
            long started = timed.length == 0 ? 0 : System.nanoTime();
            try {
                if (withoutBlocking) {
                    result = a.value().authorizeWithoutBlocking(identity, action).orElse(null);
                    if (result == null) {
                        return null;
                    }
                } else {
                    result = a.value().authorize(identity, action);
                }
            } catch (RuntimeException | StackOverflowError e) {
                timed(timed, a.name(), started, true);
                LOG.log(System.Logger.Level.ERROR, a.name() + " failed on " + action + " for " + identity,
                        Throwables.withoutMessages(e));
                return refuse(FailureReason.INTERNAL_ERROR, action, identity, a.name(),
                        "the provider failed: " + e.getClass().getName(), trail);
            }
            timed(timed, a.name(), started, true);
            if (result == null) {
                return refuse(FailureReason.INTERNAL_ERROR, action, identity, a.name(),
                        "the provider returned no result", trail);
            }
            if (result instanceof AuthorizationResult.Allow al) {
                trail.add(new Decision.Step(a.name(), "ALLOW", null, al.detail()));
                return Decision.allow(identity, action, a.name(), al.detail(), trail, clock.instant());
            }
            if (result instanceof AuthorizationResult.Deny d) {
                return refuse(d.reason(), action, identity, a.name(), d.detail(), trail);
            }
            trail.add(new Decision.Step(a.name(), "ABSTAIN", null, result.detail()));
        }
        String why = authorizers.isEmpty() ? "no authorizers are configured" : "no authorizer has a rule for it";
        if (noMatchAllows) {
            String detail = why + "; authorization.no-match = allow";
            trail.add(new Decision.Step("no-match", "ALLOW", null, detail));
            return Decision.allow(identity, action, "no-match", detail, trail, clock.instant());
        }
        return refuse(FailureReason.NO_MATCHING_RULE, action, identity, "no-match",
                why + "; authorization.no-match = deny", trail);
    }

    /**
     * Tells {@code listeners} how long provider {@code name} took since {@code started} ({@link System#nanoTime}); no
     * clock is read when there are no listeners.
     */
    private static void timed(DecisionListener[] listeners, String name, long started, boolean authorizer) {
        if (listeners.length == 0) {
            return;
        }
        long nanos = System.nanoTime() - started;
        for (DecisionListener l : listeners) {
            try {
                if (authorizer) {
                    l.authorizerTimed(name, nanos);
                } else {
                    l.authenticatorTimed(name, nanos);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "decision listener failed", Throwables.withoutMessages(e));
            }
        }
    }

    /**
     * Tells {@code listener} of every decision from now on, after the listeners given to the builder: for what is
     * attached to an engine already built, such as metrics. A decision under way when this is called may or may not
     * be told. Listeners cannot be removed.
     */
    public void addListener(DecisionListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            DecisionListener[] more = Arrays.copyOf(listeners, listeners.length + 1);
            more[more.length - 1] = listener;
            listeners = more;
        }
    }

    private Decision refuse(FailureReason reason, @Nullable Action action, String provider, String detail,
            List<Decision.Step> trail) {
        return refuse(reason, action, null, provider, detail, trail);
    }

    private Decision refuse(FailureReason reason, @Nullable Action action, @Nullable Identity identity,
            String provider, String detail, List<Decision.Step> trail) {
        trail.add(new Decision.Step(provider, action == null ? "REFUSE" : "DENY", reason, detail));
        return Decision.deny(reason, codesOf(reason, action), identity, action, provider, detail, trail,
                clock.instant());
    }

    /** The MQTT codes in force for a reason: the operator's override, or the default. */
    public ReasonCodes codesOf(FailureReason reason) {
        return codes.get(reason);
    }

    private ReasonCodes codesOf(FailureReason reason, @Nullable Action action) {
        ReasonCodes c = codes.get(reason);
        // MQTT 5 distinguishes "topic filter invalid" (SUBACK 0x8F) from "topic name invalid" (PUBACK 0x90).
        if (reason == FailureReason.INVALID_TOPIC && action != null && action.type() == Action.Type.SUBSCRIBE
                && c.equals(reason.defaultCodes())) {
            return ReasonCodes.ack(0x8F);
        }
        // A connect or server reason refusing an action (a failing or unavailable authorizer): CONNACK codes such as
        // 0x88, and 3.1.1 return codes, do not exist in PUBACK/SUBACK, so keep only the codes both acks have.
        if (action != null && !reason.isAuthorization()) {
            return ReasonCodes.ack(c.mqtt5() == 0x83 || c.mqtt5() == 0x87 ? c.mqtt5() : 0x80);
        }
        return c;
    }

    /** The log of refused connections. */
    public UnauthorizedClients unauthorizedClients() {
        return unauthorizedClients;
    }

    /** The configured authenticator names, in chain order. */
    public List<String> authenticatorNames() {
        return authenticators.stream().map(Named::name).toList();
    }

    /** The configured authorizer names, in chain order. */
    public List<String> authorizerNames() {
        return authorizers.stream().map(Named::name).toList();
    }

    /**
     * Re-reads every provider's files and the ban list now. Broken files keep their last good version.
     *
     * @return the problems found, each with file and line; empty if everything reloaded
     */
    public List<ConfigurationProblem> reload() {
        List<ConfigurationProblem> problems = new ArrayList<>();
        if (banList != null) {
            problems.addAll(banList.reload());
        }
        for (Named<Provider> p : providers) {
            try {
                problems.addAll(p.value().reload());
            } catch (RuntimeException e) {
                problems.add(providerFailed(p.name(), "reloading", e));
            }
        }
        invalidateCaches();
        return problems;
    }

    /** A provider's problems, or the problem of its failing to list them. */
    private static List<ConfigurationProblem> problemsOf(Named<Provider> p) {
        try {
            return p.value().problems();
        } catch (RuntimeException e) {
            return List.of(providerFailed(p.name(), "listing its problems", e));
        }
    }

    /**
     * A provider's unexpected exception as a problem, logged with its stack trace but without messages (they may quote
     * a secret): the other providers are still reloaded or asked, and the caller gets a list, not an exception.
     */
    private static ConfigurationProblem providerFailed(String provider, String doing, RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "provider " + provider + " failed while " + doing,
                Throwables.withoutMessages(e));
        return new ConfigurationProblem(null, 0, null, "provider " + provider + " failed while " + doing + ": "
                + e.getClass().getName(), "see the error logged with it; this is a bug of the provider, which goes "
                + "on with what it had");
    }

    /**
     * Forgets everything cached about one user, so that the next decision reads the source again: each provider's
     * entries for the user (a database provider's cached row and rules) and the authorization cache. For operators and
     * tools that change a user in a shared store (a revoked device) and must not wait for the cache to expire.
     */
    public void invalidate(String username) {
        Objects.requireNonNull(username, "username");
        for (Named<Provider> p : providers) {
            try {
                p.value().invalidate(username);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "invalidating a user in provider " + p.name(),
                        Throwables.withoutMessages(e));
            }
        }
        invalidateCaches();
    }

    /** The problems of the latest failed reloads that are still in effect; empty when every file is in force. */
    public List<ConfigurationProblem> problems() {
        List<ConfigurationProblem> problems = new ArrayList<>();
        if (banList != null) {
            problems.addAll(banList.problems());
        }
        for (Named<Provider> p : providers) {
            problems.addAll(problemsOf(p));
        }
        return problems;
    }

    /**
     * Every source that reloads, by name: {@code ban-list} when a ban list is configured, then each provider created
     * from the configuration; each with the problems of its latest failed reload that are still in effect, empty when
     * its files are in force. {@link #problems()} is all of them together, in the same order.
     */
    public Map<String, List<ConfigurationProblem>> reloadProblems() {
        Map<String, List<ConfigurationProblem>> bySource = new LinkedHashMap<>();
        if (banList != null) {
            bySource.put("ban-list", List.copyOf(banList.problems()));
        }
        for (Named<Provider> p : providers) {
            bySource.put(p.name(), List.copyOf(problemsOf(p)));
        }
        return bySource;
    }

    private void invalidateCaches() {
        if (authorizationCache != null) {
            authorizationCache.invalidate();
        }
    }

    /** Stops watching files and closes every provider. */
    @Override
    public void close() {
        if (banList != null) {
            banList.close();
        }
        for (Named<Provider> p : providers) {
            try {
                p.value().close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing provider " + p.name(), Throwables.withoutMessages(e));
            }
        }
    }

    /**
     * Configures an {@link MqttAuth}. Defaults: no authenticators or authorizers, anonymous denied, no superusers, no
     * ban list, TLS not required, no SNI check, unmatched actions denied, default reason codes, an unauthorized-clients
     * log of 10,000 entries and 16 MiB kept for 24 hours, no authorization cache, no throttling, the system clock.
     */
    public static final class Builder {
        private final Map<String, Authenticator> authenticators = new LinkedHashMap<>();
        private final Map<String, Authorizer> authorizers = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> providerConfigs = new LinkedHashMap<>();
        private final List<String> authenticatorOrder = new ArrayList<>();
        private final List<String> authorizerOrder = new ArrayList<>();
        private boolean anonymousAllowed;
        private final Set<String> superusers = new LinkedHashSet<>();
        private boolean noMatchAllows;
        private @Nullable Path banFile;
        private String banReload = "watch";
        private boolean tlsRequired;
        private @Nullable SniHosts sniHosts;
        private final Map<FailureReason, ReasonCodes> codeOverrides = new EnumMap<>(FailureReason.class);
        private long unauthorizedLogSize = 10_000;
        private Duration unauthorizedLogRetention = Duration.ofHours(24);
        private long authorizationCacheSize;
        private Duration authorizationCacheExpiry = Duration.ofMinutes(10);
        private long authorizationCacheMemory = 64L << 20;
        private int authorizationCacheStringLimit = 1024;
        private long unauthorizedLogMemory = 16L << 20;
        private int unauthorizedLogStringLimit = 1024;
        private int throttleFailures;
        private Duration throttleWindow = Duration.ofMinutes(1);
        private Duration throttleBlock = Duration.ofMinutes(5);
        private List<String> throttleBy = List.of("username", "address");
        private long throttleMemory = 16L << 20;
        private final List<DecisionListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Path baseDirectory = Path.of("").toAbsolutePath();
        private ClassLoader classLoader = MqttAuth.class.getClassLoader();
        private final Set<String> hostKeys = new LinkedHashSet<>();
        private @Nullable Path configurationFile;

        private Builder() {
        }

        /**
         * Reads the configuration from a properties file when {@link #build()} runs. Relative paths resolve against the
         * file's folder. A key set in the file replaces what the builder set for the same thing (superusers are added);
         * providers listed in the file come after authenticators and authorizers added to the builder; keys the file does not set leave
         * the builder's settings alone.
         */
        public Builder configuration(Path file) {
            this.configurationFile = file.toAbsolutePath().normalize();
            this.baseDirectory = configurationFile.getParent();
            return this;
        }

        /** Adds an authenticator instance at the end of the chain. */
        public Builder authenticator(String name, Authenticator authenticator) {
            authenticators.put(name, Objects.requireNonNull(authenticator, "authenticator"));
            authenticatorOrder.add(name);
            return this;
        }

        /** Adds an authorizer instance at the end of the chain. */
        public Builder authorizer(String name, Authorizer authorizer) {
            authorizers.put(name, Objects.requireNonNull(authorizer, "authorizer"));
            authorizerOrder.add(name);
            return this;
        }

        /**
         * Adds a provider found through {@link java.util.ServiceLoader} as an authenticator, with its configuration
         * keys (without the {@code name.} prefix).
         */
        public Builder authenticatorProvider(String name, Map<String, String> config) {
            providerConfigs.merge(name, Map.copyOf(config), Builder::merge);
            authenticatorOrder.add(name);
            return this;
        }

        /** Adds a provider found through {@link java.util.ServiceLoader} as an authorizer. */
        public Builder authorizerProvider(String name, Map<String, String> config) {
            providerConfigs.merge(name, Map.copyOf(config), Builder::merge);
            authorizerOrder.add(name);
            return this;
        }

        private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
            Map<String, String> m = new LinkedHashMap<>(a);
            m.putAll(b);
            return m;
        }

        /** Whether clients without a user name may connect (default {@code false}). */
        public Builder anonymous(boolean allowed) {
            this.anonymousAllowed = allowed;
            return this;
        }

        /** Identity names that skip authorization. */
        public Builder superusers(Collection<String> names) {
            superusers.addAll(names);
            return this;
        }

        /** A ban list file (see {@code docs/configuration.md}), watched for changes. */
        public Builder banList(Path file) {
            this.banFile = file;
            return this;
        }

        /**
         * Whether a client that did not connect over TLS ({@link ConnectRequest#tls()} empty) is refused with
         * {@link FailureReason#TLS_REQUIRED} (default {@code false}).
         */
        public Builder tlsRequired(boolean required) {
            this.tlsRequired = required;
            return this;
        }

        /**
         * The server names (SNI) a TLS client must send, replacing any set before: host names, and {@code *.}
         * wildcards for exactly one leftmost label ({@code *.example.com} matches {@code a.example.com}, not
         * {@code example.com} nor {@code a.b.example.com}), compared case-insensitively (IDNs as ASCII). A TLS client
         * that sends no SNI is refused with {@link FailureReason#SNI_MISSING}, one whose SNI is not listed with
         * {@link FailureReason#SNI_NOT_ALLOWED}; a client without TLS is not checked (see {@link #tlsRequired}).
         * Empty (the default): no SNI check.
         *
         * @throws ConfigurationException (key {@code tls.sni-hosts}) naming every entry that is not a host name or
         *     such a wildcard
         */
        public Builder sniHosts(Collection<String> hosts) {
            SniHosts parsed = SniHosts.of(hosts);
            this.sniHosts = parsed.isEmpty() ? null : parsed;
            return this;
        }

        /** Whether an action no authorizer decides is allowed (default {@code false}: denied). */
        public Builder allowUnmatched(boolean allow) {
            this.noMatchAllows = allow;
            return this;
        }

        /**
         * Overrides the MQTT codes sent for one reason.
         *
         * @throws ConfigurationException (key {@code reason-codes.<REASON>}) if the codes do not refuse: the MQTT 5
         *     code must be a failure code (0x80 to 0xFF); the MQTT 3.1.1 code must be a CONNACK refusal (1 to 5) for a
         *     connect reason and {@code 0x80} for an authorization reason
         */
        public Builder reasonCodes(FailureReason reason, ReasonCodes codes) {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(codes, "codes");
            boolean mqtt3Ok = reason.isAuthorization()
                    ? codes.mqtt3() == ReasonCodes.MQTT3_SUBACK_FAILURE
                    : codes.mqtt3() >= 1 && codes.mqtt3() <= 5;
            if (codes.mqtt5() < 0x80 || !mqtt3Ok) {
                throw ConfigurationException.ofKey("reason-codes." + reason.name(), "codes " + codes
                        + " do not refuse", reason.isAuthorization()
                        ? "use an MQTT 5 PUBACK/SUBACK failure code from 0x80 to 0xFF with the MQTT 3.1.1 code 0x80"
                        : "use an MQTT 5 CONNACK failure code from 0x80 to 0xFF and an MQTT 3.1.1 code from 1 to 5");
            }
            codeOverrides.put(reason, codes);
            return this;
        }

        /** Bounds the unauthorized-clients log. */
        public Builder unauthorizedLog(long maximumEntries, Duration retention) {
            this.unauthorizedLogSize = maximumEntries;
            this.unauthorizedLogRetention = retention;
            return this;
        }

        /**
         * Bounds the unauthorized-clients log by memory too (default 16 MiB): entries are weighed by their approximate
         * bytes, and client ids, user names and details longer than {@code stringLimit} characters (default 1024)
         * are stored truncated, marked with a trailing {@code …(+N chars)}.
         */
        public Builder unauthorizedLogLimits(long memoryBytes, int stringLimit) {
            this.unauthorizedLogMemory = memoryBytes;
            this.unauthorizedLogStringLimit = stringLimit;
            return this;
        }

        /** Caches authorizer decisions (0 entries, the default, disables the cache); dropped on every reload. */
        public Builder authorizationCache(long maximumEntries, Duration expiry) {
            this.authorizationCacheSize = maximumEntries;
            this.authorizationCacheExpiry = expiry;
            return this;
        }

        /**
         * Bounds the authorization cache by memory too (default 64 MiB, entries weighed by their approximate bytes);
         * decisions for a topic, client id or identity name longer than {@code stringLimit} characters (default 1024)
         * are not cached.
         */
        public Builder authorizationCacheLimits(long memoryBytes, int stringLimit) {
            this.authorizationCacheMemory = memoryBytes;
            this.authorizationCacheStringLimit = stringLimit;
            return this;
        }

        /**
         * Throttles brute force: after {@code failures} connects refused for their credentials (a wrong password, an
         * unknown user, a bad token or certificate) within {@code window}, for one user name or from one address,
         * every connect for that user name or from that address is refused with {@link FailureReason#THROTTLED} until
         * {@code block} has passed, without asking the authenticators. {@code by} holds {@code username},
         * {@code address} or both. Default: {@code failures} 0 (off), 1 minute, 5 minutes, both.
         *
         * @throws ConfigurationException (when {@link #build()} runs) for a negative {@code failures}, a window or
         *     block that is not positive, or an unknown member of {@code by}
         */
        public Builder throttle(int failures, Duration window, Duration block, Collection<String> by) {
            this.throttleFailures = failures;
            this.throttleWindow = Objects.requireNonNull(window, "window");
            this.throttleBlock = Objects.requireNonNull(block, "block");
            this.throttleBy = List.copyOf(by);
            return this;
        }

        /** The memory budget of the throttle's counters (default 16 MiB), weighed by their approximate bytes. */
        public Builder throttleMemory(long bytes) {
            this.throttleMemory = bytes;
            return this;
        }

        /** Tells a listener of every decision. */
        public Builder listener(DecisionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The clock for every time-dependent decision (tests use a fixed one). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The class loader that finds providers (default: the one that loaded mqtt-auth). */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** Keys of the configuration file that the embedding broker reads itself; they are not rejected as unknown. */
        public Builder hostKeys(Collection<String> keys) {
            hostKeys.addAll(keys);
            return this;
        }

        /**
         * Builds the engine: loads the configuration file, discovers providers, reads their files.
         *
         * @throws ConfigurationException listing every problem with its key or file and line, and the fix
         */
        public MqttAuth build() {
            List<ConfigurationProblem> problems = new ArrayList<>();
            if (configurationFile != null) {
                Properties properties = Configuration.load(configurationFile);
                try {
                    Configuration.apply(properties, configurationFile, hostKeys, this);
                } catch (ConfigurationException e) {
                    problems.addAll(e.problems()); // reported together with the providers' problems
                }
            }
            AuthorizationCache cache = null;
            try {
                cache = authorizationCacheSize <= 0 ? null : new AuthorizationCache(authorizationCacheSize,
                        authorizationCacheExpiry, authorizationCacheMemory, authorizationCacheStringLimit);
                UnauthorizedClients.checkLimits(unauthorizedLogMemory, unauthorizedLogStringLimit);
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
            Throttle throttle = null;
            try {
                throttle = Throttle.of(throttleFailures, throttleWindow, throttleBlock, throttleBy, throttleMemory,
                        clock);
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
            Runnable reloaded = cache == null ? () -> { } : cache::invalidate;
            Map<String, Provider> created = Map.of();
            try {
                created = Configuration.createProviders(providerConfigs, baseDirectory, clock, classLoader, reloaded);
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
            List<Named<Authenticator>> authn = new ArrayList<>();
            List<Named<Authorizer>> authz = new ArrayList<>();
            for (String name : authenticatorOrder) {
                Provider provider = created.get(name);
                Authenticator a = authenticators.containsKey(name) ? authenticators.get(name)
                        : provider == null ? null : provider.authenticator().orElse(null);
                if (a != null) {
                    authn.add(new Named<>(name, a));
                } else if (provider != null) {
                    problems.add(ConfigurationProblem.ofKey("authenticators",
                            "provider \"" + name + "\" does not authenticate", "remove it from authenticators"
                                    + (provider.authorizer().isPresent() && !authorizerOrder.contains(name)
                                            ? " and list it in authorizers" : "")));
                }
            }
            for (String name : authorizerOrder) {
                Provider provider = created.get(name);
                Authorizer a = authorizers.containsKey(name) ? authorizers.get(name)
                        : provider == null ? null : provider.authorizer().orElse(null);
                if (a != null) {
                    authz.add(new Named<>(name, a));
                } else if (provider != null) {
                    problems.add(ConfigurationProblem.ofKey("authorizers",
                            "provider \"" + name + "\" does not authorize", "remove it from authorizers"
                                    + (provider.authenticator().isPresent() && !authenticatorOrder.contains(name)
                                            ? " and list it in authenticators" : "")));
                }
            }
            WatchedFile<BanList> bans = null;
            if (banFile != null) {
                try {
                    bans = BanList.load(baseDirectory.resolve(banFile).normalize(), banReload, clock, reloaded);
                } catch (ConfigurationException e) {
                    problems.addAll(e.problems());
                }
            }
            if (!problems.isEmpty()) {
                if (bans != null) {
                    bans.close();
                }
                created.values().forEach(Provider::close);
                Path file = configurationFile;
                throw new ConfigurationException(file == null ? problems : problems.stream()
                        .map(p -> p.file() != null ? p : new ConfigurationProblem(file, 0, p.key(), p.message(), p.fix()))
                        .toList());
            }
            List<Named<Provider>> providers = new ArrayList<>();
            created.forEach((name, p) -> providers.add(new Named<>(name, p)));
            return new MqttAuth(this, providers, authn, authz, bans, cache, throttle);
        }

        /** Sets the reload policy of the ban list ({@code watch}, {@code off} or an interval); used by the file configuration. */
        public Builder banListReload(String policy) {
            this.banReload = policy;
            return this;
        }
    }
}
