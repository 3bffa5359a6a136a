package io.mqttauth.internal;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import io.mqttauth.ReasonCodes;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Reads the properties file into an {@link MqttAuth.Builder} and creates providers found by ServiceLoader. */
public final class Configuration {

    /** The keys the engine itself understands (besides {@code reason-codes.<REASON>} and provider keys). */
    public static final Set<String> CORE_KEYS = Set.of(
            "authenticators", "authorizers", "anonymous", "superusers", "banned.path", "banned.reload",
            "tls.required", SniHosts.KEY, "authorization.no-match", "authorization.cache.size",
            "authorization.cache.expiry", "authorization.cache.memory", "authorization.cache.string-limit",
            "unauthorized-log.size", "unauthorized-log.retention", "unauthorized-log.memory",
            "unauthorized-log.string-limit", Throttle.FAILURES, Throttle.WINDOW, Throttle.BLOCK, Throttle.BY,
            Throttle.MEMORY);

    private static final System.Logger LOG = System.getLogger(Configuration.class.getName());

    private static final String REASON_CODES = "reason-codes.";

    // The defaults of MqttAuth.Builder, used for the other half of a pair when the file sets only one key.
    private static final long DEFAULT_LOG_SIZE = 10_000;
    private static final Duration DEFAULT_LOG_RETENTION = Duration.ofHours(24);
    private static final Duration DEFAULT_CACHE_EXPIRY = Duration.ofMinutes(10);
    private static final long DEFAULT_CACHE_MEMORY = 64L << 20;
    private static final long DEFAULT_LOG_MEMORY = 16L << 20;
    private static final long DEFAULT_STRING_LIMIT = 1024;
    private static final Duration DEFAULT_THROTTLE_WINDOW = Duration.ofMinutes(1);
    private static final Duration DEFAULT_THROTTLE_BLOCK = Duration.ofMinutes(5);
    private static final long DEFAULT_THROTTLE_MEMORY = 16L << 20;
    private static final long MAX_MEMORY = 1L << 40;

    /** Where each of our providers lives, to name the missing jar. */
    private static final Map<String, String> OUR_PROVIDERS = Map.of(
            "password-file", "io.mqttauth:mqtt-auth-passwordfile",
            "acl", "io.mqttauth:mqtt-auth-acl",
            "x509", "io.mqttauth:mqtt-auth-x509",
            "jwt", "io.mqttauth:mqtt-auth-jwt");

    private Configuration() {
    }

    /** Reads a properties file as UTF-8. */
    public static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            p.load(r);
            return p;
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(new ConfigurationProblem(file, 0, null, "configuration file not found",
                    "check the path"));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(new ConfigurationProblem(file, 0, null,
                    "cannot read the configuration: " + e.getMessage(), "check the file"));
        }
    }

    /** Applies the properties to the builder; collects every problem and throws them together. */
    public static void apply(Properties properties, Path file, Set<String> hostKeys, MqttAuth.Builder builder) {
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k.trim(), properties.getProperty(k).trim()));
        List<ConfigurationProblem> problems = new ArrayList<>();
        List<String> authenticators = names(values.get("authenticators"));
        List<String> authorizers = names(values.get("authorizers"));
        Set<String> listed = new LinkedHashSet<>(authenticators);
        listed.addAll(authorizers);

        Map<String, Map<String, String>> providerKeys = new LinkedHashMap<>();
        listed.forEach(n -> providerKeys.put(n, new TreeMap<>()));
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            if (CORE_KEYS.contains(key) || hostKeys.contains(key)) {
                continue;
            }
            if (key.startsWith(REASON_CODES)) {
                parseReasonCode(key, e.getValue(), builder, problems);
                continue;
            }
            String prefix = listed.stream().filter(n -> key.startsWith(n + ".")).findFirst().orElse(null);
            if (prefix != null) {
                providerKeys.get(prefix).put(key.substring(prefix.length() + 1), e.getValue());
            } else {
                int dot = key.indexOf('.');
                String head = dot < 0 ? key : key.substring(0, dot);
                if (OUR_PROVIDERS.containsKey(head)) {
                    problems.add(ConfigurationProblem.ofKey(key, "configures provider \"" + head
                            + "\", which is not listed in authenticators or authorizers",
                            "add " + head + " to authenticators or authorizers, or remove the key"));
                } else {
                    Set<String> known = new TreeSet<>(CORE_KEYS);
                    known.addAll(hostKeys);
                    known.add("reason-codes.<REASON>");
                    listed.forEach(n -> known.add(n + ".*"));
                    problems.add(ConfigurationProblem.ofKey(key, "unknown key",
                            "check the spelling; known keys: " + String.join(", ", known)));
                }
            }
        }
        for (String name : authenticators) {
            builder.authenticatorProvider(name, providerKeys.get(name));
        }
        for (String name : authorizers) {
            builder.authorizerProvider(name, providerKeys.get(name));
        }
        if (isSet(values, "anonymous")) {
            guard(problems, () -> builder.anonymous(choice(values, "anonymous", "allow", "deny")));
        }
        if (isSet(values, "authorization.no-match")) {
            guard(problems, () -> builder.allowUnmatched(choice(values, "authorization.no-match", "allow", "deny")));
        }
        if (values.containsKey("superusers")) {
            builder.superusers(names(values.get("superusers")));
        }
        if (values.containsKey("banned.path") && !values.get("banned.path").isEmpty()) {
            try {
                builder.banList(Path.of(values.get("banned.path")));
            } catch (InvalidPathException e) {
                problems.add(ConfigurationProblem.ofKey("banned.path", "is not a valid path (" + e.getReason() + ")",
                        "write the path of the ban list, absolute or relative to the configuration file's folder"));
            }
        }
        if (values.containsKey("banned.reload")) {
            guard(problems, () -> builder.banListReload(values.get("banned.reload")));
        }
        if (isSet(values, "tls.required")) {
            guard(problems, () -> builder.tlsRequired(choice(values, "tls.required", "true", "false")));
        }
        if (values.containsKey(SniHosts.KEY)) {
            guard(problems, () -> builder.sniHosts(names(values.get(SniHosts.KEY))));
        }
        if (isSet(values, "unauthorized-log.size") || isSet(values, "unauthorized-log.retention")) {
            guard(problems, () -> builder.unauthorizedLog(
                    number(values, "unauthorized-log.size", DEFAULT_LOG_SIZE, 1,
                            Integer.MAX_VALUE),
                    duration(values, "unauthorized-log.retention", DEFAULT_LOG_RETENTION)));
        }
        if (isSet(values, "authorization.cache.size") || isSet(values, "authorization.cache.expiry")) {
            guard(problems, () -> builder.authorizationCache(
                    number(values, "authorization.cache.size", 0, 0, Integer.MAX_VALUE),
                    duration(values, "authorization.cache.expiry", DEFAULT_CACHE_EXPIRY)));
        }
        if (isSet(values, "unauthorized-log.memory") || isSet(values, "unauthorized-log.string-limit")) {
            guard(problems, () -> builder.unauthorizedLogLimits(
                    bytes(values, "unauthorized-log.memory", DEFAULT_LOG_MEMORY),
                    (int) number(values, "unauthorized-log.string-limit", DEFAULT_STRING_LIMIT, 16,
                            Integer.MAX_VALUE)));
        }
        if (isSet(values, "authorization.cache.memory") || isSet(values, "authorization.cache.string-limit")) {
            guard(problems, () -> builder.authorizationCacheLimits(
                    bytes(values, "authorization.cache.memory", DEFAULT_CACHE_MEMORY),
                    (int) number(values, "authorization.cache.string-limit", DEFAULT_STRING_LIMIT, 16,
                            Integer.MAX_VALUE)));
        }
        if (isSet(values, Throttle.FAILURES) || isSet(values, Throttle.WINDOW) || isSet(values, Throttle.BLOCK)
                || values.containsKey(Throttle.BY)) {
            guard(problems, () -> builder.throttle(
                    (int) number(values, Throttle.FAILURES, 0, 0, Throttle.MAX_FAILURES),
                    duration(values, Throttle.WINDOW, DEFAULT_THROTTLE_WINDOW),
                    duration(values, Throttle.BLOCK, DEFAULT_THROTTLE_BLOCK),
                    values.containsKey(Throttle.BY) ? names(values.get(Throttle.BY)) : List.of("username", "address")));
        }
        if (isSet(values, Throttle.MEMORY)) {
            guard(problems, () -> builder.throttleMemory(bytes(values, Throttle.MEMORY, DEFAULT_THROTTLE_MEMORY)));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems.stream().map(p -> p.file() == null
                    ? new ConfigurationProblem(file, 0, p.key(), p.message(), p.fix()) : p).toList());
        }
    }

    private static void guard(List<ConfigurationProblem> problems, Runnable r) {
        try {
            r.run();
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
        }
    }

    private static List<String> names(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static boolean isSet(Map<String, String> values, String key) {
        String v = values.get(key);
        return v != null && !v.isEmpty();
    }

    private static boolean choice(Map<String, String> values, String key, String yes, String no) {
        String v = values.get(key);
        if (v.equalsIgnoreCase(yes)) {
            return true;
        }
        if (v.equalsIgnoreCase(no)) {
            return false;
        }
        throw ConfigurationException.ofKey(key, "is \"" + v + "\"", "write " + yes + " or " + no);
    }

    private static long number(Map<String, String> values, String key, long dflt, long min, long max) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ConfigurationException.ofKey(key, "is \"" + v + "\"", "write a whole number from " + min + " to " + max);
    }

    private static long bytes(Map<String, String> values, String key, long dflt) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? dflt : ProviderContext.parseBytes(key, v, 64 * 1024, MAX_MEMORY);
    }

    private static Duration duration(Map<String, String> values, String key, Duration dflt) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? dflt : ProviderContext.parseDuration(key, v);
    }

    private static void parseReasonCode(String key, String value, MqttAuth.Builder builder,
            List<ConfigurationProblem> problems) {
        String name = key.substring(REASON_CODES.length()).toUpperCase(Locale.ROOT);
        FailureReason reason;
        try {
            reason = FailureReason.valueOf(name);
        } catch (IllegalArgumentException e) {
            problems.add(ConfigurationProblem.ofKey(key, "unknown reason \"" + name + "\"",
                    "use one of " + Arrays.stream(FailureReason.values()).map(Enum::name)
                            .collect(Collectors.joining(", "))));
            return;
        }
        String fix = reason.isAuthorization()
                ? "write an MQTT 5 PUBACK/SUBACK failure code from 0x80 to 0xFF, such as 0x87"
                : "write an MQTT 5 CONNACK failure code such as 0x86, optionally followed by /<MQTT 3.1.1 code 1-5>,"
                        + " such as 0x86/4";
        try {
            String[] parts = value.split("/", -1);
            if (parts.length > 2 || reason.isAuthorization() && parts.length != 1) {
                throw new NumberFormatException();
            }
            int mqtt5 = Integer.decode(parts[0].trim());
            if (mqtt5 < 0x80 || mqtt5 > 0xFF) {
                throw new NumberFormatException();
            }
            ReasonCodes codes;
            if (reason.isAuthorization()) {
                codes = ReasonCodes.ack(mqtt5);
            } else if (parts.length == 2) {
                int mqtt3 = Integer.decode(parts[1].trim());
                if (mqtt3 < 1 || mqtt3 > 5) {
                    throw new NumberFormatException();
                }
                codes = new ReasonCodes(mqtt3, mqtt5);
            } else {
                codes = ReasonCodes.connack(mqtt5);
            }
            guard(problems, () -> builder.reasonCodes(reason, codes));
        } catch (NumberFormatException e) {
            problems.add(ConfigurationProblem.ofKey(key, "is \"" + value + "\"", fix));
        }
    }

    /**
     * Finds each named provider's factory through ServiceLoader, checks its keys and creates it. Every problem of every
     * provider is collected; on any problem the providers already created are closed and all problems are thrown.
     */
    public static Map<String, Provider> createProviders(Map<String, Map<String, String>> configs, Path baseDirectory,
            Clock clock, ClassLoader classLoader, Runnable reloaded) {
        Map<String, Provider> created = new LinkedHashMap<>();
        if (configs.isEmpty()) {
            return created;
        }
        Discovery discovery = Discovery.run(classLoader);
        List<ConfigurationProblem> problems = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : configs.entrySet()) {
            String name = e.getKey();
            try {
                ProviderFactory factory = discovery.find(name, OUR_PROVIDERS.get(name));
                boolean keysKnown = true;
                for (String key : e.getValue().keySet()) {
                    if (!factory.isKnownKey(key)) {
                        keysKnown = false;
                        problems.add(ConfigurationProblem.ofKey(name + "." + key, "unknown key",
                                "known keys: " + factory.keys().stream().sorted().map(k -> name + "." + k)
                                        .collect(Collectors.joining(", "))));
                    }
                }
                if (keysKnown) {
                    created.put(name, factory.create(
                            ProviderContext.of(name, e.getValue(), baseDirectory, clock, reloaded)));
                }
            } catch (ConfigurationException ex) {
                problems.addAll(ex.problems());
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.ERROR, "provider " + name + " failed to start",
                        Throwables.withoutMessages(ex));
                problems.add(ConfigurationProblem.ofKey(name, "the provider failed to start: " + ex.getClass().getName(),
                        "check the provider's configuration; the log has the stack trace"));
            }
        }
        if (!problems.isEmpty()) {
            created.values().forEach(Provider::close);
            throw new ConfigurationException(problems);
        }
        return created;
    }

    /** What ServiceLoader found: factories by name, and the providers that failed to load. */
    record Discovery(Map<String, List<ProviderFactory>> byName, List<String> broken) {

        static Discovery run(ClassLoader classLoader) {
            Map<String, List<ProviderFactory>> byName = new TreeMap<>();
            List<String> broken = new ArrayList<>();
            Iterator<ProviderFactory> it = ServiceLoader.load(ProviderFactory.class, classLoader).iterator();
            for (int guard = 0; guard < 10_000; guard++) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    ProviderFactory f = it.next();
                    byName.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f);
                } catch (ServiceConfigurationError | LinkageError e) {
                    broken.add(e.getMessage());
                }
            }
            return new Discovery(byName, broken);
        }

        ProviderFactory find(String name, String artifact) {
            List<ProviderFactory> found = byName.getOrDefault(name, List.of());
            if (found.size() == 1) {
                return found.get(0);
            }
            if (found.size() > 1) {
                throw ConfigurationException.ofKey(name, "several providers are named \"" + name + "\": "
                                + found.stream().map(f -> f.getClass().getName()).collect(Collectors.joining(", ")),
                        "keep only one of their jars on the class path");
            }
            String where = artifact == null ? "the jar that provides it" : "the jar " + artifact;
            String fix = "add " + where + " to the class path, or check the spelling; available providers: "
                    + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()));
            if (!broken.isEmpty()) {
                fix += "; providers that failed to load: " + String.join("; ", broken);
            }
            throw ConfigurationException.ofKey(name, "no provider named \"" + name + "\" was found", fix);
        }
    }
}
