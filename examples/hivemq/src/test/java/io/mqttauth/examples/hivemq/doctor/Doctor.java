package io.mqttauth.examples.hivemq.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code mqtt-auth doctor} through the CLI's picocli entry point in the test JVM, with a short timeout. */
public final class Doctor {

    /** What one run printed and returned. */
    public record Result(int status, String out, String err) {

        /**
         * The first step line that starts with {@code mark} and {@code titleStart}, with its indented details; fails
         * the test, showing the whole output, when there is none.
         */
        public String step(String mark, String titleStart) {
            List<String> lines = out.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(mark + " " + titleStart)) {
                    StringBuilder sb = new StringBuilder(lines.get(i));
                    for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("    "); j++) {
                        sb.append('\n').append(lines.get(j));
                    }
                    return sb.toString();
                }
            }
            throw new AssertionError("no step \"" + mark + " " + titleStart + "\" in\n" + this);
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static final String OK = "\u2713";
    public static final String FAIL = "\u2717";
    public static final String WARN = "!";
    public static final String INFO = "-";

    private Doctor() {
    }

    /** Runs {@code mqtt-auth} with {@code args} (any command), in this JVM; returns its exit status. */
    public static int cli(String... args) {
        return Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
    }

    /**
     * Runs {@code doctor} with {@code args}, and {@code --timeout 10s} unless they give a timeout: a timeout is only
     * waited for where nothing answers, and the tests that expect silence give a shorter one.
     */
    public static Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("doctor"));
        if (!List.of(args).contains("--timeout")) {
            all.addAll(List.of("--timeout", "10s"));
        }
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        Result r = new Result(status, out.toString(), err.toString());
        assertThat(r.out()).as("the last line is the verdict").containsPattern(status == 0
                ? "(?m)^OK: a client with these settings can connect$|^\\{.*\\}$"
                : status == 1 ? "(?m)^FAILED: a client with these settings cannot connect: |^\\{.*\\}$" : "^$");
        return r;
    }
}
