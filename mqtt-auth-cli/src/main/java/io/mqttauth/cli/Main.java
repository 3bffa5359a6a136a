package io.mqttauth.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mqtt-auth} command line: {@code check}, {@code explain}, {@code validate}, {@code passwd}, {@code hash},
 * {@code doctor}.
 */
@Command(name = "mqtt-auth", mixinStandardHelpOptions = true, version = "mqtt-auth 0.1.0-SNAPSHOT",
        description = "Ask the configured authentication stack why a client is allowed or refused.",
        subcommands = {CheckCommand.class, ExplainCommand.class, ValidateCommand.class, PasswdCommand.class,
            HashCommand.class, DoctorCommand.class})
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

    /**
     * {@code message} with the values given in {@code args} to {@code --password}, or to any option whose name contains
     * {@code pas} (a mistyped {@code --pasword=S3cret}), replaced by {@code <password>}: picocli quotes the arguments it
     * cannot place ({@code Unknown option: '--pasword=S3cret'}).
     */
    static String withoutPasswords(String message, String[] args) {
        String shown = message;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (!name.startsWith("-") || !name.toLowerCase(Locale.ROOT).contains("pas")
                    || name.equals("--password-file")) {
                continue;
            }
            String secret = eq >= 0 ? arg.substring(eq + 1) : i + 1 < args.length ? args[i + 1] : "";
            if (!secret.isEmpty()) {
                // Quoted always; bare only when long enough not to hit ordinary words of the message.
                shown = shown.replace("'" + secret + "'", "'<password>'");
                if (secret.length() >= 6) {
                    shown = shown.replace(secret, "<password>");
                }
            }
        }
        return shown;
    }

    /**
     * Runs the command line and returns its exit status (for tests and embedding). Writes UTF-8 to
     * {@link System#out} and {@link System#err}, whatever the platform's default encoding.
     */
    public static int run(String... args) {
        return run(new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8),
                1 << 16)), new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true), args);
    }

    /**
     * Runs the command line writing to {@code out} and {@code err} (flushed before it returns) and returns its exit
     * status: the entry point for tests that run a command in their own JVM.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> USAGE);
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println(withoutPasswords(e.getMessage(), a));
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return USAGE;
        });
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
