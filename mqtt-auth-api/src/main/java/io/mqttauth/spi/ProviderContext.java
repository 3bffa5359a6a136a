package io.mqttauth.spi;

import io.mqttauth.ConfigurationException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a {@link ProviderFactory} gets to build its provider: its own configuration keys (without prefix), the folder
 * relative paths resolve against, a clock, and a way to tell the engine that its rules changed.
 *
 * <p>The typed getters fail fast with a {@link ConfigurationException} naming the full key and the fix.
 */
public final class ProviderContext {

    private final String name;
    private final Map<String, String> config;
    private final Path baseDirectory;
    private final Clock clock;
    private final Runnable reloaded;

    private ProviderContext(String name, Map<String, String> config, Path baseDirectory, Clock clock,
            Runnable reloaded) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Map.copyOf(config);
        this.baseDirectory = Objects.requireNonNull(baseDirectory, "baseDirectory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reloaded = Objects.requireNonNull(reloaded, "reloaded");
    }

    /**
     * A context for the provider {@code name} with its keys (without prefix). The engine builds these; tests may too.
     *
     * @param reloaded called by the provider after it swapped in new rules, so that cached decisions are dropped
     */
    public static ProviderContext of(String name, Map<String, String> config, Path baseDirectory, Clock clock,
            Runnable reloaded) {
        return new ProviderContext(name, config, baseDirectory, clock, reloaded);
    }

    /** A context with the system clock and no reload listener, for tests and tools. */
    public static ProviderContext of(String name, Map<String, String> config, Path baseDirectory) {
        return new ProviderContext(name, config, baseDirectory, Clock.systemUTC(), () -> { });
    }

    /** The provider's configured name. */
    public String name() {
        return name;
    }

    /** The provider's keys and values, without the prefix, sorted. */
    public Map<String, String> config() {
        return new TreeMap<>(config);
    }

    /** The folder that relative paths resolve against (the configuration file's folder). */
    public Path baseDirectory() {
        return baseDirectory;
    }

    /** The clock to use for every time-dependent decision. */
    public Clock clock() {
        return clock;
    }

    /** Tells the engine that the provider's rules changed (drops cached decisions). */
    public void reloaded() {
        reloaded.run();
    }

    /** The full key, {@code name.key}, for messages. */
    public String fullKey(String key) {
        return name + "." + key;
    }

    /** The value of a key, trimmed, if set and not blank. */
    public Optional<String> get(String key) {
        String value = config.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The value of a required key. */
    public String require(String key, String fix) {
        return get(key).orElseThrow(() -> ConfigurationException.ofKey(fullKey(key), "is required", fix));
    }

    /** A required path, resolved against {@link #baseDirectory()} when relative. */
    public Path requirePath(String key, String fix) {
        return resolve(key, require(key, fix));
    }

    /** An optional path, resolved against {@link #baseDirectory()} when relative. */
    public Optional<Path> path(String key) {
        return get(key).map(value -> resolve(key, value));
    }

    /** A boolean: {@code true/false}, {@code on/off}, {@code yes/no}. */
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw ConfigurationException.ofKey(fullKey(key),
                    "is \"" + value.get() + "\", not a boolean", "write true or false");
        };
    }

    /** An integer within {@code [min, max]}. */
    public long integer(String key, long defaultValue, long min, long max) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(value.get().replace("_", ""));
            if (n < min || n > max) {
                throw ConfigurationException.ofKey(fullKey(key), "is " + n + ", out of range",
                        "use a value from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ConfigurationException.ofKey(fullKey(key), "is \"" + value.get() + "\", not a number",
                    "use a whole number from " + min + " to " + max);
        }
    }

    /** A size in bytes within {@code [min, max]}, written as {@link #parseBytes} reads it. */
    public long bytes(String key, long defaultValue, long min, long max) {
        return get(key).map(v -> parseBytes(fullKey(key), v, min, max)).orElse(defaultValue);
    }

    /**
     * Parses a size in bytes: a whole number, optionally followed by {@code B}, {@code KiB}, {@code MiB} or
     * {@code GiB} (any case, {@code KB}, {@code MB} and {@code GB} mean the same powers of 1024), such as
     * {@code 65536}, {@code 64KiB} or {@code 16MiB}.
     *
     * @param key the full key, for the error message
     * @throws ConfigurationException if the value is not such a size, or not within {@code [min, max]}
     */
    public static long parseBytes(String key, String value, long min, long max) {
        String v = value.trim().replace("_", "").toLowerCase(Locale.ROOT);
        int unitAt = v.length();
        while (unitAt > 0 && Character.isLetter(v.charAt(unitAt - 1))) {
            unitAt--;
        }
        long scale = switch (v.substring(unitAt)) {
            case "", "b" -> 1;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> -1;
        };
        String fix = "write a number of bytes from " + min + " to " + max + ", optionally with a unit: 65536, 64KiB, "
                + "16MiB or 1GiB";
        try {
            long n = scale < 0 ? -1 : Math.multiplyExact(Long.parseLong(v.substring(0, unitAt).trim()), scale);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw ConfigurationException.ofKey(key, "is \"" + value + "\"", fix);
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT30S}. */
    public Duration duration(String key, Duration defaultValue) {
        return get(key).map(v -> parseDuration(fullKey(key), v)).orElse(defaultValue);
    }

    /**
     * Parses a duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT30S}.
     *
     * @param key the full key, for the error message
     * @throws ConfigurationException if the value is not a positive duration
     */
    public static Duration parseDuration(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.startsWith("p")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            } else {
                long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
                d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new NumberFormatException();
                };
            }
            if (d.isNegative() || d.isZero()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw ConfigurationException.ofKey(key, "is \"" + value + "\", not a positive duration",
                    "write a number with a unit: 500ms, 30s, 5m, 2h or 1d");
        }
    }

    private Path resolve(String key, String value) {
        try {
            return baseDirectory.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw ConfigurationException.ofKey(fullKey(key), "is not a valid path (" + e.getReason() + ")",
                    "write the path of a file, absolute or relative to the configuration file's folder");
        }
    }
}
