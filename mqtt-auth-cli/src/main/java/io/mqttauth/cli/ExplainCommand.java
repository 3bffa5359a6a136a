package io.mqttauth.cli;

import io.mqttauth.MqttAuth;

import java.io.PrintWriter;

import picocli.CommandLine.Command;

/** {@code mqtt-auth explain}: the decision of {@code check}, written for a person. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain why a client may or may not connect, publish, subscribe or receive, and what would "
                + "make it succeed.",
            "Takes the same arguments as check and exits with the same status."})
final class ExplainCommand extends DecisionCommand {

    @Override
    void writeOne(PrintWriter out, Answer answer, MqttAuth auth) {
        String text = Explanation.of(answer, auth, config);
        out.print(json ? answer.json(0, text) + "\n" : text);
    }

    @Override
    void writeLine(PrintWriter out, int line, Answer answer, MqttAuth auth) {
        String text = Explanation.of(answer, auth, config);
        if (json) {
            out.println(answer.json(line, text));
        } else {
            out.print("line " + line + ": " + text + "\n");
        }
    }
}
