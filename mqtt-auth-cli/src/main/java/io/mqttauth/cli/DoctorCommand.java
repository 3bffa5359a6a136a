package io.mqttauth.cli;

import io.mqttauth.cli.DoctorReport.Status;
import io.mqttauth.cli.DoctorReport.Step;
import io.mqttauth.x509.Pem;
import io.mqttauth.x509.PemException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mqtt-auth doctor URL}: connects to a broker as a client with the given settings would, and says step by step
 * (name, TCP, TLS, SNI, what answers on the port, CONNECT with MQTT 5 and 3.1.1, subscribe and publish) where and why
 * such a client fails, with the remedy. Never prints the password or token.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Connect to a broker as a client with these settings would, and say where and why it fails: "
                + "name resolution, TCP, TLS (trust, dates, host name, client certificate, SNI), what answers on the "
                + "port, CONNECT with MQTT 5 and 3.1.1, and with --topic subscribe and publish.",
            "Exit status: 0 a client with these settings can connect (and subscribe and publish --topic), 1 it "
                + "cannot, 2 usage error."})
final class DoctorCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");
    private static final int SNI_CANDIDATES = 3;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "mqtt://host[:port] (default port 1883) or "
            + "mqtts://host[:port] (default port 8883).")
    String url;

    @Option(names = "--username", paramLabel = "U", description = "The user name to send.")
    String username;

    @Option(names = "--password-file", paramLabel = "F", description = "The password or token, read from F as raw "
            + "bytes (nothing added or removed). Never printed.")
    Path passwordFile;

    @Option(names = "--cert", paramLabel = "CHAIN.pem", description = "The client certificate chain (PEM, leaf "
            + "first) to present in TLS; needs --key.")
    Path cert;

    @Option(names = "--key", paramLabel = "KEY.pem", description = "The private key of --cert (PEM, unencrypted "
            + "PKCS#8, PKCS#1 or SEC1).")
    Path key;

    @Option(names = "--cafile", paramLabel = "CA.pem", description = "The CA certificates to check the server's "
            + "chain against (PEM); default: the JDK's trust store.")
    Path cafile;

    @Option(names = "--client-id", paramLabel = "ID", description = "The client id; default: mqtt-auth-doctor- and "
            + "6 random hex digits.")
    String clientId;

    @Option(names = "--protocol", paramLabel = "3|5|both", defaultValue = "both",
            description = "The MQTT version(s) to try: 3 (3.1.1), 5 or both (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--topic", paramLabel = "T", description = "Also subscribe to T and publish to it at QoS 1, and "
            + "check that the message comes back (a filter with wildcards is only subscribed).")
    String topic;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long to wait for each connection and answer: 500ms, 10s, 1m (default: "
                    + "${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--audience", paramLabel = "AUD", description = "The audience the broker expects in a JWT "
            + "password: a token whose aud does not name it is pointed out.")
    String audience;

    @Option(names = "--json", description = "One JSON object instead of text (see docs/cli.md).")
    boolean json;

    /** The broker's address as the URL gives it. */
    private record Target(boolean tls, String host, int port) {

        String display() {
            return (tls ? "mqtts://" : "mqtt://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** The settings a client would connect with, read and checked. */
    private record Settings(Target target, List<Integer> versions, String clientId, String username,
            byte[] password, TlsProbe.ClientKey clientKey, TlsProbe.TrustSource trust, int timeoutMillis,
            String topic, String audience) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Settings settings;
        try {
            settings = settings();
        } catch (UsageException e) {
            spec.commandLine().getErr().println("mqtt-auth doctor: " + e.getMessage());
            return Main.USAGE;
        }
        DoctorReport report = new DoctorReport(settings.target().display());
        new Run(settings, report).run();
        int exit = report.ok() ? Main.OK : Main.DENY;
        if (json) {
            out.println(report.json(exit));
        } else {
            out.print(report.text());
        }
        return exit;
    }

    private Settings settings() throws UsageException {
        Target target = target(url);
        List<Integer> versions = switch (protocol.toLowerCase(Locale.ROOT)) {
            case "both" -> List.of(5, 4);
            case "5", "5.0" -> List.of(5);
            case "3", "3.1.1", "4" -> List.of(4);
            default -> throw new UsageException("--protocol is \"" + protocol + "\"; write 3 (MQTT 3.1.1), 5 or both");
        };
        if ((cert == null) != (key == null)) {
            throw new UsageException("--cert and --key go together: give the client certificate chain and its "
                    + "private key");
        }
        if (!target.tls() && (cert != null || cafile != null)) {
            throw new UsageException("--cert, --key and --cafile are for TLS; use an mqtts:// URL");
        }
        byte[] password = null;
        if (passwordFile != null) {
            try {
                password = Files.readAllBytes(passwordFile);
            } catch (IOException e) {
                throw new UsageException("cannot read the password file " + passwordFile + ": " + e);
            }
        }
        TlsProbe.ClientKey clientKey = cert == null ? null : new TlsProbe.ClientKey(certificates(cert, "--cert"),
                privateKey(key));
        TlsProbe.TrustSource trust;
        if (cafile != null) {
            trust = new TlsProbe.TrustSource(certificates(cafile, "--cafile"), "--cafile " + cafile, true);
        } else {
            try {
                trust = TlsProbe.TrustSource.jdk();
            } catch (GeneralSecurityException e) {
                throw new UsageException("cannot read the JDK's trust store (" + e.getMessage() + "); give --cafile");
            }
        }
        String id = clientId != null ? clientId
                : "mqtt-auth-doctor-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        if (topic != null && topic.isEmpty()) {
            throw new UsageException("--topic is empty; give a topic name (or a filter, which is only subscribed)");
        }
        return new Settings(target, versions, id, username, password, clientKey, trust, timeoutMillis(timeout),
                topic, audience);
    }

    private static Target target(String url) throws UsageException {
        String shown = url.replaceAll("//[^/@]*@", "//<user info>@");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new UsageException("URL \"" + shown + "\" does not parse (" + e.getReason() + "); write "
                    + "mqtt://host:port or mqtts://host:port");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("ws") || scheme.equals("wss")) {
            throw new UsageException("doctor does not speak MQTT over WebSockets (" + scheme + "://); check the "
                    + "broker's mqtt:// or mqtts:// port");
        }
        if (!scheme.equals("mqtt") && !scheme.equals("mqtts") || uri.getHost() == null) {
            throw new UsageException("URL \"" + shown + "\" is not mqtt://host[:port] or mqtts://host[:port]");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawQuery() != null || uri.getUserInfo() != null) {
            throw new UsageException("URL \"" + shown + "\": give only the scheme, host and port (user name and "
                    + "password go in --username and --password-file)");
        }
        boolean tls = scheme.equals("mqtts");
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Target(tls, host, uri.getPort() >= 0 ? uri.getPort() : tls ? 8883 : 1883);
    }

    private static int timeoutMillis(String text) throws UsageException {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new UsageException("--timeout is \"" + text + "\"; write a duration such as 500ms, 10s or 1m");
        }
        long n = Long.parseLong(m.group(1));
        long millis = m.group(2) == null || m.group(2).equals("s") ? n * 1000 : m.group(2).equals("m") ? n * 60_000
                : n;
        if (millis < 1 || millis > 600_000) {
            throw new UsageException("--timeout is \"" + text + "\"; give 1ms to 10m");
        }
        return (int) millis;
    }

    private static List<X509Certificate> certificates(Path file, String option) throws UsageException {
        try {
            List<X509Certificate> list = Pem.certificates(Files.readAllBytes(file));
            if (list.isEmpty()) {
                throw new UsageException(option + " " + file + " holds no certificate; give PEM "
                        + "(-----BEGIN CERTIFICATE----- blocks)");
            }
            return list;
        } catch (IOException e) {
            throw new UsageException("cannot read " + option + " " + file + ": " + e);
        } catch (PemException e) {
            throw new UsageException(option + " " + file + ": " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) throws UsageException {
        Object pem;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            pem = parser.readObject();
            while (pem != null && !(pem instanceof PEMKeyPair) && !(pem instanceof PrivateKeyInfo)) {
                pem = parser.readObject();
            }
        } catch (IOException e) {
            throw new UsageException("cannot read --key " + file + ": " + e.getMessage());
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (pem instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new UsageException("--key " + file + ": " + e.getMessage());
        }
        throw new UsageException("--key " + file + " holds no unencrypted private key (-----BEGIN PRIVATE KEY-----, "
                + "RSA PRIVATE KEY or EC PRIVATE KEY); decrypt an encrypted one with openssl pkey");
    }

    /** What the server answered to one CONNECT. */
    private enum Answer {
        /** A CONNACK; {@code code} holds its reason or return code. */
        CONNACK,
        /** An HTTP response. */
        HTTP,
        /** A TLS record on a plain connection. */
        TLS_RECORD,
        /** Bytes that are neither. */
        OTHER,
        /** The server closed the connection without a word. */
        CLOSED,
        /** The server reset the connection. */
        RESET,
        /** Nothing within the timeout. */
        SILENT,
        /** The server ended the TLS connection with an alert (after the handshake, as TLS 1.3 servers do). */
        TLS_ALERT
    }

    /**
     * The server's answer to one CONNECT of {@code version}: for a CONNACK its code (an MQTT 5 reason code, or the
     * MQTT 3.1.1 return code) and reason string, else what was seen.
     */
    private record Exchange(Answer answer, int version, int code, String reasonString, String seen) {

        boolean accepted() {
            return answer == Answer.CONNACK && code == 0;
        }

        /** In a few words, for comparing attempts. */
        String summary() {
            return switch (answer) {
                case CONNACK -> "CONNACK " + (version == 5 ? MqttCodes.hex(code) + " (" + MqttCodes.connack5(code)
                        .name() + ")" : code + " (" + MqttCodes.connack3(code).name() + ")");
                case HTTP -> "an HTTP response (" + seen + ")";
                case TLS_RECORD -> "a TLS record";
                case OTHER -> "bytes that are not MQTT (" + seen + ")";
                case CLOSED -> "the connection closed without a CONNACK";
                case RESET -> "the connection reset without a CONNACK";
                case SILENT -> "no answer";
                case TLS_ALERT -> "TLS alert " + seen;
            };
        }
    }

    /** One run of the checklist. */
    private static final class Run {
        private final Settings s;
        private final Target target;
        private final DoctorReport report;
        private InetSocketAddress address;
        private String serverKind;

        Run(Settings s, DoctorReport report) {
            this.s = s;
            this.target = s.target();
            this.report = report;
        }

        void run() {
            checkCredentials();
            if (!resolve() || !tcp()) {
                return;
            }
            if (target.tls()) {
                tls();
            } else {
                plain();
            }
        }

        private static String protocolName(int version) {
            return version == 5 ? "5" : "3.1.1";
        }

        // ---- 0. credentials, before anything is sent ----

        private void checkCredentials() {
            Instant now = Instant.now();
            byte[] password = s.password();
            if (password != null && TokenCheck.looksLikeJwt(password)) {
                token("password", password, now);
            }
            if (s.username() != null && TokenCheck.looksLikeJwt(s.username().getBytes(StandardCharsets.UTF_8))) {
                token("user name", s.username().getBytes(StandardCharsets.UTF_8), now);
            }
            if (password != null && password.length > 0 && password[password.length - 1] == '\n') {
                report.add("password", Status.WARN, "the password file ends with a line break, which is sent as "
                        + "part of the password", "--password-file is sent byte for byte",
                        "if the device does not send the line break, write the file without it: printf '%s' "
                        + "\"$PASSWORD\" > FILE (echo adds one)");
            }
            if (password != null && s.username() == null && s.versions().contains(4)) {
                report.add("password", Status.WARN, "MQTT 3.1.1 cannot send a password without a user name; the "
                        + "3.1.1 CONNECT is sent without it", "",
                        "give --username (MQTT 3.1.1 [MQTT-3.1.2-22]: no password flag without the user name flag)");
            }
        }

        private void token(String where, byte[] value, Instant now) {
            TokenCheck.Findings f = TokenCheck.read(value, s.audience(), now);
            if (f == null) {
                return;
            }
            if (f.problems().isEmpty()) {
                report.add("token", Status.OK, "the " + where + " is " + f.summary(),
                        "read without checking the signature (the broker checks it)", "");
            } else {
                report.add("token", Status.WARN, "the " + where + " is a JWT the broker will likely refuse: "
                        + String.join("; ", f.problems()), f.summary(),
                        "get a fresh token for this broker (right audience, valid now), and check the device's "
                        + "clock");
            }
        }

        // ---- 1. name and TCP ----

        private boolean resolve() {
            if (TlsProbe.isIpAddress(target.host())) {
                try {
                    address = new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
                    report.add("dns", Status.OK, target.host() + " is an IP address (no name to resolve)", "", "");
                    return true;
                } catch (UnknownHostException e) {
                    report.add("dns", Status.FAIL, "\"" + target.host() + "\" is not a valid IP address", "",
                            "fix the address in the URL");
                    return false;
                }
            }
            try {
                InetAddress[] all = InetAddress.getAllByName(target.host());
                address = new InetSocketAddress(all[0], target.port());
                List<String> shown = new ArrayList<>();
                for (InetAddress a : all) {
                    shown.add(a.getHostAddress());
                }
                report.add("dns", Status.OK, target.host() + " resolves to " + String.join(", ", shown), "", "");
                return true;
            } catch (UnknownHostException e) {
                report.add("dns", Status.FAIL, "the name " + target.host() + " does not resolve",
                        String.valueOf(e.getMessage()), "check the host name in the URL for typos, and the DNS "
                        + "server of the network the client uses (a local name such as broker.local needs mDNS)");
                return false;
            }
        }

        private boolean tcp() {
            String where = address.getAddress().getHostAddress() + " port " + target.port();
            long start = System.nanoTime();
            try (Socket socket = new Socket()) {
                socket.connect(address, s.timeoutMillis());
                report.add("tcp", Status.OK, "TCP connection to " + where + " in "
                        + (System.nanoTime() - start) / 1_000_000 + " ms", "", "");
                return true;
            } catch (ConnectException e) {
                report.add("tcp", Status.FAIL, "connection refused by " + where + ": nothing listens there",
                        String.valueOf(e.getMessage()), "check the port (MQTT: 1883, MQTT over TLS: 8883), that "
                        + "the broker runs, and that its listener is bound to this address (not only to "
                        + "127.0.0.1)");
            } catch (SocketTimeoutException e) {
                report.add("tcp", Status.FAIL, "no answer from " + where + " within " + s.timeoutMillis()
                        + " ms (timed out)", String.valueOf(e.getMessage()), "a firewall or security group drops "
                        + "the packets, or the host is down or unreachable from this network: check the port is "
                        + "open from here");
            } catch (NoRouteToHostException e) {
                report.add("tcp", Status.FAIL, "no route to " + where, String.valueOf(e.getMessage()),
                        "the host is unreachable from this network (routing, VPN, firewall rejecting)");
            } catch (SocketException e) {
                report.add("tcp", Status.FAIL, "the connection to " + where + " was reset while connecting",
                        String.valueOf(e.getMessage()), "a firewall or load balancer rejects the connection; check "
                        + "that the port is open to this network");
            } catch (IOException e) {
                report.add("tcp", Status.FAIL, "cannot connect to " + where, String.valueOf(e.getMessage()),
                        "check the host and port");
            }
            return false;
        }

        // ---- plain MQTT ----

        private void plain() {
            List<Exchange> answers = new ArrayList<>();
            for (int version : s.versions()) {
                Exchange ex;
                try (Socket socket = plainSocket()) {
                    ex = exchange(socket.getInputStream(), socket.getOutputStream(), version);
                    if (ex.accepted()) {
                        reportExchange(ex, false);
                        afterAccept(ex, socket);
                    }
                } catch (IOException e) {
                    report.add("tcp", Status.FAIL, "cannot connect again for MQTT " + protocolName(version),
                            String.valueOf(e.getMessage()), "the broker accepted one connection and refused the "
                            + "next: a connection limit or rate limit");
                    return;
                }
                // Reported once the connection is closed: a server stuck reading it may serve the probes only then.
                if (!ex.accepted() && !reportExchange(ex, false)) {
                    return;
                }
                answers.add(ex);
            }
            compareVersions(answers);
        }

        private Socket plainSocket() throws IOException {
            Socket socket = new Socket();
            try {
                socket.connect(address, s.timeoutMillis());
                socket.setSoTimeout(s.timeoutMillis());
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        // ---- TLS ----

        private void tls() {
            String sni = TlsProbe.isIpAddress(target.host()) ? null : target.host();
            TlsProbe.Handshake first = TlsProbe.handshake(address, sni, s.clientKey(), s.timeoutMillis());
            boolean failed;
            if (!first.completed()) {
                handshakeFailed(first, sni, true);
                failed = true;
                if (serverKind != null) {
                    return;
                }
            } else {
                closeQuietly(first.socket());
                report.add("tls", Status.OK, "TLS handshake " + sniWords(sni) + ": " + first.protocol() + ", "
                        + first.cipher(), "", "");
                certificates(first);
                clientCertificate(first);
                failed = false;
                List<Exchange> answers = new ArrayList<>();
                for (int version : s.versions()) {
                    TlsProbe.Handshake h = TlsProbe.handshake(address, sni, s.clientKey(), s.timeoutMillis());
                    if (!h.completed()) {
                        handshakeFailed(h, sni, false);
                        failed = true;
                        break;
                    }
                    Exchange ex;
                    boolean asked = first.clientCertificateRequested();
                    try (Socket socket = h.socket()) {
                        ex = exchange(socket.getInputStream(), socket.getOutputStream(), version);
                        if (ex.accepted()) {
                            reportExchange(ex, asked);
                            afterAccept(ex, socket);
                        }
                    } catch (IOException e) {
                        report.add(new Step("connect", Status.FAIL, "the TLS connection failed during the MQTT "
                                + protocolName(version) + " exchange", String.valueOf(e.getMessage()),
                                "read the broker's log", protocolName(version), -1));
                        failed = true;
                        break;
                    }
                    if (!ex.accepted() && !reportExchange(ex, asked)) {
                        failed = true;
                        break;
                    }
                    answers.add(ex);
                    failed |= !ex.accepted();
                }
                compareVersions(answers);
            }
            if (failed) {
                sniRetry(sni, first);
            }
        }

        private static String sniWords(String sni) {
            return sni == null ? "without SNI" : "with SNI " + sni;
        }

        /**
         * Reports a failed handshake: the alert in words, or, when the server sent no alert, what the server is. With
         * {@code describe}, also the server's certificate and its request for a client certificate, when seen.
         */
        private void handshakeFailed(TlsProbe.Handshake h, String sni, boolean describe) {
            IOException e = h.failure();
            String alert = TlsProbe.alert(e);
            if (alert == null && !h.serverChain().isEmpty()) {
                // The server spoke TLS (it sent its certificate), then closed without an alert the client read.
                boolean asked = h.clientCertificateRequested();
                report.add("tls", Status.FAIL, "the TLS handshake " + sniWords(sni) + " failed: the server closed "
                        + "the connection " + (!asked ? "during the handshake" : s.clientKey() == null
                        ? "after asking for a client certificate, and none was sent: it requires one"
                        : "after asking for a client certificate: it refused the one sent"),
                        String.valueOf(e.getMessage()), !asked ? "read the broker's log for the handshake error"
                        : s.clientKey() == null ? "the server requires a client certificate: give --cert and --key"
                        : alertRemedy("bad_certificate"));
                if (describe) {
                    certificates(h);
                    clientCertificate(h);
                }
                return;
            }
            if (alert != null) {
                boolean wantsCert = alert.equals("certificate_required") || (alert.equals("handshake_failure")
                        || alert.equals("bad_certificate")) && h.clientCertificateRequested() && s.clientKey() == null;
                report.add("tls", Status.FAIL, "the TLS handshake " + sniWords(sni) + " failed: "
                        + TlsProbe.alertInWords(alert), String.valueOf(e.getMessage()), wantsCert
                        ? "the server wants a client certificate: give --cert and --key" : alertRemedy(alert));
                if (describe && !h.serverChain().isEmpty()) {
                    certificates(h);
                }
                if (describe && h.clientCertificateRequested()) {
                    clientCertificate(h);
                }
                return;
            }
            if (e instanceof SocketTimeoutException) {
                report.add("tls", Status.FAIL, "the TLS handshake " + sniWords(sni) + " got no answer within "
                        + s.timeoutMillis() + " ms", String.valueOf(e.getMessage()), "the port does not speak TLS "
                        + "(a plain MQTT port waits for a CONNECT): try mqtt:// on this port, or the broker's TLS "
                        + "port (usually 8883)");
                classifyNonTls(true);
                return;
            }
            if (TlsProbe.notTls(e) || e instanceof EOFException || e instanceof SSLException
                    || e instanceof SocketException) {
                String kind = classifyNonTls(false);
                if (kind == null) {
                    report.add("tls", Status.FAIL, "the TLS handshake " + sniWords(sni) + " failed: the server "
                            + "closed the connection without a TLS answer", String.valueOf(e.getMessage()),
                            "the server may refuse handshakes without the SNI it expects, or not speak TLS on this "
                            + "port; check the port and the URL's host name");
                }
                return;
            }
            report.add("tls", Status.FAIL, "the TLS handshake " + sniWords(sni) + " failed",
                    String.valueOf(e.getMessage()), "check the port and the broker's TLS configuration");
        }

        private static String alertRemedy(String alert) {
            return switch (alert) {
                case "unrecognized_name", "handshake_failure" -> "connect with the host name the broker serves "
                        + "(it selects its certificate by SNI); if a client certificate is required, give --cert "
                        + "and --key";
                case "bad_certificate", "unknown_ca", "certificate_unknown" -> "use a client certificate issued by "
                        + "a CA the broker trusts (see the CAs it names), with its own key";
                case "certificate_expired" -> "renew the client certificate";
                case "certificate_revoked" -> "the client certificate was revoked: get a new one";
                case "protocol_version", "insufficient_security" -> "enable TLS 1.2 and 1.3 with current ciphers "
                        + "on the client";
                case "decrypt_error" -> "check that --key is the private key of --cert";
                default -> "read the broker's log for the handshake error";
            };
        }

        /** After a TLS handshake that went nowhere: is the port plain MQTT or HTTP? Returns the kind or null. */
        private String classifyNonTls(boolean silent) {
            try (Socket socket = plainSocket()) {
                Exchange ex = exchange(socket.getInputStream(), socket.getOutputStream(), s.versions().get(0));
                if (ex.answer() == Answer.CONNACK) {
                    serverKind = "plain MQTT";
                    report.add("server", Status.FAIL, "the port speaks plain MQTT, not TLS (a plain CONNECT got "
                            + ex.summary() + ")", "", "use mqtt://" + hostInUrl() + ":" + target.port()
                            + ", or the broker's TLS port (usually 8883) with mqtts://");
                    return serverKind;
                }
            } catch (IOException e) {
                // the next probe says more
            }
            String http = httpStatusLine();
            if (http != null) {
                serverKind = "HTTP";
                report.add("server", Status.FAIL, "the port answers plain HTTP (" + http + "), not MQTT over TLS",
                        "", "wrong port: this is a web server; MQTT over TLS is usually on 8883");
                return serverKind;
            }
            return silent ? "unknown" : null;
        }

        private String hostInUrl() {
            return target.host().indexOf(':') >= 0 ? "[" + target.host() + "]" : target.host();
        }

        private void certificates(TlsProbe.Handshake h) {
            List<X509Certificate> chain = h.serverChain();
            if (chain.isEmpty()) {
                return;
            }
            X509Certificate leaf = chain.get(0);
            List<TlsProbe.CertificateProblem> problems = TlsProbe.certificateProblems(chain, s.trust(),
                    target.host(), Instant.now());
            String leafWords = TlsProbe.quoted(leaf.getSubjectX500Principal()) + " for "
                    + String.join(", ", TlsProbe.names(leaf)) + ", issued by "
                    + TlsProbe.quoted(leaf.getIssuerX500Principal()) + ", valid " + leaf.getNotBefore().toInstant()
                    + " to " + leaf.getNotAfter().toInstant();
            for (String kind : List.of(TlsProbe.CertificateProblem.TRUST, TlsProbe.CertificateProblem.DATES,
                    TlsProbe.CertificateProblem.HOST)) {
                List<TlsProbe.CertificateProblem> ofKind = problems.stream().filter(p -> p.kind().equals(kind))
                        .toList();
                if (ofKind.isEmpty()) {
                    report.add(kind, Status.OK, switch (kind) {
                        case TlsProbe.CertificateProblem.TRUST -> "the server's chain is trusted by "
                                + s.trust().label();
                        case TlsProbe.CertificateProblem.DATES -> "the server's certificates are valid now";
                        default -> "the server certificate is for " + target.host();
                    }, kind.equals(TlsProbe.CertificateProblem.TRUST) ? leafWords : "", "");
                } else {
                    for (TlsProbe.CertificateProblem p : ofKind) {
                        report.add(kind, Status.FAIL, p.detail(), leafWords, p.remedy());
                    }
                }
            }
        }

        private void clientCertificate(TlsProbe.Handshake h) {
            List<String> names = h.acceptableIssuers().stream().map(TlsProbe::quoted).toList();
            String named = names.isEmpty() ? "names no CAs (any CA)" : "names " + names.size()
                    + (names.size() == 1 ? " acceptable CA: " : " acceptable CAs: ")
                    + String.join(", ", names.subList(0, Math.min(names.size(), 5)))
                    + (names.size() > 5 ? ", ..." : "");
            if (!h.clientCertificateRequested()) {
                report.add("client-certificate", s.clientKey() == null ? Status.OK : Status.WARN,
                        "the server does not ask for a client certificate"
                        + (s.clientKey() == null ? "" : ", so --cert was not sent"), "",
                        s.clientKey() == null ? "" : "the broker cannot authenticate this client by certificate on "
                        + "this port; ask its operator which port asks for one");
                return;
            }
            if (s.clientKey() == null) {
                report.add("client-certificate", Status.WARN, "the server asks for a client certificate and "
                        + named, "none was given (--cert, --key)", "if the broker requires one (the handshake or "
                        + "CONNECT fails), give --cert and --key");
                return;
            }
            List<X509Certificate> chain = s.clientKey().chain();
            X500Principal match = null;
            for (X509Certificate c : chain) {
                for (X500Principal p : h.acceptableIssuers()) {
                    if (p.equals(c.getIssuerX500Principal()) || p.equals(c.getSubjectX500Principal())) {
                        match = p;
                    }
                }
            }
            String ours = TlsProbe.quoted(chain.get(0).getSubjectX500Principal()) + " issued by "
                    + TlsProbe.quoted(chain.get(0).getIssuerX500Principal());
            String keyProblem = keyMismatch(chain.get(0), s.clientKey().key());
            if (keyProblem != null) {
                report.add("client-certificate", Status.FAIL, keyProblem, ours, "give the private key that "
                        + "belongs to --cert");
            } else if (names.isEmpty() || match != null) {
                report.add("client-certificate", Status.OK, "the server asks for a client certificate and "
                        + named + "; --cert " + (match == null ? "was sent" : "chains to " + TlsProbe.quoted(match)),
                        ours, "");
            } else {
                report.add("client-certificate", Status.WARN, "the server asks for a client certificate, but --cert "
                        + "chains to none of the CAs it names", ours + "; the server " + named, "use a "
                        + "certificate issued by one of the named CAs (Java clients do not even send another, "
                        + "OpenSSL-based ones send it and are refused)");
            }
        }

        private static String keyMismatch(X509Certificate leaf, PrivateKey key) {
            String algorithm = switch (key.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC", "ECDSA" -> "SHA256withECDSA";
                case "Ed25519", "EdDSA" -> "Ed25519";
                default -> null;
            };
            if (algorithm == null) {
                return null;
            }
            try {
                byte[] nonce = new SecureRandom().generateSeed(16);
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(nonce);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(leaf.getPublicKey());
                verifier.update(nonce);
                return verifier.verify(signature) ? null : "--key is not the private key of --cert";
            } catch (GeneralSecurityException e) {
                return "--key is not the private key of --cert (" + e.getMessage() + ")";
            }
        }

        // ---- SNI ----

        private void sniRetry(String sni, TlsProbe.Handshake first) {
            List<String> candidates = new ArrayList<>();
            if (sni != null) {
                candidates.add("");
            }
            addNames(candidates, first.serverChain(), sni);
            if (candidates.isEmpty()) {
                report.add("sni", Status.INFO, "no other SNI to try: the URL names an IP address and the server "
                        + "sent no certificate to take host names from", "", "run doctor again with the broker's "
                        + "host name in the URL");
                return;
            }
            String before = attempt(sni).summary();
            List<String> tried = new ArrayList<>();
            // Names from the certificates the retries see are tried too, up to SNI_CANDIDATES retries in all.
            for (int i = 0; i < candidates.size() && i < SNI_CANDIDATES; i++) {
                String with = candidates.get(i).isEmpty() ? null : candidates.get(i);
                Attempt after = attempt(with);
                addNames(candidates, after.serverChain(), sni);
                tried.add(sniWords(with) + ": " + after.summary());
                if (!after.accepted()) {
                    continue;
                }
                if (with != null) {
                    report.add("sni", Status.FAIL, "the broker answers only when the client sends SNI " + with
                            + ": " + sniWords(sni) + " it answered " + before + ", with SNI " + with + " "
                            + after.summary(), String.join("; ", tried), "clients that connect by IP address, or "
                            + "libraries that do not set SNI, are refused: connect to mqtts://" + with + ":"
                            + target.port() + " (on ESP32 pass the host name, not the IP)");
                } else {
                    report.add("sni", Status.FAIL, "the broker answers without SNI but not with SNI " + sni
                            + ": with it " + before + ", without it " + after.summary(), String.join("; ", tried),
                            "the broker does not serve the name " + sni + " (an SNI allow-list?); connect by a "
                            + "name it serves, or ask its operator to add " + sni);
                }
                return;
            }
            report.add("sni", Status.INFO, "SNI is not the cause: the retries " + String.join(", ", tried.stream()
                    .map(t -> t.substring(0, t.indexOf(':'))).toList()) + " did not get in either",
                    "first " + sniWords(sni) + ": " + before + "; then " + String.join("; ", tried), "");
        }

        private static void addNames(List<String> candidates, List<X509Certificate> chain, String sni) {
            if (chain.isEmpty()) {
                return;
            }
            for (String name : TlsProbe.dnsNames(chain.get(0))) {
                if (!name.equalsIgnoreCase(sni == null ? "" : sni) && !candidates.contains(name)) {
                    candidates.add(name);
                }
            }
        }

        /** One retry: whether it got in, in a few words, and the certificate chain it saw. */
        private record Attempt(boolean accepted, String summary, List<X509Certificate> serverChain) {
        }

        /** One handshake with {@code sni} and one CONNECT of the first version. */
        private Attempt attempt(String sni) {
            TlsProbe.Handshake h = TlsProbe.handshake(address, sni, s.clientKey(), s.timeoutMillis());
            if (!h.completed()) {
                String alert = TlsProbe.alert(h.failure());
                return new Attempt(false, "the handshake failed (" + (alert != null ? "alert " + alert
                        : h.failure().getMessage()) + ")", h.serverChain());
            }
            try (Socket socket = h.socket()) {
                Exchange ex = exchange(socket.getInputStream(), socket.getOutputStream(), s.versions().get(0));
                return new Attempt(ex.accepted(), ex.summary(), h.serverChain());
            } catch (IOException e) {
                return new Attempt(false, "the connection failed (" + e.getMessage() + ")", h.serverChain());
            }
        }

        // ---- CONNECT ----

        /** On an accepted connection: the authorization steps, then a DISCONNECT. */
        private void afterAccept(Exchange ex, Socket socket) throws IOException {
            if (!ex.accepted()) {
                return;
            }
            authorize(socket.getInputStream(), socket.getOutputStream(), ex.version());
            try {
                MqttWire.send(socket.getOutputStream(), MqttWire.disconnect());
            } catch (IOException alreadyClosed) {
                // the authorization steps said how the connection ended
            }
        }

        /** Sends the CONNECT of {@code version} and reads what the server answers; the connection stays open. */
        private Exchange exchange(InputStream in, OutputStream out, int version) throws IOException {
            byte[] password = version == 4 && s.username() == null ? null : s.password();
            try {
                MqttWire.send(out, MqttWire.connect(version, s.clientId(), s.username(), password));
            } catch (SSLException e) {
                String alert = TlsProbe.alert(e);
                return alert != null ? new Exchange(Answer.TLS_ALERT, version, -1, null, alert)
                        : new Exchange(Answer.CLOSED, version, -1, null, String.valueOf(e.getMessage()));
            } catch (SocketException e) {
                // TLS 1.3: a server that refuses the client certificate may close before the CONNECT is written.
                return new Exchange(Answer.RESET, version, -1, null, String.valueOf(e.getMessage()));
            }
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                return new Exchange(Answer.SILENT, version, -1, null, "");
            } catch (SSLException e) {
                String alert = TlsProbe.alert(e);
                return alert != null ? new Exchange(Answer.TLS_ALERT, version, -1, null, alert)
                        : new Exchange(Answer.CLOSED, version, -1, null, String.valueOf(e.getMessage()));
            } catch (SocketException e) {
                return new Exchange(Answer.RESET, version, -1, null, String.valueOf(e.getMessage()));
            }
            if (first < 0) {
                return new Exchange(Answer.CLOSED, version, -1, null, "");
            }
            if (first == 0x20) {
                MqttWire.Packet p;
                try {
                    p = MqttWire.readAfter(first, in);
                } catch (IOException e) {
                    return new Exchange(Answer.CLOSED, version, -1, null, "a truncated CONNACK");
                }
                byte[] body = p.body();
                if (body.length < 2) {
                    return new Exchange(Answer.OTHER, version, -1, null, "a CONNACK of " + body.length + " bytes");
                }
                int code = body[1] & 0xFF;
                if (version == 5 && body.length == 2) {
                    // An MQTT 3.1.1 server answers an MQTT 5 CONNECT with a 3.1.1 CONNACK (return code 1).
                    return new Exchange(Answer.CONNACK, 4, code, null, "an MQTT 3.1.1 CONNACK to the MQTT 5 "
                            + "CONNECT");
                }
                return new Exchange(Answer.CONNACK, version, code,
                        version == 5 ? MqttWire.reasonString(body, 2) : null, "");
            }
            byte[] rest = readSome(in);
            byte[] seen = new byte[rest.length + 1];
            seen[0] = (byte) first;
            System.arraycopy(rest, 0, seen, 1, rest.length);
            String text = new String(seen, StandardCharsets.ISO_8859_1);
            if (text.startsWith("HTTP/")) {
                int eol = text.indexOf('\r');
                return new Exchange(Answer.HTTP, version, -1, null, eol > 0 ? text.substring(0, eol) : text);
            }
            if ((first == 0x15 || first == 0x16) && seen.length > 1 && seen[1] == 0x03) {
                return new Exchange(Answer.TLS_RECORD, version, -1, null, hex(seen));
            }
            return new Exchange(Answer.OTHER, version, -1, null, hex(seen));
        }

        private static byte[] readSome(InputStream in) {
            byte[] buffer = new byte[64];
            int n = 0;
            try {
                while (n < 5) {
                    int r = in.read(buffer, n, buffer.length - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
            } catch (IOException e) {
                // what was read so far is what there is
            }
            return java.util.Arrays.copyOf(buffer, n);
        }

        private static String hex(byte[] bytes) {
            int n = Math.min(bytes.length, 16);
            return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, n) + (bytes.length > n ? " ..." : "");
        }

        /** Reports one exchange; returns false when nothing else is worth trying (not an MQTT server). */
        private boolean reportExchange(Exchange ex, boolean clientCertificateRequested) {
            String p = protocolName(ex.version());
            switch (ex.answer()) {
                case CONNACK -> reportConnack(ex);
                case HTTP -> {
                    report.add("server", Status.FAIL, "the port answers HTTP (" + ex.seen() + "), not MQTT", "",
                            "wrong port: this is a web server (or MQTT over WebSockets, which needs ws://); MQTT is "
                            + "usually on 1883, MQTT over TLS on 8883");
                    return false;
                }
                case TLS_RECORD -> {
                    report.add("server", Status.FAIL, "the port speaks TLS, and the URL says plain MQTT",
                            "the answer to the CONNECT was a TLS record: " + ex.seen(), "use mqtts://" + hostInUrl()
                            + ":" + target.port());
                    return false;
                }
                case OTHER -> {
                    report.add("server", Status.FAIL, "the server answered with bytes that are not MQTT",
                            ex.seen(), "wrong port or wrong scheme: check which service listens here");
                    return false;
                }
                case TLS_ALERT -> {
                    String words = TlsProbe.alertInWords(ex.seen());
                    report.add(new Step("tls", Status.FAIL, "the server ended the TLS connection after the "
                            + "handshake: " + words, "TLS 1.3 servers check the client certificate after the "
                            + "handshake, and answer the CONNECT with the alert", clientCertificateRequested
                            && s.clientKey() == null || ex.seen().equals("certificate_required") ? "the server requires a client "
                            + "certificate: give --cert and --key" : alertRemedy(ex.seen()), p, -1));
                }
                case CLOSED, RESET, SILENT -> {
                    if (!target.tls()) {
                        String kind = classifyPlain();
                        if (kind != null) {
                            return false;
                        }
                    }
                    String what = ex.answer() == Answer.SILENT ? "did not answer the MQTT " + p + " CONNECT within "
                            + s.timeoutMillis() + " ms" : (ex.answer() == Answer.RESET ? "reset" : "closed")
                            + " the connection without a CONNACK to the MQTT " + p + " CONNECT";
                    boolean asked = target.tls() && clientCertificateRequested;
                    report.add(new Step("connect", Status.FAIL, "the server " + what, ex.seen(),
                            asked && s.clientKey() == null ? "the server asked for a client certificate and none was "
                            + "sent: it requires one; give --cert and --key"
                            : asked ? "the server asked for a client certificate and ended the connection: it likely "
                            + "refused the one sent; " + alertRemedy("bad_certificate")
                            : ex.version() == 5 ? "the broker may not speak MQTT 5 (see the 3.1.1 result), may drop "
                            + "clients it refuses without a CONNACK, or this is not an MQTT port"
                            : "the broker may not speak MQTT 3.1.1 (see the 5 result), may drop clients it refuses "
                            + "without a CONNACK, or this is not an MQTT port", p, -1));
                }
                default -> throw new IllegalStateException("unreachable: " + ex.answer());
            }
            return true;
        }

        /** After a plain CONNECT that got no answer: does the port speak TLS or HTTP? Reports and returns the kind. */
        private String classifyPlain() {
            if (serverKind != null) {
                return serverKind;
            }
            TlsProbe.Handshake h = TlsProbe.handshake(address, TlsProbe.isIpAddress(target.host()) ? null
                    : target.host(), null, s.timeoutMillis());
            if (h.completed() || TlsProbe.alert(h.failure()) != null) {
                if (h.completed()) {
                    closeQuietly(h.socket());
                }
                serverKind = "TLS";
                report.add("server", Status.FAIL, "the port speaks TLS, and the URL says plain MQTT", h.completed()
                        ? "a TLS handshake succeeded: " + h.protocol() : "a TLS handshake got the alert "
                        + TlsProbe.alert(h.failure()), "use mqtts://" + hostInUrl() + ":" + target.port());
                return serverKind;
            }
            String http = httpStatusLine();
            if (http != null) {
                serverKind = "HTTP";
                report.add("server", Status.FAIL, "the port answers HTTP (" + http + "), not MQTT", "the MQTT "
                        + "CONNECT got no MQTT answer; an HTTP request got this one", "wrong port: this is a web server (or MQTT over "
                        + "WebSockets, which needs ws://); MQTT is usually on 1883, MQTT over TLS on 8883");
                return serverKind;
            }
            return null;
        }

        /** The status line an HTTP GET gets, or null. */
        private String httpStatusLine() {
            try (Socket socket = plainSocket()) {
                MqttWire.send(socket.getOutputStream(), ("GET / HTTP/1.1\r\nHost: " + hostInUrl() + "\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] head = socket.getInputStream().readNBytes(12);
                String text = new String(head, StandardCharsets.ISO_8859_1);
                if (!text.startsWith("HTTP/")) {
                    return null;
                }
                StringBuilder line = new StringBuilder(text);
                for (int c; (c = socket.getInputStream().read()) >= 0 && c != '\r' && c != '\n'
                        && line.length() < 100; ) {
                    line.append((char) c);
                }
                return line.toString();
            } catch (IOException e) {
                return null;
            }
        }

        private void reportConnack(Exchange ex) {
            String p = protocolName(ex.version());
            MqttCodes.Meaning m = ex.version() == 5 ? MqttCodes.connack5(ex.code()) : MqttCodes.connack3(ex.code());
            String code = ex.version() == 5 ? "reason code " + MqttCodes.hex(ex.code()) : "return code " + ex.code();
            StringBuilder detail = new StringBuilder(m.spec());
            if (ex.reasonString() != null) {
                detail.append(" Reason string: \"").append(ex.reasonString()).append("\".");
            }
            if (!ex.seen().isEmpty()) {
                detail.append(" (").append(ex.seen()).append(')');
            }
            if (ex.accepted()) {
                report.add(new Step("connect", Status.OK, "MQTT " + p + " CONNECT accepted (CONNACK " + code + ", "
                        + m.name() + ")", "client id \"" + s.clientId() + "\"" + (s.username() == null ? ", no user "
                        + "name" : ", user name given") + (s.password() == null ? ", no password" : ", password "
                        + "given (not shown)"), "", p, ex.code()));
            } else {
                report.add(new Step("connect", Status.FAIL, "MQTT " + p + " CONNECT refused: CONNACK " + code
                        + ", " + m.name(), detail.toString(), "In practice: " + m.practice(), p, ex.code()));
            }
        }

        private void compareVersions(List<Exchange> answers) {
            if (answers.size() != 2) {
                return;
            }
            Exchange v5 = answers.get(0);
            Exchange v3 = answers.get(1);
            if (v5.answer() == Answer.CONNACK && v3.answer() == Answer.CONNACK && v5.version() == 5
                    && MqttCodes.v3Equivalent(v5.code()) == v3.code()
                    || v5.answer() != Answer.CONNACK && v5.summary().equals(v3.summary())) {
                report.add("versions", Status.INFO, "MQTT 5 and 3.1.1 agree: " + v5.summary() + " and "
                        + v3.summary(), "", "");
                return;
            }
            String remedy = v3.accepted() && !v5.accepted() ? "the broker accepts MQTT 3.1.1 but not MQTT 5: use "
                    + "MQTT 3.1.1 (--protocol 3), or ask the operator to enable MQTT 5"
                    : v5.accepted() && !v3.accepted() ? "the broker accepts MQTT 5 but not MQTT 3.1.1: use MQTT 5"
                    : "";
            report.add("versions", remedy.isEmpty() ? Status.INFO : Status.WARN, "MQTT 5 and 3.1.1 differ: MQTT 5 "
                    + "got " + v5.summary() + ", MQTT 3.1.1 got " + v3.summary(), "", remedy);
        }

        // ---- authorization ----

        private void authorize(InputStream in, OutputStream out, int version) throws IOException {
            String topic = s.topic();
            if (topic == null) {
                return;
            }
            String p = protocolName(version);
            MqttWire.send(out, MqttWire.subscribe(version, 1, topic));
            int subCode = -1;
            String subReason = null;
            try {
                while (subCode < 0) {
                    MqttWire.Packet packet = MqttWire.read(in);
                    if (packet.type() == MqttWire.SUBACK && MqttWire.packetId(packet.body()) == 1) {
                        List<Integer> codes = MqttWire.subackCodes(version, packet.body());
                        subCode = codes.isEmpty() ? 0x80 : codes.get(0);
                        subReason = version == 5 ? MqttWire.reasonString(packet.body(), 2) : null;
                    } else if (!handleOther(packet, version, out, p, "SUBSCRIBE")) {
                        return;
                    }
                }
            } catch (SocketTimeoutException e) {
                report.add(new Step("subscribe", Status.FAIL, "no SUBACK for " + topic + " within "
                        + s.timeoutMillis() + " ms", "", "the broker is stuck or overloaded; retry, and read its log",
                        p, -1));
                return;
            } catch (IOException e) {
                report.add(new Step("subscribe", Status.FAIL, "the broker closed the connection after the SUBSCRIBE "
                        + "to " + topic, String.valueOf(e.getMessage()), "brokers disconnect clients whose "
                        + "subscription they refuse (MQTT 3.1.1 before SUBACK failure codes, some brokers still); "
                        + "check the read rules for this client", p, -1));
                return;
            }
            MqttCodes.Meaning sub = MqttCodes.suback(subCode);
            boolean subscribed = subCode < 0x80;
            report.add(new Step("subscribe", subscribed ? Status.OK : Status.FAIL, "SUBSCRIBE " + topic + " at QoS "
                    + "1: SUBACK " + MqttCodes.hex(subCode) + ", " + sub.name(), sub.spec() + (subReason == null ? ""
                    : " Reason string: \"" + subReason + "\"."), subscribed ? "" : "In practice: " + sub.practice(),
                    p, subCode));
            if (topic.contains("+") || topic.contains("#")) {
                report.add(new Step("publish", Status.INFO, "not published: " + topic + " is a filter with "
                        + "wildcards", "", "give a topic name to also check publishing", p, -1));
                return;
            }
            byte[] payload = ("mqtt-auth doctor " + HexFormat.of().formatHex(new SecureRandom().generateSeed(6)))
                    .getBytes(StandardCharsets.US_ASCII);
            MqttWire.send(out, MqttWire.publish(version, 2, topic, payload));
            int pubCode = -1;
            String pubReason = null;
            boolean echoed = false;
            try {
                while (pubCode < 0 || subscribed && !echoed && pubCode < 0x80) {
                    MqttWire.Packet packet = MqttWire.read(in);
                    if (packet.type() == MqttWire.PUBACK && MqttWire.packetId(packet.body()) == 2) {
                        pubCode = packet.body().length > 2 ? packet.body()[2] & 0xFF : 0;
                        pubReason = version == 5 ? MqttWire.reasonString(packet.body(), 3) : null;
                    } else if (packet.type() == MqttWire.PUBLISH) {
                        int id = MqttWire.publishPacketId(packet.flags(), packet.body());
                        if (id >= 0) {
                            MqttWire.send(out, MqttWire.puback(id));
                        }
                        echoed |= java.util.Arrays.equals(payload, MqttWire.publishPayload(version, packet.flags(),
                                packet.body()));
                    } else if (!handleOther(packet, version, out, p, "PUBLISH")) {
                        return;
                    }
                }
            } catch (SocketTimeoutException e) {
                if (pubCode < 0) {
                    report.add(new Step("publish", Status.FAIL, "no PUBACK for the QoS 1 PUBLISH to " + topic
                            + " within " + s.timeoutMillis() + " ms", "", "the broker is stuck or overloaded; "
                            + "retry, and read its log", p, -1));
                    return;
                }
            } catch (IOException e) {
                if (pubCode < 0) {
                    report.add(new Step("publish", Status.FAIL, "the broker closed the connection after the "
                            + "PUBLISH to " + topic + ": it refused it", String.valueOf(e.getMessage()), (version == 4
                            ? "MQTT 3.1.1 has no negative PUBACK, so brokers disconnect (or silently drop) a "
                            + "publish they refuse; " : "") + "check the write rules for this client", p, -1));
                    return;
                }
            }
            reportPublish(topic, version, pubCode, pubReason, subscribed, echoed);
        }

        private void reportPublish(String topic, int version, int pubCode, String pubReason, boolean subscribed,
                boolean echoed) {
            String p = protocolName(version);
            MqttCodes.Meaning pub = MqttCodes.puback(pubCode);
            boolean published = pubCode < 0x80;
            report.add(new Step("publish", published ? Status.OK : Status.FAIL, "PUBLISH to " + topic + " at QoS "
                    + "1: PUBACK" + (version == 5 ? " " + MqttCodes.hex(pubCode) + ", " + pub.name() : " (MQTT 3.1.1 "
                    + "PUBACKs carry no code)"), version == 5 ? pub.spec() + (pubReason == null ? ""
                    : " Reason string: \"" + pubReason + "\".") : "", published ? "" : "In practice: "
                    + pub.practice(), p, version == 5 ? pubCode : -1));
            if (!published || !subscribed) {
                return;
            }
            if (echoed) {
                report.add(new Step("delivery", Status.OK, "the client's own message came back on " + topic, "", "",
                        p, -1));
            } else {
                report.add(new Step("delivery", Status.FAIL, "the client's own message did not come back within "
                        + s.timeoutMillis() + " ms", "the PUBLISH was acknowledged and the SUBSCRIBE granted",
                        version == 4 ? "MQTT 3.1.1 brokers acknowledge a publish they refuse and drop it (Mosquitto "
                        + "does), or do not deliver what the client may not read: check the write and read rules "
                        + "for this topic" : "the broker accepted the message but did not deliver it to this "
                        + "client: check the read (receive) rules for this topic", p, -1));
            }
        }

        /**
         * Handles a packet that is not the awaited acknowledgement: acknowledges a message, reports a DISCONNECT.
         * Returns false when the server disconnected.
         */
        private boolean handleOther(MqttWire.Packet packet, int version, OutputStream out, String p, String after)
                throws IOException {
            if (packet.type() == MqttWire.PUBLISH) {
                int id = MqttWire.publishPacketId(packet.flags(), packet.body());
                if (id >= 0) {
                    MqttWire.send(out, MqttWire.puback(id));
                }
                return true;
            }
            if (packet.type() == MqttWire.DISCONNECT) {
                int code = packet.body().length > 0 ? packet.body()[0] & 0xFF : 0;
                String reason = version == 5 ? MqttWire.reasonString(packet.body(), 1) : null;
                report.add(new Step(after.equals("SUBSCRIBE") ? "subscribe" : "publish", Status.FAIL, "the broker "
                        + "sent DISCONNECT " + MqttCodes.hex(code) + " after the " + after, reason == null ? ""
                        : "Reason string: \"" + reason + "\".", "the broker disconnected the client; with 0x87 an "
                        + "ACL refused the " + after + ": check the rules for this client", p, code));
                return false;
            }
            return true;
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a probe connection: nothing to report
            }
        }
    }
}
