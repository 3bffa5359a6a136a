package io.mqttauth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mqtt-auth} command line: {@code check}, {@code explain}, {@code validate}, {@code passwd}. */
@Command(name = "mqtt-auth", mixinStandardHelpOptions = true, version = "mqtt-auth 0.1.0-SNAPSHOT",
        description = "Ask the configured authentication stack why a client is allowed or refused.",
        subcommands = {})
public final class Main {

    /** Exit status for ALLOW and for a successful command. */
    public static final int OK = 0;
    /** Exit status for DENY. */
    public static final int DENY = 1;
    /** Exit status for a usage or configuration error. */
    public static final int USAGE = 2;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests and embedding). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(e -> USAGE);
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println(e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return USAGE;
        });
        return cl.execute(args);
    }
}
