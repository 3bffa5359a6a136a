package io.mqttauth.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWrapper;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import io.mqttauth.ConfigurationProblem;
import jakarta.annotation.Nullable;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The keys of a remote JWKS endpoint, through Nimbus' {@link JWKSourceBuilder}: the JWK set is cached for
 * {@code jwt.jwks.refresh}, fetched again in the background shortly before it expires (refresh-ahead, on Nimbus'
 * scheduler thread), fetched again at once for a {@code kid} it does not hold (at most twice per
 * {@code jwt.jwks.min-refresh-interval}, Nimbus' rate limit), retried once on a network error, and while the endpoint
 * fails the last good set keeps serving for {@code jwt.jwks.outage-tolerance} after it was fetched.
 *
 * <p>What can wait, and where: a decision reads the cached set and waits only when the cache holds nothing usable
 * (before the first fetch has finished, or once the outage tolerance is spent) or for a {@code kid} the set does not
 * hold; it then waits for one fetch, bounded by the connect and read timeouts. Every such wait is on the thread that
 * runs the authenticator, which brokers keep off their I/O threads because the authenticator
 * {@linkplain io.mqttauth.Authenticator#mayBlock() may block}. The first fetch starts in the background when the
 * provider is created.
 *
 * <p>Fetch failures are kept for {@link #problems()} and logged once per outage; they never refuse a token while
 * cached keys can verify it. Messages show the URL without user info or query, which might hold credentials. Nimbus'
 * refresh threads are not daemon threads: {@link #close()} stops them.
 */
final class RemoteKeys implements AutoCloseable {

    /** What a look-up found. */
    sealed interface Lookup {
    }

    /**
     * The keys of the current JWK set (possibly only those with the token's kid).
     *
     * @param keys the keys
     * @param note what was done to look for an unknown kid, or null
     * @param unavailable when the keys are those kept through an outage and lack the token's kid: why the key cannot
     *     be looked up (if none of the keys verifies the token, it is refused as keys unavailable, not as an unknown
     *     key: the endpoint may have the key); otherwise null
     */
    record Found(List<VerificationKey> keys, @Nullable String note, @Nullable String unavailable) implements Lookup {
    }

    /**
     * No usable JWK set: never fetched, or the outage tolerance is spent, or an unknown kid could not be looked up.
     *
     * @param why what failed, for the refusal's detail
     */
    record Unavailable(String why) implements Lookup {
    }

    private static final System.Logger LOG = System.getLogger(RemoteKeys.class.getName());
    /** A URL inside an exception message, which might show user info or a query: replaced by the shown URL. */
    private static final Pattern URL_IN_TEXT = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://\\S+");
    private static final JWKSelector ALL = new JWKSelector(new JWKMatcher.Builder().build());

    private final String shown;
    private final String key;
    private final Duration outageTolerance;
    private final Duration minRefreshInterval;
    private final JWKSource<SecurityContext> source;
    /** Verifiers built once per fetched JWK; dropped with the JWK objects when a new set replaces them. */
    private final Cache<JWK, VerificationKey> verifiers = Caffeine.newBuilder().weakKeys().build();
    private volatile @Nullable Instant lastSuccess;
    private volatile @Nullable Failure failure;

    private record Failure(Instant since, String why) {
    }

    /**
     * Builds the source and starts the first fetch in the background.
     *
     * @param key the full configuration key, {@code jwt.jwks.url}, for problems
     */
    RemoteKeys(URI uri, String key, JwtSettings.Jwks settings) {
        this.shown = shown(uri);
        this.key = key;
        this.outageTolerance = settings.outageTolerance();
        this.minRefreshInterval = settings.minRefreshInterval();
        URL url;
        try {
            url = uri.toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("the URL was checked when the settings were read", e);
        }
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(
                (int) settings.connectTimeout().toMillis(), (int) settings.readTimeout().toMillis(),
                JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
        long ttl = settings.refresh().toMillis();
        long quarter = Math.max(1, ttl / 4);
        // Decisions that find the cache expired wait this long for a fetch in progress: a fetch and its retry.
        long fetch = 2 * (settings.connectTimeout().toMillis() + settings.readTimeout().toMillis()) + 1000;
        this.source = JWKSourceBuilder.create(new Recorder(new URLBasedJWKSetSource<>(url, retriever)))
                .cache(ttl, Math.min(quarter, fetch))
                .refreshAheadCache(Math.min(quarter, JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME), true)
                .rateLimited(minRefreshInterval.toMillis())
                .outageTolerant(outageTolerance.toMillis())
                .retrying(true)
                .build();
        Thread first = new Thread(this::firstFetch, "mqtt-auth-jwks-first-fetch");
        first.setDaemon(true);
        first.start();
    }

    /** Fetches the keys once, so that the first CONNECT finds them; a failure is recorded as any other. */
    private void firstFetch() {
        try {
            find(null);
        } catch (RuntimeException e) {
            // The provider was closed while fetching (Nimbus' executors refuse work): nothing is left to warm up.
            LOG.log(System.Logger.Level.DEBUG, "jwt: first fetch of " + shown + " ended: " + e.getClass().getName());
        }
    }

    /** The URL as shown in messages: without user info, query or fragment. */
    static String shown(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** Where the keys come from, for key descriptions. */
    String where() {
        return "from " + shown;
    }

    /**
     * The current keys. For a {@code kid} that the cached set does not hold, Nimbus fetches the set again first
     * (rate-limited); if it still lacks the kid, the found keys simply do not include it.
     */
    Lookup find(@Nullable String kid) {
        List<JWK> all;
        try {
            all = source.get(ALL, null);
        } catch (KeySourceException e) {
            return new Unavailable(e instanceof RateLimitReachedException
                    ? "no usable keys from " + shown + " are cached, and it was asked less than "
                            + minRefreshInterval.toSeconds() + " s ago (jwt.jwks.min-refresh-interval)"
                    : "no usable keys from " + shown + " are cached, and fetching them failed ("
                            + failureText(e) + ")");
        }
        if (kid == null || all.stream().anyMatch(k -> kid.equals(k.getKeyID()))) {
            return new Found(convert(all), null, null);
        }
        try {
            List<JWK> withKid = source.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()), null);
            if (!withKid.isEmpty()) {
                return new Found(convert(withKid), null, null);
            }
            Failure f = failure;
            // Within the outage tolerance Nimbus answers a failed fetch with the keys kept from before: the kid may
            // well be at the endpoint (a rotated key), so this is no proof that the key is unknown.
            return f == null
                    ? new Found(convert(all), "fetched " + shown + " again, and it has no key with this kid", null)
                    : new Found(convert(all), null, noKid(kid, "the keys kept from " + shown + " through its outage")
                            + f.why() + ")");
        } catch (RateLimitReachedException e) {
            return new Found(convert(all), shown + " was fetched less than " + minRefreshInterval.toSeconds()
                    + " s ago (jwt.jwks.min-refresh-interval), so it was not asked again", null);
        } catch (KeySourceException e) {
            return new Unavailable(noKid(kid, "the cached keys from " + shown) + failureText(e) + ")");
        }
    }

    private static String noKid(String kid, String keys) {
        return keys + " have no key with kid " + Text.quote(kid) + ", and fetching them again failed (";
    }

    private List<VerificationKey> convert(List<JWK> jwks) {
        List<VerificationKey> keys = new ArrayList<>(jwks.size());
        for (JWK jwk : jwks) {
            keys.add(verifiers.get(jwk, k -> VerificationKey.of(k, where())));
        }
        return keys;
    }

    private String failureText(KeySourceException e) {
        Failure f = failure;
        return f != null ? f.why() : e.getClass().getSimpleName();
    }

    /** The endpoint's failure, while it lasts; empty when the last fetch succeeded. */
    List<ConfigurationProblem> problems() {
        Failure f = failure;
        if (f == null) {
            return List.of();
        }
        Instant good = lastSuccess;
        return List.of(ConfigurationProblem.ofKey(key, "cannot fetch the JWK set from " + shown + " since " + f.since()
                + " (" + f.why() + "); " + (good == null
                        ? "no keys have been fetched yet, so tokens whose key would come from it are refused with "
                                + "TOKEN_KEYS_UNAVAILABLE"
                        : "the keys fetched at " + good + " stay in use until about " + good.plus(outageTolerance)
                                + " (jwt.jwks.outage-tolerance)"),
                "check that the broker reaches the endpoint and that it serves a JWK set"));
    }

    /** Stops Nimbus' refresh threads. */
    @Override
    public void close() {
        if (source instanceof Closeable c) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the JWK source of " + shown + ": "
                        + e.getClass().getName());
            }
        }
    }

    /** Records the outcome of every real fetch, below Nimbus' cache, retry and outage layers. */
    private final class Recorder extends JWKSetSourceWrapper<SecurityContext> {

        Recorder(JWKSetSource<SecurityContext> source) {
            super(source);
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime,
                SecurityContext context) throws KeySourceException {
            JWKSet set;
            try {
                set = getSource().getJWKSet(refreshEvaluator, currentTime, context);
            } catch (KeySourceException | RuntimeException e) {
                failed(e);
                throw e;
            }
            Instant now = Instant.now();
            if (failure != null) {
                LOG.log(System.Logger.Level.INFO, "jwt: fetched the JWK set from {0} again ({1} keys)", shown,
                        set.size());
            }
            lastSuccess = now;
            failure = null;
            return set;
        }

        private void failed(Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
            String why = cause.getClass().getSimpleName() + URL_IN_TEXT.matcher(message)
                    .replaceAll(java.util.regex.Matcher.quoteReplacement(shown));
            if (failure == null) {
                failure = new Failure(Instant.now(), why);
                LOG.log(System.Logger.Level.WARNING, "jwt: cannot fetch the JWK set from {0} ({1}); {2}", shown, why,
                        lastSuccess == null ? "no keys yet" : "keeping the last good keys for up to "
                                + outageTolerance + " after they were fetched");
            } else {
                failure = new Failure(failure.since(), why);
            }
        }
    }
}
