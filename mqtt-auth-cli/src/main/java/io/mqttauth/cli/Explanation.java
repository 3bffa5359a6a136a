package io.mqttauth.cli;

import io.mqttauth.Action;
import io.mqttauth.ConnectAttempt;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import io.mqttauth.MqttVersion;
import io.mqttauth.SafeText;
import io.mqttauth.TlsFacts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code explain} text: the same decision as {@code check}, written for a person, with what would have made it
 * succeed. Built from the decision's provider, detail, reason, codes and trail, and the request as the engine shows it
 * ({@link MqttAuth#attempt}: no user name that carries a secret); never shows a secret. What the client sent is quoted
 * and escaped ({@link SafeText#quote}).
 */
final class Explanation {

    private final Answer answer;
    private final MqttAuth auth;
    private final Path config;

    private Explanation(Answer answer, MqttAuth auth, Path config) {
        this.answer = answer;
        this.auth = auth;
        this.config = config;
    }

    /** The explanation of {@code answer}; its first line is {@code ALLOW} or {@code DENY <REASON_CODE>}. */
    static String of(Answer answer, MqttAuth auth, Path config) {
        return new Explanation(answer, auth, config).text();
    }

    private String text() {
        Decision d = answer.decision();
        StringBuilder sb = new StringBuilder(answer.verdict()).append('\n');
        sb.append(story()).append('\n');
        if (d.isAllowed()) {
            sb.append("Allowed by ").append(d.provider()).append(": ").append(d.detail()).append('\n');
        } else {
            FailureReason reason = d.reason().orElseThrow();
            sb.append("Refused by ").append(d.provider()).append(": ").append(d.detail()).append('\n');
            sb.append("Reason: ").append(reason.code()).append(" - ").append(reason.description()).append('\n');
            sb.append("The broker answers: ").append(codes(d)).append('\n');
            String hint = hint(reason);
            sb.append("To make it succeed: ").append(hint).append('\n');
            if (!hint.equals(reason.remedy())) {
                sb.append("In general: ").append(reason.remedy()).append('\n');
            }
        }
        List<Decision.Step> steps = trail();
        if (!steps.isEmpty()) {
            sb.append("What each step said:\n");
            for (Decision.Step step : steps) {
                sb.append("  ").append(step).append('\n');
            }
        }
        return sb.toString();
    }

    /** One sentence: who the client is and what happened. */
    private String story() {
        ConnectAttempt r = auth.attempt(answer.question().request());
        StringBuilder sb = new StringBuilder("Client ").append(SafeText.quote(r.clientId()));
        sb.append(r.username() == null ? " without a user name" : " with user name " + SafeText.quote(r.username()));
        sb.append(r.passwordGiven() ? " and a password" : " and no password");
        sb.append(" (").append(r.mqttVersion() == MqttVersion.V5 ? "MQTT 5" : "MQTT 3.1.1");
        if (r.remoteAddress() != null) {
            sb.append(", from ").append(r.remoteAddress().getHostAddress());
        }
        TlsFacts t = r.tls();
        if (t == null) {
            sb.append(", no TLS");
        } else {
            sb.append(t.peerCertificates().isEmpty() ? ", TLS without a client certificate"
                    : ", certificate " + SafeText.escape(t.peerCertificates().get(0).getSubjectX500Principal()
                            .getName()))
                    .append(t.sniHostName() == null || t.sniHostName().isEmpty() ? ", no SNI"
                            : ", SNI " + SafeText.quote(t.sniHostName()));
        }
        sb.append(')');
        Decision connect = answer.connect();
        Action action = answer.question().action();
        if (!connect.isAllowed()) {
            sb.append(" may not connect");
            if (action != null) {
                sb.append(", so it cannot ").append(verb(action)).append(" either");
            }
            return sb.append('.').toString();
        }
        String who = connect.identity().map(i -> i.name()).orElse("?");
        sb.append(" connects as ").append(SafeText.quote(who)).append(" (accepted by ").append(connect.provider())
                .append(')');
        if (action == null) {
            return sb.append('.').toString();
        }
        sb.append(answer.decision().isAllowed() ? " and may " : " but may not ").append(verb(action));
        return sb.append('.').toString();
    }

    private static String verb(Action action) {
        return switch (action.type()) {
            case PUBLISH -> "publish to " + SafeText.quote(action.topic());
            case SUBSCRIBE -> "subscribe to " + SafeText.quote(action.topic());
            case RECEIVE -> "receive messages on " + SafeText.quote(action.topic());
        };
    }

    private String codes(Decision d) {
        int m5 = d.codes().mqtt5();
        int m3 = d.codes().mqtt3();
        Action action = d.action().orElse(null);
        if (action == null) {
            return String.format("CONNACK reason code 0x%02X (MQTT 5), return code %d (MQTT 3.1.1)", m5, m3);
        }
        return switch (action.type()) {
            case PUBLISH -> String.format("PUBACK/PUBREC reason code 0x%02X (MQTT 5); MQTT 3.1.1 cannot refuse a "
                    + "PUBLISH, so the broker drops the message", m5);
            case SUBSCRIBE -> String.format("SUBACK reason code 0x%02X (MQTT 5), 0x%02X (MQTT 3.1.1)", m5, m3);
            case RECEIVE -> "nothing to the client: the message is not delivered to it";
        };
    }

    /** What would have made the decision succeed, in the words of this case. */
    private String hint(FailureReason reason) {
        Decision d = answer.decision();
        ConnectAttempt r = auth.attempt(answer.question().request());
        String user = r.username() == null ? "" : r.username();
        String who = d.identity().map(i -> i.name()).orElse(user);
        List<String> authenticators = auth.authenticatorNames();
        List<String> authorizers = auth.authorizerNames();
        return switch (reason) {
            case NO_CREDENTIALS_FOUND -> authenticators.isEmpty()
                    ? "no authenticators are configured; list one in authenticators = ... in " + config
                    : "no authenticator (" + String.join(", ", authenticators) + ") knows user " + SafeText.quote(user)
                            + "; check the user name for typos, or add the user (for a password file: "
                            + "mqtt-auth passwd FILE " + SafeText.escape(user) + ")";
            case PASSWORD_MISMATCH -> "user " + SafeText.quote(user) + " exists (" + d.provider()
                    + "); the password differs. Send the right password, or set a new one with "
                    + "mqtt-auth passwd FILE " + SafeText.escape(user);
            case NO_PASSWORD -> "user " + SafeText.quote(user) + " sent no password; configure the client to send it";
            case ANONYMOUS_NOT_ALLOWED -> "the client sent no user name and anonymous = deny; send a user name and "
                    + "password (or a certificate or token), or set anonymous = allow in " + config;
            case BANNED -> "remove the entry named above from the ban list (banned.path in " + config
                    + ") if the ban is no longer wanted";
            case THROTTLED -> "wait until the time named above, when the block ends (throttle.block in " + config
                    + "); no password is checked until then, not even the right one. Fix the client's credentials "
                    + "first, or its next throttle.failures refusals block it again";
            case TLS_REQUIRED -> "the client connected without TLS and tls.required = true in " + config
                    + "; connect with TLS (an mqtts:// URL to the broker's TLS listener), or set tls.required = false "
                    + "if plain connections are wanted";
            case SNI_MISSING -> "the client sent no SNI and tls.sni-hosts in " + config + " requires one; connect by "
                    + "a host name it allows (named above), not by IP address, so that the TLS library sends SNI "
                    + "(on ESP32/mbedTLS set the host name)";
            case SNI_NOT_ALLOWED -> "the client asked for " + SafeText.quote(r.tls() == null
                    || r.tls().sniHostName() == null ? "" : r.tls().sniHostName()) + "; connect to a host name tls.sni-hosts allows (named above), or add this one to "
                    + "tls.sni-hosts in " + config;
            case NO_MATCHING_RULE -> {
                Action a = d.action().orElseThrow();
                String add = "add a rule that lets " + SafeText.quote(who) + " " + verb(a) + " (in a Mosquitto ACL: user "
                        + SafeText.escape(who) + " / topic " + (a.type() == Action.Type.PUBLISH ? "write " : "read ")
                        + SafeText.escape(a.topic()) + ")";
                if (!d.provider().equals("no-match")) {
                    yield d.provider() + " has no rule for it and denies what it does not allow; " + add;
                }
                yield (authorizers.isEmpty() ? "no authorizers are configured"
                        : "no authorizer (" + String.join(", ", authorizers) + ") has a rule for it") + "; " + add
                        + ", or set authorization.no-match = allow in " + config;
            }
            case DENIED_BY_RULE -> "change or remove the rule named above so that it no longer denies "
                    + SafeText.quote(who) + " to " + verb(d.action().orElseThrow());
            default -> reason.remedy();
        };
    }

    /** The trail of the final decision, preceded by the connect trail when an action was decided after it. */
    private List<Decision.Step> trail() {
        Decision d = answer.decision();
        if (d == answer.connect()) {
            return d.trail();
        }
        List<Decision.Step> all = new ArrayList<>(answer.connect().trail());
        all.addAll(d.trail());
        return all;
    }
}
