package io.mqttauth.cli;

import io.mqttauth.MqttAuth;
import io.mqttauth.MqttVersion;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --batch}: reads JSON Lines, one question per line, and writes one result line (or block, for {@code explain}
 * without {@code --json}) per input line, in order, with one engine for all of them.
 *
 * <p>Each line is a flat object with the optional members {@code clientId}, {@code username}, {@code password},
 * {@code action}, {@code topic}, {@code qos}, {@code retain}, {@code protocol}, {@code address}, {@code tls} and
 * {@code sni}; an absent or
 * {@code null} member is not sent.
 * Other members are ignored, so lines may carry the caller's own fields (an id, an expected answer).
 */
final class Batch {

    /** Writes the result of one question. */
    interface Output {
        /** Writes the answer to line {@code line}. */
        void answer(int line, Answer answer);

        /** Writes the error of line {@code line}, which could not be asked. */
        void error(int line, String message);
    }

    private Batch() {
    }

    /**
     * Runs every line through {@code auth}.
     *
     * @return 0 if every line was allowed, 1 if at least one was denied, 2 if at least one could not be read
     */
    static int run(MqttAuth auth, BufferedReader in, Output out) throws IOException {
        int status = Main.OK;
        int n = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            n++;
            if (n == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            Question question;
            try {
                question = question(BatchLine.read(line));
            } catch (BatchLine.SyntaxError | UsageException e) {
                out.error(n, "line " + n + ": " + e.getMessage());
                status = Main.USAGE;
                continue;
            }
            Answer answer = Answer.ask(auth, question);
            out.answer(n, answer);
            status = Math.max(status, answer.status());
        }
        return status;
    }

    /** The question of one line. */
    static Question question(Map<String, BatchLine.Value> line) throws UsageException {
        MqttVersion version = Question.protocol(text(line, "protocol", true));
        String password = text(line, "password", false);
        Boolean tls = flag(line, "tls");
        String sni = text(line, "sni", false);
        if (Boolean.FALSE.equals(tls) && sni != null) {
            throw new UsageException("\"sni\" means the client connected over TLS; drop \"tls\": false or \"sni\"");
        }
        return new Question(
                Question.request(text(line, "clientId", false), text(line, "username", false),
                        password == null ? null : password.getBytes(StandardCharsets.UTF_8),
                        version, Question.address(text(line, "address", false)),
                        Question.tls(null, Boolean.TRUE.equals(tls), sni)),
                Question.action(text(line, "action", false), text(line, "topic", false), qos(line),
                        Boolean.TRUE.equals(flag(line, "retain"))));
    }

    /** The {@code qos} member, a number 0, 1 or 2, or {@code null} if absent or {@code null}. */
    private static Integer qos(Map<String, BatchLine.Value> line) throws UsageException {
        BatchLine.Value v = line.get("qos");
        if (v == null || v.kind() == BatchLine.Value.Kind.NULL) {
            return null;
        }
        if (v.kind() == BatchLine.Value.Kind.NUMBER && v.text().matches("[0-2]")) {
            return Integer.valueOf(v.text());
        }
        throw new UsageException("\"qos\" must be 0, 1, 2 or null, not " + v.text());
    }

    /** The boolean member {@code name}, or {@code null} if absent or {@code null}. */
    private static Boolean flag(Map<String, BatchLine.Value> line, String name) throws UsageException {
        BatchLine.Value v = line.get(name);
        if (v == null || v.kind() == BatchLine.Value.Kind.NULL) {
            return null;
        }
        if (v.kind() == BatchLine.Value.Kind.BOOLEAN) {
            return Boolean.valueOf(v.text());
        }
        throw new UsageException("\"" + name + "\" must be true, false or null, not " + v.text());
    }

    private static String text(Map<String, BatchLine.Value> line, String name, boolean numberAllowed)
            throws UsageException {
        BatchLine.Value v = line.get(name);
        if (v == null || v.kind() == BatchLine.Value.Kind.NULL) {
            return null;
        }
        if (v.kind() == BatchLine.Value.Kind.STRING || numberAllowed && v.kind() == BatchLine.Value.Kind.NUMBER) {
            return v.text();
        }
        // A password given as a number is still a password: never repeat it.
        throw new UsageException("\"" + name + "\" must be a string" + (numberAllowed ? " or a number" : "")
                + " or null, not " + (name.equals("password") ? "a " + v.kind().name().toLowerCase(Locale.ROOT)
                        : v.text()));
    }
}
