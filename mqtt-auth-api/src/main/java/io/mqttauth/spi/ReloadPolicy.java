package io.mqttauth.spi;

import io.mqttauth.ConfigurationException;
import jakarta.annotation.Nullable;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * When a {@link WatchedFile} re-reads its file: on file-system change events ({@code watch}), every interval (a
 * duration such as {@code 30s}), or only when asked ({@code off}).
 *
 * @param watch whether to watch the file for changes
 * @param interval the polling interval, or {@code null}
 */
public record ReloadPolicy(boolean watch, @Nullable Duration interval) {

    /** Reload on file-system events (the default). */
    public static final ReloadPolicy WATCH = new ReloadPolicy(true, null);

    /** Reload only when {@link WatchedFile#reload()} is called. */
    public static final ReloadPolicy OFF = new ReloadPolicy(false, null);

    /** Poll for changes every {@code interval}. */
    public static ReloadPolicy every(Duration interval) {
        return new ReloadPolicy(false, interval);
    }

    /** The polling interval, if polling. */
    public Optional<Duration> pollInterval() {
        return Optional.ofNullable(interval);
    }

    /**
     * Parses {@code watch}, {@code off} or a duration; an absent value means {@code watch}.
     *
     * @param key the full configuration key, for the error message
     */
    public static ReloadPolicy parse(String key, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return WATCH;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "watch" -> WATCH;
            case "off" -> OFF;
            default -> {
                try {
                    yield every(ProviderContext.parseDuration(key, value));
                } catch (ConfigurationException e) {
                    throw ConfigurationException.ofKey(key, "is \"" + value + "\"",
                            "write watch, off, or an interval such as 30s");
                }
            }
        };
    }

    @Override
    public String toString() {
        return watch ? "watch" : interval == null ? "off" : "every " + interval;
    }
}
