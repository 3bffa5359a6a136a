package io.mqttauth;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration, or a file it names, is wrong. Thrown at start-up (fail fast) and kept, not thrown, when a reload
 * fails. The message lists every problem with its file, line, key and fix; it never contains a secret.
 */
public final class ConfigurationException extends RuntimeException {

    private final List<ConfigurationProblem> problems;

    /** An exception for one or more problems. */
    public ConfigurationException(List<ConfigurationProblem> problems) {
        super(format(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** An exception for one problem. */
    public ConfigurationException(ConfigurationProblem problem) {
        this(List.of(problem));
    }

    /** An exception for one problem with a key. */
    public static ConfigurationException ofKey(String key, String message, String fix) {
        return new ConfigurationException(ConfigurationProblem.ofKey(key, message, fix));
    }

    /** Every problem found, in file order. */
    public List<ConfigurationProblem> problems() {
        return problems;
    }

    private static String format(List<ConfigurationProblem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).toString();
        }
        return problems.size() + " configuration problems:\n" + problems.stream()
                .map(p -> "  " + p)
                .collect(Collectors.joining("\n"));
    }
}
