package io.mqttauth.cli;

import io.mqttauth.Action;
import io.mqttauth.Decision;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the engine answered to one {@link Question}: the connect decision and the final decision (the action's, or the
 * connect's when the action is {@code connect} or the connect was refused).
 *
 * @param question what was asked
 * @param connect the connect decision
 * @param decision the final decision
 */
record Answer(Question question, Decision connect, Decision decision) {

    /**
     * Asks the engine: authenticates, and authorizes the action if the connect was allowed. The request's secrets are
     * wiped once the connect is decided.
     */
    static Answer ask(MqttAuth auth, Question question) {
        Decision connect = auth.authenticate(question.request());
        question.request().clearSecrets();
        if (question.action() == null || !connect.isAllowed()) {
            return new Answer(question, connect, connect);
        }
        Identity identity = connect.identity().orElseThrow();
        return new Answer(question, connect, auth.authorize(identity, question.action()));
    }

    /** {@code ALLOW} or {@code DENY <REASON_CODE>}. */
    String verdict() {
        return decision.isAllowed() ? "ALLOW" : "DENY " + decision.reason().orElseThrow().code();
    }

    /** The exit status for this answer: 0 for ALLOW, 1 for DENY. */
    int status() {
        return decision.isAllowed() ? Main.OK : Main.DENY;
    }

    /** Whether the connect was refused before the action could be decided. */
    boolean refusedAtConnect() {
        return question.action() != null && decision == connect;
    }

    /** What was decided: {@code connect}, or the action type in lower case. */
    String decided() {
        return decision.action().map(a -> a.type().name().toLowerCase(Locale.ROOT)).orElse("connect");
    }

    /**
     * The answer as one JSON object: {@code decision}, {@code reason} (DENY only), {@code identity} (when there is
     * one), {@code mqtt3}, {@code mqtt5}, {@code provider}, {@code detail}, {@code remedy}, {@code action},
     * {@code topic}, {@code qos} and (publish, receive) {@code retain} (actions only) and, when given, {@code explanation}.
     *
     * @param line the batch line number, or 0 outside batch mode
     * @param explanation the text for a person, or {@code null}
     */
    String json(int line, String explanation) {
        ObjectNode o = JsonOutput.object();
        if (line > 0) {
            o.put("line", line);
        }
        o.put("decision", decision.isAllowed() ? "ALLOW" : "DENY");
        decision.reason().ifPresent(r -> o.put("reason", r.code()));
        decision.identity().ifPresent(i -> o.put("identity", i.name()));
        o.put("mqtt3", decision.codes().mqtt3())
                .put("mqtt5", decision.codes().mqtt5())
                .put("provider", decision.provider())
                .put("detail", decision.detail())
                .put("remedy", decision.remedy())
                .put("action", decided());
        decision.action().ifPresent(a -> {
            o.put("topic", a.topic());
            o.put("qos", a.qos());
            if (a.type() != Action.Type.SUBSCRIBE) {
                o.put("retain", a.retain());
            }
        });
        if (explanation != null) {
            o.put("explanation", explanation);
        }
        return JsonOutput.write(o);
    }

    /** The plain output of {@code check}: the verdict line, then {@link Decision#explain()} of each decision. */
    String plain() {
        StringBuilder sb = new StringBuilder(verdict()).append('\n').append(decision.explain());
        if (decision != connect) {
            sb.append("  connect:    ").append(connect).append('\n');
        } else if (refusedAtConnect()) {
            sb.append("  not decided: ").append(question.action()).append(" (the connect was refused)\n");
        }
        return sb.toString();
    }

    /** One JSON object for a batch line that could not be read. */
    static String errorJson(int line, String message) {
        return JsonOutput.write(JsonOutput.object().put("line", line).put("decision", "ERROR").put("error", message));
    }
}
