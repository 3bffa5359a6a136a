package io.mqttauth.cli;

import io.mqttauth.ConfigurationException;
import io.mqttauth.MqttAuth;
import io.mqttauth.TlsFacts;
import io.mqttauth.x509.Pem;
import io.mqttauth.x509.PemException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The arguments and the flow shared by {@code check} and {@code explain}; they differ only in how they write. */
abstract class DecisionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The mqtt-auth configuration (properties file).")
    Path config;

    @Option(names = "--client-id", paramLabel = "ID",
            description = "The client id of the CONNECT (default: " + Question.DEFAULT_CLIENT_ID + ").")
    String clientId;

    @Option(names = "--username", paramLabel = "U", description = "The user name; none is sent if omitted.")
    String username;

    @Option(names = "--password", paramLabel = "P", description = "The password (sent as UTF-8).")
    String password;

    @Option(names = "--password-file", paramLabel = "F",
            description = "Read the password or token from F as raw bytes, exactly as stored (no newline removed).")
    Path passwordFile;

    /** Whether the {@code --password-file} read ends with a line break (echo's), worth a note on standard error. */
    private boolean passwordFileEndsWithLineBreak;

    @Option(names = "--cert", paramLabel = "CHAIN.pem",
            description = "The client's certificate chain as PEM, leaf first; implies a TLS connection.")
    Path cert;

    @Option(names = "--address", paramLabel = "IP", description = "The client's IP address.")
    String address;

    @Option(names = "--protocol", paramLabel = "3|5", description = "3 = MQTT 3.1.1, 5 = MQTT 5 (default).")
    String protocol;

    @Option(names = "--tls", description = "The client connected over TLS (without a client certificate unless "
            + "--cert is given).")
    boolean overTls;

    @Option(names = "--sni", paramLabel = "HOST",
            description = "The server name the client sent in the TLS handshake (SNI); implies a TLS connection.")
    String sni;

    @Option(names = "--qos", paramLabel = "0|1|2",
            description = "The QoS of the publish, subscription or delivery (default 0).")
    Integer qos;

    @Option(names = "--retain", description = "The publish or delivery carries the retain flag.")
    boolean retain;

    @Option(names = "--json", description = "Write one JSON object per decision.")
    boolean json;

    @Option(names = "--batch", paramLabel = "FILE",
            description = "Read one JSON object per line (- for standard input) and answer each, in order.")
    Path batch;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION",
            description = "connect, publish, subscribe or receive.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TOPIC",
            description = "The topic (publish, receive) or topic filter (subscribe).")
    String topic;

    /** Writes the answer to a single question. */
    abstract void writeOne(PrintWriter out, Answer answer, MqttAuth auth);

    /** Writes the answer to batch line {@code line}. */
    abstract void writeLine(PrintWriter out, int line, Answer answer, MqttAuth auth);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Question question = null;
        try {
            if (batch == null) {
                question = question();
                if (passwordFileEndsWithLineBreak) {
                    err.println("mqtt-auth " + spec.name() + ": note: " + passwordFile + " ends with a line break, "
                            + "which is sent as part of the password; write the file with printf '%s' if it is not");
                }
            } else {
                checkBatchAlone();
            }
        } catch (UsageException e) {
            err.println("mqtt-auth " + spec.name() + ": " + e.getMessage());
            return Main.USAGE;
        }
        MqttAuth auth;
        try {
            auth = MqttAuth.fromFile(config);
        } catch (ConfigurationException e) {
            err.print(Problems.describe(e.problems()));
            err.flush();
            return Main.USAGE;
        }
        try (auth) {
            if (question != null) {
                Answer answer = Answer.ask(auth, question);
                writeOne(out, answer, auth);
                return answer.status();
            }
            return runBatch(auth, out, err);
        }
    }

    private int runBatch(MqttAuth auth, PrintWriter out, PrintWriter err) {
        boolean stdin = batch.toString().equals("-");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                stdin ? System.in : Files.newInputStream(batch), StandardCharsets.UTF_8), 1 << 16)) {
            return Batch.run(auth, in, new Batch.Output() {
                @Override
                public void answer(int line, Answer answer) {
                    writeLine(out, line, answer, auth);
                }

                @Override
                public void error(int line, String message) {
                    out.println(json ? Answer.errorJson(line, message) : "ERROR " + message);
                }
            });
        } catch (IOException e) {
            out.flush();
            err.println("mqtt-auth " + spec.name() + ": cannot read the batch file " + batch + ": " + e);
            return Main.USAGE;
        }
    }

    private void checkBatchAlone() throws UsageException {
        if (action != null || clientId != null || username != null || password != null || passwordFile != null
                || cert != null || address != null || protocol != null || overTls || sni != null || qos != null
                || retain) {
            throw new UsageException("--batch takes every request from the file; drop ACTION, TOPIC and the "
                    + "--client-id, --username, --password, --password-file, --cert, --address, --protocol, --tls, "
                    + "--sni, --qos and --retain options");
        }
    }

    private Question question() throws UsageException {
        if (action == null) {
            throw new UsageException("missing ACTION: connect, publish, subscribe or receive (or --batch FILE)");
        }
        if (password != null && passwordFile != null) {
            throw new UsageException("give either --password or --password-file, not both");
        }
        byte[] secret = null;
        if (password != null) {
            secret = password.getBytes(StandardCharsets.UTF_8);
        } else if (passwordFile != null) {
            try {
                secret = Files.readAllBytes(passwordFile);
                passwordFileEndsWithLineBreak = secret.length > 0 && secret[secret.length - 1] == '\n';
            } catch (IOException e) {
                throw new UsageException("cannot read the password file " + passwordFile + ": " + e);
            }
        }
        TlsFacts tls = cert == null ? null : new TlsFacts(certificateChain(cert), null, null, null);
        return new Question(
                Question.request(clientId, username, secret, Question.protocol(protocol), Question.address(address),
                        Question.tls(tls, overTls, sni)),
                Question.action(action, topic, qos, retain));
    }

    /**
     * The certificates of {@code file} in file order, read with the x509 provider's PEM reader (PEM, or one DER
     * certificate).
     *
     * @throws UsageException if the file cannot be read, holds no certificate, or a certificate cannot be parsed: a
     *     TLS stack never hands a broker such a chain, so it is a mistake in the question
     */
    private static List<X509Certificate> certificateChain(Path file) throws UsageException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException("cannot read the certificate file " + file + ": " + e);
        }
        String noCertificate = "no certificate found in " + file
                + "; give the client's chain as PEM (-----BEGIN CERTIFICATE----- blocks), leaf first";
        try {
            List<X509Certificate> chain = Pem.certificates(content);
            if (chain.isEmpty()) {
                throw new UsageException(noCertificate);
            }
            return chain;
        } catch (PemException e) {
            if (e.entry() == 0) {
                throw new UsageException(noCertificate);
            }
            throw new UsageException(file + ": " + e.getMessage() + "; give the client's chain as PEM, leaf first");
        }
    }
}
