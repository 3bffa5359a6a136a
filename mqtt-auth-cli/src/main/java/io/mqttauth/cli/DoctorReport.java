package io.mqttauth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The checklist {@code doctor} prints: its steps in order, as text (✓/✗ lines) or as one JSON object. */
final class DoctorReport {

    /** How a step came out. */
    enum Status {
        /** Fine. */
        OK("\u2713"),
        /** A client with these settings fails here. */
        FAIL("\u2717"),
        /** Worth knowing; does not by itself stop a client. */
        WARN("!"),
        /** A fact, such as what a retry showed. */
        INFO("-");

        private final String mark;

        Status(String mark) {
            this.mark = mark;
        }
    }

    /**
     * One step: a stable {@code check} name (see docs/cli.md), its status, a one-line {@code title}, what was seen
     * ({@code detail}, may be empty), what to do ({@code remedy}, empty unless it failed or warns), the MQTT version
     * it concerns ({@code ""} if none) and the code the server sent ({@code -1} if none).
     */
    record Step(String check, Status status, String title, String detail, String remedy, String protocol, int code) {

        ObjectNode json() {
            ObjectNode w = JsonOutput.object().put("check", check)
                    .put("status", status.name().toLowerCase(java.util.Locale.ROOT));
            if (!protocol.isEmpty()) {
                w.put("protocol", protocol);
            }
            if (code >= 0) {
                w.put("code", code);
            }
            return w.put("title", title).put("detail", detail).put("remedy", remedy);
        }
    }

    private final String url;
    private final List<Step> steps = new ArrayList<>();

    DoctorReport(String url) {
        this.url = url;
    }

    /** Adds a step that concerns no particular MQTT version and carries no code. */
    Step add(String check, Status status, String title, String detail, String remedy) {
        return add(new Step(check, status, title, detail, remedy, "", -1));
    }

    /** Adds a step. */
    Step add(Step step) {
        steps.add(step);
        return step;
    }

    /** Whether no step failed. */
    boolean ok() {
        return steps.stream().noneMatch(s -> s.status() == Status.FAIL);
    }

    /**
     * The one-line verdict: a failed SNI retry (it explains the failures before it), else the first failure, or that
     * a client with these settings gets through.
     */
    String verdict() {
        return steps.stream().filter(s -> s.status() == Status.FAIL)
                .min(java.util.Comparator.comparing(s -> !s.check().equals("sni")))
                .map(s -> "a client with these settings cannot connect: " + s.title())
                .orElse("a client with these settings can connect");
    }

    /** The checklist for a person. */
    String text() {
        StringBuilder sb = new StringBuilder("mqtt-auth doctor ").append(url).append('\n');
        for (Step s : steps) {
            sb.append(s.status().mark).append(' ').append(s.title()).append('\n');
            if (!s.detail().isEmpty()) {
                sb.append("    saw:    ").append(s.detail()).append('\n');
            }
            if (!s.remedy().isEmpty()) {
                sb.append("    remedy: ").append(s.remedy()).append('\n');
            }
        }
        return sb.append(ok() ? "OK: " : "FAILED: ").append(verdict()).append('\n').toString();
    }

    /** The checklist as one JSON object on one line. */
    String json(int exit) {
        ObjectNode report = JsonOutput.object().put("url", url).put("ok", ok()).put("exit", exit)
                .put("verdict", verdict());
        report.putArray("steps").addAll(steps.stream().map(Step::json).toList());
        return JsonOutput.write(report);
    }
}
