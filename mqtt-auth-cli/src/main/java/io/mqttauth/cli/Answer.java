package io.mqttauth.cli;

import io.mqttauth.Action;
import io.mqttauth.Decision;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;

import java.util.Locale;

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
        Json.ObjectWriter w = new Json.ObjectWriter();
        if (line > 0) {
            w.number("line", line);
        }
        w.string("decision", decision.isAllowed() ? "ALLOW" : "DENY");
        decision.reason().ifPresent(r -> w.string("reason", r.code()));
        decision.identity().ifPresent(i -> w.string("identity", i.name()));
        w.number("mqtt3", decision.codes().mqtt3())
                .number("mqtt5", decision.codes().mqtt5())
                .string("provider", decision.provider())
                .string("detail", decision.detail())
                .string("remedy", decision.remedy())
                .string("action", decided());
        decision.action().ifPresent(a -> {
            w.string("topic", a.topic());
            w.number("qos", a.qos());
            if (a.type() != Action.Type.SUBSCRIBE) {
                w.bool("retain", a.retain());
            }
        });
        if (explanation != null) {
            w.string("explanation", explanation);
        }
        return w.toString();
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
        return new Json.ObjectWriter().number("line", line).string("decision", "ERROR").string("error", message)
                .toString();
    }
}
