package io.mqttauth.cli;

import io.mqttauth.ConfigurationProblem;

import java.util.List;

/** Writes configuration problems for operators: one per line, each with its file and line or key, and the fix. */
final class Problems {

    private Problems() {
    }

    /** The problems as lines under a heading that counts them. */
    static String describe(List<ConfigurationProblem> problems) {
        StringBuilder sb = new StringBuilder("configuration error: ")
                .append(problems.size() == 1 ? "1 problem" : problems.size() + " problems").append('\n');
        for (ConfigurationProblem p : problems) {
            sb.append("  ").append(p).append('\n');
        }
        return sb.toString();
    }
}
