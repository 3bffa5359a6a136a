package io.mqttauth.acl;

import io.mqttauth.ConfigurationException;
import io.mqttauth.acl.AclParser.Format;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import io.mqttauth.spi.ReloadPolicy;
import io.mqttauth.spi.WatchedFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Creates the {@code acl} provider: an authorizer reading a Mosquitto {@code acl_file} or the extended syntax (see
 * {@code docs/acl.md}). Keys, under the provider's name:
 *
 * <ul>
 *   <li>{@code path} (required): the ACL file.
 *   <li>{@code format}: {@code mosquitto} or {@code extended}; unset, the extended format is detected by its
 *       keywords and any other file is read as Mosquitto's.
 *   <li>{@code subscribe}: {@code covered} (default: a filter is granted only if read rules cover every topic it can
 *       match and no deny overlaps it) or {@code mosquitto} (every valid filter is granted, as Mosquitto 2.0 does;
 *       deliveries are still checked). Applies to the Mosquitto format; the extended format has subscribe rules.
 *   <li>{@code no-match}: {@code deny} or {@code abstain} when no rule matches; default {@code deny} for the
 *       Mosquitto format (as Mosquitto) and {@code abstain} for the extended format (the next authorizer decides).
 *   <li>{@code reload}: {@code watch} (default), {@code off}, or an interval such as {@code 30s}.
 *   <li>{@code cache.size}: how many clients' resolved rules to keep (default 100000).
 *   <li>{@code cache.memory}: about how many bytes they may hold (default 64MiB, at least 64KiB).
 * </ul>
 */
public final class AclProviderFactory implements ProviderFactory {

    /** Creates the factory; ServiceLoader calls this. */
    public AclProviderFactory() {
    }

    @Override
    public String name() {
        return "acl";
    }

    @Override
    public Set<String> keys() {
        return Set.of("path", "format", "subscribe", "no-match", "reload", "cache.size", "cache.memory");
    }

    @Override
    public Provider create(ProviderContext context) {
        Path path = context.requirePath("path", "set it to the ACL file, e.g. " + context.fullKey("path")
                + " = /etc/mosquitto/acl");
        String formatName = oneOf(context, "format", null, "mosquitto", "extended");
        Format format = formatName == null ? null : Format.valueOf(formatName.toUpperCase(Locale.ROOT));
        boolean subscribeAll = "mosquitto".equals(oneOf(context, "subscribe", "covered", "covered", "mosquitto"));
        String noMatch = oneOf(context, "no-match", null, "deny", "abstain");
        ReloadPolicy reload = ReloadPolicy.parse(context.fullKey("reload"), context.get("reload").orElse(null));
        long cacheSize = context.integer("cache.size", 100_000, 1, Integer.MAX_VALUE);
        long cacheMemory = context.bytes("cache.memory", 64L << 20, 64 * 1024, 1L << 40);
        WatchedFile.Parser<AclRules> parser = (file, content) -> {
            AclParser.Parsed parsed = AclParser.parse(file, content, format);
            boolean abstain = noMatch == null ? parsed.format() == Format.EXTENDED : noMatch.equals("abstain");
            return new AclRules(file, parsed, abstain, cacheSize, cacheMemory);
        };
        WatchedFile<AclRules> rules = WatchedFile.load(path, parser, reload, context);
        return new AclAuthorizer(rules, subscribeAll);
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
                "write " + String.join(" or ", allowed));
    }
}
