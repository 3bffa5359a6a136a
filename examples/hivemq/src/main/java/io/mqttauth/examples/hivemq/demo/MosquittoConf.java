package io.mqttauth.examples.hivemq.demo;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Mosquitto 2.0 {@code mosquitto.conf}, translated so that the demo broker answers as Mosquitto would for the same
 * files: {@code password_file} becomes the {@code password-file} provider, {@code acl_file} the {@code acl} provider in
 * Mosquitto format with Mosquitto's subscribe behaviour (every SUBSCRIBE granted, each delivery checked for read
 * access), {@code allow_anonymous} the anonymous policy (defaulting, as in Mosquitto 2.0, to {@code false} when a
 * listener is configured and {@code true} in "local only" mode), and {@code listener}/{@code port}/
 * {@code bind_address} the TCP listeners.
 *
 * <p>Directives that change who may connect or what they may do and that the demo cannot honour (plugins, TLS
 * settings, PSK, per-listener settings) are errors naming file and line; everything else is ignored with a notice.
 * Relative file names are looked up beside the configuration file, then in the working directory (Mosquitto uses
 * only the working directory).
 *
 * @param file the configuration file
 * @param passwordFile the {@code password_file}, or {@code null}
 * @param aclFile the {@code acl_file}, or {@code null}
 * @param allowAnonymous the effective {@code allow_anonymous}
 * @param listeners the TCP listeners, in order (empty in local-only mode)
 * @param notices what was ignored, one line each
 */
public record MosquittoConf(Path file, @Nullable Path passwordFile, @Nullable Path aclFile, boolean allowAnonymous,
        List<Listener> listeners, List<String> notices) {

    /**
     * A TCP listener.
     *
     * @param port the port
     * @param bindAddress the address, or {@code null} when the configuration names none
     */
    public record Listener(int port, @Nullable String bindAddress) {
    }

    /** The port of Mosquitto's local-only mode, when no listener is configured. */
    public static final int DEFAULT_PORT = 1883;

    private static final Set<String> UNSUPPORTED = Set.of(
            "plugin", "auth_plugin", "psk_file", "psk_hint", "cafile", "capath", "certfile", "keyfile",
            "require_certificate", "use_identity_as_username", "use_subject_as_username", "crlfile", "tls_version",
            "ciphers", "ciphers_tls1.3", "dhparamfile", "include_dir", "http_dir", "websockets_headers_size",
            "mount_point", "socket_domain", "unix_socket_path", "proxy_protocol");

    /**
     * Whether the text is a mosquitto.conf rather than an mqtt-auth properties file: its first setting has no
     * {@code =} ({@code key = value} is the properties form, {@code directive value} Mosquitto's).
     */
    public static boolean looksLikeMosquittoConf(String text) {
        for (String line : text.split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#") && !t.startsWith("!")) {
                return !t.contains("=");
            }
        }
        return false;
    }

    /**
     * Reads a mosquitto.conf.
     *
     * @throws ConfigurationException listing every directive the demo cannot honour, with file and line
     */
    public static MosquittoConf read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException(new ConfigurationProblem(file, 0, null,
                    "cannot read the configuration: " + e.getMessage(), "check the path"));
        }
        Path passwordFile = null;
        Path aclFile = null;
        Boolean allowAnonymous = null;
        String bindAddress = null;
        Integer defaultPort = null;
        List<Listener> listeners = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        List<ConfigurationProblem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String directive = parts[0];
            String value = parts.length > 1 ? parts[1].strip() : "";
            switch (directive) {
                case "password_file" -> passwordFile = path(file, n, directive, value, problems);
                case "acl_file" -> aclFile = path(file, n, directive, value, problems);
                case "allow_anonymous" -> allowAnonymous = bool(file, n, directive, value, problems);
                case "bind_address" -> bindAddress = value;
                case "port" -> defaultPort = port(file, n, value, problems);
                case "listener" -> {
                    String[] words = value.split("\\s+");
                    Integer port = port(file, n, words[0], problems);
                    if (port != null) {
                        listeners.add(new Listener(port, words.length > 1 ? words[1] : null));
                    }
                }
                case "protocol" -> {
                    if (!value.equals("mqtt")) {
                        problems.add(ConfigurationProblem.atLine(file, n, "protocol " + value
                                + " is not supported by the demo broker", "use plain MQTT over TCP listeners"));
                    }
                }
                case "per_listener_settings" -> {
                    if (Boolean.TRUE.equals(bool(file, n, directive, value, problems))) {
                        problems.add(ConfigurationProblem.atLine(file, n, "per_listener_settings true is not"
                                + " supported by the demo broker", "use one password_file and acl_file for all"));
                    }
                }
                default -> {
                    if (UNSUPPORTED.contains(directive) || directive.startsWith("auth_opt_")
                            || directive.startsWith("plugin_opt_")) {
                        problems.add(ConfigurationProblem.atLine(file, n, directive
                                + " is not supported by the demo broker", "remove it; the demo supports password_file,"
                                + " acl_file, allow_anonymous and plain TCP listeners (TLS: --tls-port)"));
                    } else {
                        notices.add(file.getFileName() + ":" + n + ": " + directive + " is not used by the demo broker"
                                + " (ignored)");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        if (defaultPort != null || bindAddress != null) {
            listeners.add(0, new Listener(defaultPort == null ? DEFAULT_PORT : defaultPort, bindAddress));
        }
        boolean anonymous = allowAnonymous != null ? allowAnonymous : listeners.isEmpty();
        return new MosquittoConf(file, passwordFile, aclFile, anonymous, List.copyOf(listeners),
                List.copyOf(notices));
    }

    /**
     * The engine Mosquitto's configuration amounts to. Without a {@code password_file}, Mosquitto lets every client in
     * when anonymous clients are allowed (a user name is then only a name for the ACL) and refuses every client
     * otherwise; without an {@code acl_file} it allows every action. Both are reproduced.
     */
    public MqttAuth.Builder toMqttAuth() {
        MqttAuth.Builder b = MqttAuth.builder().anonymous(allowAnonymous);
        if (passwordFile != null) {
            b.authenticatorProvider("password-file", Map.of("path", passwordFile.toString()));
        } else if (allowAnonymous) {
            b.authenticator("no-password-file", request -> request.username()
                    .map(u -> AuthenticationResult.success(Identity.builder(u, request).build(),
                            "no password_file and allow_anonymous true: Mosquitto accepts every user name"))
                    .orElse(AuthenticationResult.notApplicable("no user name")));
        }
        if (aclFile != null) {
            b.authorizerProvider("acl", Map.of("path", aclFile.toString(), "format", "mosquitto",
                    "subscribe", "mosquitto"));
        } else {
            b.allowUnmatched(true);
        }
        return b;
    }

    private static @Nullable Path path(Path conf, int line, String directive, String value,
            List<ConfigurationProblem> problems) {
        if (value.isEmpty()) {
            problems.add(ConfigurationProblem.atLine(conf, line, directive + " needs a file name", null));
            return null;
        }
        Path p = Path.of(value);
        if (p.isAbsolute()) {
            return p;
        }
        Path besideConf = conf.toAbsolutePath().getParent().resolve(p).normalize();
        Path inWorkingDirectory = p.toAbsolutePath().normalize();
        return Files.exists(besideConf) || !Files.exists(inWorkingDirectory) ? besideConf : inWorkingDirectory;
    }

    private static @Nullable Boolean bool(Path conf, int line, String directive, String value,
            List<ConfigurationProblem> problems) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                problems.add(ConfigurationProblem.atLine(conf, line, directive + " is \"" + value + "\"",
                        "write true or false"));
                return null;
        }
    }

    private static @Nullable Integer port(Path conf, int line, String value, List<ConfigurationProblem> problems) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(ConfigurationProblem.atLine(conf, line, "\"" + value + "\" is not a port",
                "write a port from 1 to 65535"));
        return null;
    }
}
