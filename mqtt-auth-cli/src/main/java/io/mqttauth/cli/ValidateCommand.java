package io.mqttauth.cli;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.MqttAuth;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mqtt-auth validate}: loads the configuration and every file it names, and reports every problem. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Load the configuration, its providers and their files, and report every problem with its "
                + "file and line or key, and the fix.",
            "Exit status: 0 valid, 2 problems found."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The mqtt-auth configuration (properties file).")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ConfigurationProblem> problems;
        try (MqttAuth auth = MqttAuth.fromFile(config)) {
            problems = auth.problems();
            if (problems.isEmpty()) {
                out.println("OK " + config + ": authenticators [" + String.join(", ", auth.authenticatorNames())
                        + "], authorizers [" + String.join(", ", auth.authorizerNames()) + "]");
                return Main.OK;
            }
        } catch (ConfigurationException e) {
            problems = e.problems();
        }
        out.print(Problems.describe(problems));
        return Main.USAGE;
    }
}
