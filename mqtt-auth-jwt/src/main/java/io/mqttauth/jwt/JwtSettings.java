package io.mqttauth.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import io.mqttauth.ConfigurationException;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ReloadPolicy;
import jakarta.annotation.Nullable;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code jwt.*} configuration, read and checked once; every mistake fails fast naming the full key and the fix.
 *
 * @param jwksPath a local JWKS file, or null
 * @param jwksUrl a remote JWKS endpoint, or null
 * @param jwks how the remote endpoint is fetched
 * @param publicKeyPath a PEM file of public keys, or null
 * @param hmacSecretPath a file holding the raw HMAC secret, or null
 * @param reload when the local key files are re-read
 * @param algorithms the allow-list {@code jwt.algorithms}, or null for the default derived from the keys
 * @param maxTokenBytes larger credentials are refused before any parsing
 * @param requireExp whether a token without {@code exp} is refused
 * @param clockSkew the leeway for {@code exp}, {@code nbf} and {@code iat}
 * @param issuer the required {@code iss}, or null
 * @param audiences the accepted {@code aud} values; empty for no check
 * @param requiredClaims claims that must be present
 * @param claims exact values ({@code jwt.claims.<name>}, with placeholders) by claim name
 * @param tokenFrom where the token is
 * @param usernameClaim the claim that must equal the MQTT user name, or null
 * @param identityClaim the claim that names the identity
 * @param rolesClaim the claim holding roles, or null
 * @param aclClaim the claim holding topic rules
 */
record JwtSettings(@Nullable Path jwksPath, @Nullable URI jwksUrl, Jwks jwks, @Nullable Path publicKeyPath,
        @Nullable Path hmacSecretPath, ReloadPolicy reload, @Nullable Set<JWSAlgorithm> algorithms, int maxTokenBytes,
        boolean requireExp, Duration clockSkew, @Nullable String issuer, List<String> audiences,
        List<String> requiredClaims, Map<String, String> claims, TokenFrom tokenFrom, @Nullable String usernameClaim,
        String identityClaim, @Nullable String rolesClaim, String aclClaim) {

    /** Where a client puts its token. */
    enum TokenFrom {
        /** In the MQTT password (the default). */
        PASSWORD,
        /** In the MQTT user name. */
        USERNAME
    }

    /**
     * How the JWKS URL is fetched.
     *
     * @param refresh how long a fetched set is used before it is fetched again (Nimbus' cache time to live)
     * @param minRefreshInterval the rate limit for fetching again on an unknown kid
     * @param outageTolerance how long the last good set serves while the endpoint fails
     * @param connectTimeout the HTTP connect timeout
     * @param readTimeout the HTTP read timeout
     */
    record Jwks(Duration refresh, Duration minRefreshInterval, Duration outageTolerance, Duration connectTimeout,
            Duration readTimeout) {
    }

    static final String CLAIMS_PREFIX = "claims.";
    static final Set<String> KEYS = Set.of("jwks.path", "jwks.url", "jwks.refresh", "jwks.min-refresh-interval",
            "jwks.outage-tolerance", "jwks.connect-timeout", "jwks.read-timeout", "public-key.path",
            "hmac.secret-path", "reload", "algorithms", "max-token-bytes", "require-exp", "clock-skew", "issuer",
            "audience", "required-claims", CLAIMS_PREFIX + "<name>", "token-from", "username-claim",
            "identity-claim", "roles-claim", "acl-claim");

    static final int DEFAULT_MAX_TOKEN_BYTES = 8192;
    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    static final Duration DEFAULT_JWKS_REFRESH = Duration.ofMinutes(5);
    static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_OUTAGE_TOLERANCE = Duration.ofHours(1);
    static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_HTTP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration MAX_CLOCK_SKEW = Duration.ofHours(1);

    /** Copies the collections. */
    JwtSettings {
        algorithms = algorithms == null ? null : Set.copyOf(algorithms);
        audiences = List.copyOf(audiences);
        requiredClaims = List.copyOf(requiredClaims);
        claims = java.util.Collections.unmodifiableMap(new TreeMap<>(claims));
    }

    /** Whether {@code key} (without prefix) is a {@code jwt} key: one of {@link #KEYS} or {@code claims.<name>}. */
    static boolean isKnownKey(String key) {
        if (key.startsWith(CLAIMS_PREFIX)) {
            return key.length() > CLAIMS_PREFIX.length() && !key.equals(CLAIMS_PREFIX + "<name>");
        }
        return KEYS.contains(key);
    }

    /** Reads and checks the provider's keys. */
    static JwtSettings read(ProviderContext c) {
        Path jwksPath = c.path("jwks.path").orElse(null);
        URI jwksUrl = c.get("jwks.url").map(v -> url(c, v)).orElse(null);
        Path publicKeyPath = c.path("public-key.path").orElse(null);
        Path hmacSecretPath = c.path("hmac.secret-path").orElse(null);
        if (jwksPath == null && jwksUrl == null && publicKeyPath == null && hmacSecretPath == null) {
            throw ConfigurationException.ofKey(c.name(), "no key to verify tokens with is configured",
                    "set at least one of " + c.fullKey("public-key.path") + ", " + c.fullKey("jwks.path") + ", "
                            + c.fullKey("jwks.url") + " or " + c.fullKey("hmac.secret-path"));
        }
        Jwks jwks = jwks(c, jwksUrl != null);
        Set<JWSAlgorithm> algorithms = algorithms(c, jwksPath != null || jwksUrl != null || publicKeyPath != null,
                hmacSecretPath != null);
        TokenFrom tokenFrom = TokenFrom.valueOf(oneOf(c, "token-from", "password", "password", "username")
                .toUpperCase(Locale.ROOT));
        String usernameClaim = c.get("username-claim").orElse(null);
        if (usernameClaim != null && tokenFrom == TokenFrom.USERNAME) {
            throw ConfigurationException.ofKey(c.fullKey("username-claim"), "is set, but the user name is the token "
                    + "(" + c.fullKey("token-from") + " = username)", "remove " + c.fullKey("username-claim"));
        }
        return new JwtSettings(jwksPath, jwksUrl, jwks, publicKeyPath, hmacSecretPath,
                ReloadPolicy.parse(c.fullKey("reload"), c.get("reload").orElse(null)), algorithms,
                (int) c.integer("max-token-bytes", DEFAULT_MAX_TOKEN_BYTES, 64, 65_535),
                c.bool("require-exp", true), clockSkew(c), c.get("issuer").orElse(null), list(c, "audience"),
                list(c, "required-claims"), claims(c, tokenFrom), tokenFrom, usernameClaim,
                c.get("identity-claim").orElse("sub"), c.get("roles-claim").orElse(null),
                c.get("acl-claim").orElse("acl"));
    }

    /**
     * The allowed HS algorithm that needs the longest secret, which sets the minimum length of the HMAC secret; HS256
     * (32 bytes) when the allow-list is derived from the keys, which then enables HS384 and HS512 only for secrets
     * long enough for them.
     */
    JWSAlgorithm strongestHmac() {
        if (algorithms == null) {
            return JWSAlgorithm.HS256;
        }
        return algorithms.stream().filter(Algorithms.HMAC::contains)
                .max((a, b) -> Integer.compare(Algorithms.hmacSecretBytes(a), Algorithms.hmacSecretBytes(b)))
                .orElse(JWSAlgorithm.HS256);
    }

    private static URI url(ProviderContext c, String value) {
        String key = c.fullKey("jwks.url");
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw ConfigurationException.ofKey(key, "is not a URL", "write https://HOST/PATH of the JWKS endpoint");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !scheme.equals("https") && !scheme.equals("http")) {
            throw ConfigurationException.ofKey(key, "is not an http(s) URL with a host",
                    "write https://HOST/PATH of the JWKS endpoint");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw ConfigurationException.ofKey(key, "uses http to " + uri.getHost() + ": anyone on the network path "
                    + "could serve their own keys and sign any token", "use https (plain http is accepted only for "
                    + "the loopback address, such as a local sidecar)");
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ip = literal.contains(":") ? literal.matches("[0-9A-Fa-f:.]+") : literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        try {
            // Only literals reach InetAddress: a host name would be looked up in DNS.
            return ip && InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Jwks jwks(ProviderContext c, boolean url) {
        if (!url) {
            for (String key : new String[] {"jwks.refresh", "jwks.min-refresh-interval", "jwks.outage-tolerance",
                    "jwks.connect-timeout", "jwks.read-timeout"}) {
                if (c.get(key).isPresent()) {
                    throw ConfigurationException.ofKey(c.fullKey(key), "is set, but " + c.fullKey("jwks.url") + " is not",
                            "set " + c.fullKey("jwks.url") + ", or remove " + c.fullKey(key));
                }
            }
        }
        Duration refresh = c.duration("jwks.refresh", DEFAULT_JWKS_REFRESH);
        Duration minInterval = c.duration("jwks.min-refresh-interval", DEFAULT_MIN_REFRESH_INTERVAL);
        if (url && minInterval.compareTo(refresh) >= 0) {
            throw ConfigurationException.ofKey(c.fullKey("jwks.min-refresh-interval"), "is " + minInterval
                    + ", not shorter than " + c.fullKey("jwks.refresh") + " (" + refresh + ")",
                    "make the minimum interval between fetches shorter than the refresh interval");
        }
        return new Jwks(refresh, minInterval, c.duration("jwks.outage-tolerance", DEFAULT_OUTAGE_TOLERANCE),
                timeout(c, "jwks.connect-timeout"), timeout(c, "jwks.read-timeout"));
    }

    private static Duration timeout(ProviderContext c, String key) {
        Duration d = c.duration(key, DEFAULT_HTTP_TIMEOUT);
        if (d.compareTo(MAX_HTTP_TIMEOUT) > 0) {
            throw ConfigurationException.ofKey(c.fullKey(key), "is " + d + ", longer than " + MAX_HTTP_TIMEOUT,
                    "use a timeout of a few seconds");
        }
        return d;
    }

    private static @Nullable Set<JWSAlgorithm> algorithms(ProviderContext c, boolean asymmetricKeys,
            boolean hmacSecret) {
        List<String> names = list(c, "algorithms");
        if (names.isEmpty()) {
            return null;
        }
        String key = c.fullKey("algorithms");
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : names) {
            if (name.equalsIgnoreCase("none")) {
                throw ConfigurationException.ofKey(key, "lists none", "remove it: unsigned tokens are never accepted");
            }
            JWSAlgorithm alg = Algorithms.byName(name);
            if (alg == null) {
                throw ConfigurationException.ofKey(key, "lists " + Text.quote(name) + ", which is not supported",
                        "use names from: " + Algorithms.supportedNames());
            }
            if (Algorithms.HMAC.contains(alg) && !hmacSecret) {
                throw ConfigurationException.ofKey(key, "lists " + name + ", but " + c.fullKey("hmac.secret-path")
                        + " is not set", "set the secret, or remove " + name);
            }
            if (!Algorithms.HMAC.contains(alg) && !asymmetricKeys) {
                throw ConfigurationException.ofKey(key, "lists " + name + ", but no public key is configured",
                        "set " + c.fullKey("public-key.path") + ", " + c.fullKey("jwks.path") + " or "
                                + c.fullKey("jwks.url") + ", or remove " + name);
            }
            algorithms.add(alg);
        }
        if (hmacSecret && algorithms.stream().noneMatch(Algorithms.HMAC::contains)) {
            throw ConfigurationException.ofKey(c.fullKey("hmac.secret-path"), "is set, but " + key
                    + " allows no HS algorithm", "add HS256 (or HS384, HS512) to " + key + ", or remove the secret");
        }
        if (asymmetricKeys && algorithms.stream().allMatch(Algorithms.HMAC::contains)) {
            throw ConfigurationException.ofKey(key, "allows only HS algorithms, but public keys are configured",
                    "add the public keys' algorithms (such as RS256 or ES256), or remove the public key settings");
        }
        return algorithms;
    }

    private static Duration clockSkew(ProviderContext c) {
        String value = c.get("clock-skew").orElse(null);
        if (value == null) {
            return DEFAULT_CLOCK_SKEW;
        }
        if (value.matches("0+\\s*(ms|s|m|h)?")) {
            return Duration.ZERO;
        }
        Duration d = c.duration("clock-skew", DEFAULT_CLOCK_SKEW);
        if (d.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw ConfigurationException.ofKey(c.fullKey("clock-skew"), "is " + d + ", more than " + MAX_CLOCK_SKEW,
                    "synchronise the clocks (NTP) and keep the skew at a minute or so");
        }
        return d;
    }

    private static Map<String, String> claims(ProviderContext c, TokenFrom tokenFrom) {
        Map<String, String> claims = new TreeMap<>();
        for (Map.Entry<String, String> e : c.config().entrySet()) {
            if (!e.getKey().startsWith(CLAIMS_PREFIX) || e.getKey().length() == CLAIMS_PREFIX.length()) {
                continue;
            }
            String key = c.fullKey(e.getKey());
            String value = e.getValue().trim();
            if (value.isEmpty()) {
                throw ConfigurationException.ofKey(key, "is empty", "write the value the claim must have");
            }
            String problem = Placeholders.check(value);
            if (problem != null) {
                throw ConfigurationException.ofKey(key, "has " + problem, "only ${username} and ${clientid} are "
                        + "replaced");
            }
            if (tokenFrom == TokenFrom.USERNAME && Placeholders.usesUsername(value)) {
                throw ConfigurationException.ofKey(key, "uses ${username}, but the user name is the token ("
                        + c.fullKey("token-from") + " = username)", "use ${clientid} or a fixed value");
            }
            claims.put(e.getKey().substring(CLAIMS_PREFIX.length()), value);
        }
        return claims;
    }

    private static List<String> list(ProviderContext c, String key) {
        return c.get(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .distinct().toList()).orElse(List.of());
    }

    private static String oneOf(ProviderContext c, String key, String defaultValue, String... allowed) {
        String value = c.get(key).orElse(defaultValue);
        String v = value.toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(v)) {
            throw ConfigurationException.ofKey(c.fullKey(key), "is " + Text.quote(value),
                    "write " + String.join(" or ", allowed));
        }
        return v;
    }
}
