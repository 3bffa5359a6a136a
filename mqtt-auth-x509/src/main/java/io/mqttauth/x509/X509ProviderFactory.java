package io.mqttauth.x509;

import io.mqttauth.ConfigurationException;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import io.mqttauth.spi.ReloadPolicy;
import io.mqttauth.spi.WatchedFile;
import io.mqttauth.spi.WatchedFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Builds the {@code x509} provider. Keys (prefixed {@code x509.}), see docs/x509.md:
 *
 * <ul>
 *   <li>{@code trust.path} (required): a PEM file, a folder of {@code *.pem}/{@code *.crt}/{@code *.cer} files, or a
 *       PKCS#12 or JKS store with the trust anchors; {@code trust.password}: the store's password.
 *   <li>{@code crl.path}: CRL files (PEM or DER) or folders of {@code *.crl}/{@code *.pem} files, comma-separated;
 *       {@code crl.expired}: {@code reject} (default) or {@code warn} when a CRL has passed its next update.
 *   <li>{@code clock-skew}: how far outside its validity a certificate is accepted (default {@code 0}).
 *   <li>{@code identity}: {@code cn} (default), {@code dn}, {@code san-dns}, {@code san-uri}, {@code san-email} or
 *       {@code fingerprint}; {@code cn-map.path}: mapping rules; {@code username-match}: {@code off} (default),
 *       {@code username} or {@code clientid}.
 *   <li>{@code cache.size}: validations kept (default 10000, 0 turns the cache off); {@code cache.expiry}: how long
 *       (default 5m).
 *   <li>{@code reload}: {@code watch} (default), {@code off}, or an interval such as {@code 30s}, for every file.
 * </ul>
 */
public final class X509ProviderFactory implements ProviderFactory {

    /** The provider's name. */
    public static final String NAME = "x509";
    private static final long DEFAULT_CACHE_SIZE = 10_000;
    private static final Duration DEFAULT_CACHE_EXPIRY = Duration.ofMinutes(5);
    private static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

    /** Creates the factory (ServiceLoader calls this). */
    public X509ProviderFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> keys() {
        return Set.of("trust.path", "trust.password", "crl.path", "crl.expired", "clock-skew", "identity",
                "cn-map.path", "username-match", "cache.size", "cache.expiry", "reload");
    }

    @Override
    public Provider create(ProviderContext context) {
        Path trustPath = context.requirePath("trust.path", "set " + context.fullKey("trust.path") + " to a PEM file, "
                + "a folder of PEM files, or a PKCS#12 or JKS store holding the CA certificates that issue client "
                + "certificates");
        char[] password = context.get("trust.password").map(String::toCharArray).orElse(null);
        List<Path> crlPaths = crlPaths(context);
        String crlExpired = oneOf(context, "crl.expired", "reject", "reject", "warn");
        if (crlPaths.isEmpty() && context.get("crl.expired").isPresent()) {
            throw ConfigurationException.ofKey(context.fullKey("crl.expired"), "is set but there are no CRLs",
                    "set " + context.fullKey("crl.path") + ", or remove " + context.fullKey("crl.expired"));
        }
        Duration skew = clockSkew(context);
        IdentitySource identity = IdentitySource.of(oneOf(context, "identity", "cn", "cn", "dn", "san-dns", "san-uri",
                "san-email", "fingerprint"));
        UsernameMatch usernameMatch = UsernameMatch.valueOf(oneOf(context, "username-match", "off", "off",
                "username", "clientid").toUpperCase(Locale.ROOT));
        long cacheSize = context.integer("cache.size", DEFAULT_CACHE_SIZE, 0, 100_000_000);
        Duration cacheExpiry = context.duration("cache.expiry", DEFAULT_CACHE_EXPIRY);
        if (cacheSize == 0 && context.get("cache.expiry").isPresent()) {
            throw ConfigurationException.ofKey(context.fullKey("cache.expiry"), "is set but the cache is off ("
                    + context.fullKey("cache.size") + " = 0)", "remove " + context.fullKey("cache.expiry")
                    + ", or set " + context.fullKey("cache.size") + " above 0");
        }
        ReloadPolicy reload = ReloadPolicy.parse(context.fullKey("reload"), context.get("reload").orElse(null));
        Optional<Path> mapPath = context.path("cn-map.path");

        ValidationCache cache = cacheSize == 0 ? null : new ValidationCache(cacheSize, cacheExpiry, context.clock());
        WatchedFile.SwapListener<Object> clearCache = (before, after) -> {
            if (cache != null) {
                cache.clear();
            }
        };
        WatchedFiles<TrustAnchors> anchors = null;
        WatchedFiles<Crls> crls = null;
        try {
            anchors = WatchedFiles.load(List.of(trustPath), endsWith(".pem", ".crt", ".cer"),
                    new TrustAnchors.Parser(trustPath, password, context.fullKey("trust.path"),
                            context.fullKey("trust.password")),
                    reload, context, clearCache::swapped);
            if (!crlPaths.isEmpty()) {
                crls = WatchedFiles.load(crlPaths, endsWith(".crl", ".pem"), Crls::parse, reload, context,
                        clearCache::swapped);
            }
            WatchedFile<NameMap> nameMap = mapPath.isEmpty() ? null
                    : WatchedFile.load(mapPath.get(), NameMap::parse, reload, context);
            return new X509Authenticator(context, anchors, crls, nameMap,
                    new ChainValidator(skew, crlExpired.equals("reject"), context::fullKey), cache, identity,
                    usernameMatch);
        } catch (RuntimeException e) {
            if (anchors != null) {
                anchors.close();
            }
            if (crls != null) {
                crls.close();
            }
            throw e;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static List<Path> crlPaths(ProviderContext context) {
        Optional<String> value = context.get("crl.path");
        if (value.isEmpty()) {
            return List.of();
        }
        Path base = context.baseDirectory();
        List<Path> paths = Arrays.stream(value.get().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> base.resolve(s).normalize()).distinct().toList();
        if (paths.isEmpty()) {
            throw ConfigurationException.ofKey(context.fullKey("crl.path"), "is \"" + value.get() + "\", no file",
                    "list CRL files or folders separated by commas, or remove " + context.fullKey("crl.path"));
        }
        return paths;
    }

    /** {@code 0} or a duration, at most {@link #MAX_CLOCK_SKEW}. */
    private static Duration clockSkew(ProviderContext context) {
        Optional<String> value = context.get("clock-skew");
        if (value.isEmpty() || value.get().matches("0+(ms|s|m|h|d)?")) {
            return Duration.ZERO;
        }
        Duration skew = ProviderContext.parseDuration(context.fullKey("clock-skew"), value.get());
        if (skew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw ConfigurationException.ofKey(context.fullKey("clock-skew"), "is " + value.get() + ", more than 1d",
                    "fix the clocks (NTP) and allow at most a few minutes, such as 2m");
        }
        return skew;
    }

    /** The key's value, lower case, which must be one of {@code allowed}; {@code defaultValue} if unset. */
    private static String oneOf(ProviderContext context, String key, String defaultValue, String... allowed) {
        Optional<String> value = context.get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String v = value.get().toLowerCase(Locale.ROOT);
        if (Arrays.asList(allowed).contains(v)) {
            return v;
        }
        throw ConfigurationException.ofKey(context.fullKey(key), "is \"" + value.get() + "\"",
                "write " + String.join(", ", Arrays.asList(allowed).subList(0, allowed.length - 1)) + " or "
                        + allowed[allowed.length - 1]);
    }

    private static Predicate<Path> endsWith(String... suffixes) {
        return p -> {
            String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
            return !name.startsWith(".") && Arrays.stream(suffixes).anyMatch(name::endsWith);
        };
    }
}
