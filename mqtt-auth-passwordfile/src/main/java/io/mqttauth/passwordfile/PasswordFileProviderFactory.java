package io.mqttauth.passwordfile;

import io.mqttauth.ConfigurationException;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import io.mqttauth.spi.ReloadPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Builds the {@code password-file} provider. Keys (prefixed {@code password-file.}): {@code path} (required),
 * {@code reload} ({@code watch}, {@code off} or an interval; default {@code watch}), {@code allow-plaintext}
 * (default false), {@code cache} (default off), {@code cache.size} (default 10000), {@code cache.expiry} (default 5m), and the
 * work-factor limits of {@link WorkLimits}: {@code max-pbkdf2-iterations} (default 10000000), {@code max-bcrypt-cost}
 * (16), {@code max-argon2-memory-kib} (1048576), {@code max-argon2-passes} (16), {@code max-argon2-parallelism} (16).
 * See docs/password-file.md.
 */
public final class PasswordFileProviderFactory implements ProviderFactory {

    /** The provider's name. */
    public static final String NAME = "password-file";
    static final long DEFAULT_CACHE_SIZE = 10_000;
    static final Duration DEFAULT_CACHE_EXPIRY = Duration.ofMinutes(5);

    /** Creates the factory (ServiceLoader calls this). */
    public PasswordFileProviderFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> keys() {
        return Set.of("path", "reload", "allow-plaintext", "cache", "cache.size", "cache.expiry",
                WorkLimits.PBKDF2_ITERATIONS_KEY, WorkLimits.BCRYPT_COST_KEY, WorkLimits.ARGON2_MEMORY_KEY,
                WorkLimits.ARGON2_PASSES_KEY, WorkLimits.ARGON2_PARALLELISM_KEY);
    }

    @Override
    public Provider create(ProviderContext context) {
        return create(context, DefaultKdf.INSTANCE);
    }

    /** Builds the provider with the given hash functions (tests count the work done through this). */
    static PasswordFileProvider create(ProviderContext context, Kdf kdf) {
        Path path = context.requirePath("path", "set " + context.fullKey("path")
                + " to the password file (relative paths resolve against the configuration file's folder)");
        ReloadPolicy reload = ReloadPolicy.parse(context.fullKey("reload"), context.get("reload").orElse(null));
        boolean allowPlaintext = context.bool("allow-plaintext", false);
        WorkLimits limits = WorkLimits.from(context);
        boolean cacheOn = context.bool("cache", false);
        long size = context.integer("cache.size", DEFAULT_CACHE_SIZE, 1, 100_000_000);
        Duration expiry = context.duration("cache.expiry", DEFAULT_CACHE_EXPIRY);
        if (!cacheOn) {
            for (String key : new String[] {"cache.size", "cache.expiry"}) {
                if (context.get(key).isPresent()) {
                    throw ConfigurationException.ofKey(context.fullKey(key), "is set but the cache is off",
                            "set " + context.fullKey("cache") + " = on, or remove " + context.fullKey(key));
                }
            }
        }
        VerificationCache<PasswordTable.Entry> cache = cacheOn
                ? new VerificationCache<>(size, expiry, context.clock(), PasswordTable.Entry::sameCredential) : null;
        return new PasswordFileProvider(path, allowPlaintext, limits, reload, cache, context, kdf);
    }
}
