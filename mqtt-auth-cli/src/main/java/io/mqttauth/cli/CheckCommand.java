package io.mqttauth.cli;

import io.mqttauth.MqttAuth;

import java.io.PrintWriter;

import picocli.CommandLine.Command;

/** {@code mqtt-auth check}: decides one client action (or a batch of them) and prints the verdict first. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Decide whether a client may connect, publish, subscribe or receive.",
            "Prints ALLOW or DENY <REASON_CODE> first, then the explanation. Exit status: 0 ALLOW, 1 DENY, "
                    + "2 usage or configuration error."})
final class CheckCommand extends DecisionCommand {

    @Override
    void writeOne(PrintWriter out, Answer answer, MqttAuth auth) {
        out.print(json ? answer.json(0, null) + "\n" : answer.plain());
    }

    @Override
    void writeLine(PrintWriter out, int line, Answer answer, MqttAuth auth) {
        out.println(json ? answer.json(line, null) : answer.verdict());
    }
}
