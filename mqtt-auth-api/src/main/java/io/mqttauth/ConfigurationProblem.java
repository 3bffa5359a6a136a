package io.mqttauth;

import jakarta.annotation.Nullable;
import java.nio.file.Path;

/**
 * One mistake in the configuration or in a file it names, located as precisely as possible.
 *
 * @param file the file, or {@code null} for programmatic configuration
 * @param line the 1-based line, or 0 when the problem has no line
 * @param key the configuration key concerned, or {@code null}
 * @param message what is wrong
 * @param fix how to fix it, or {@code null}
 */
public record ConfigurationProblem(
        @Nullable Path file, int line, @Nullable String key, String message, @Nullable String fix) {

    /** A problem with a configuration key. */
    public static ConfigurationProblem ofKey(String key, String message, String fix) {
        return new ConfigurationProblem(null, 0, key, message, fix);
    }

    /** A problem on one line of a file. */
    public static ConfigurationProblem atLine(Path file, int line, String message, @Nullable String fix) {
        return new ConfigurationProblem(file, line, null, message, fix);
    }

    /** Formats as {@code file:line: key: message; fix: ...}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (key != null) {
            sb.append(key).append(": ");
        }
        sb.append(message);
        if (fix != null) {
            sb.append("; fix: ").append(fix);
        }
        return sb.toString();
    }
}
