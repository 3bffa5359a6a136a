package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mqttauth.Action;
import io.mqttauth.ConnectAttempt;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.DecisionListener;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import io.mqttauth.MqttVersion;
import io.mqttauth.TlsFacts;
import io.mqttauth.UnauthorizedClient;
import io.mqttauth.x509.Pem;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret-hygiene test: every kind of refusal, with every provider (password file, ACL, X.509, JWT with the token in
 * the password and in the user name) and the ban list, made with a distinctive password and distinctive tokens, and
 * not one of those secrets (the password, a wrong password, any token or its signature, the HMAC secret) in any log
 * record, {@code toString}, decision detail, explanation, trail, unauthorized-clients entry or listener view of the
 * engine, nor in anything the built CLI jar prints: {@code check} and {@code explain}, plain and {@code --json}, with
 * {@code --password}, {@code --password-file} and {@code --batch}, and its usage errors.
 */
class SecretHygieneIT {

    static final String PASSWORD = "S3cr3t-Pa55-7f3a";
    static final String WRONG = "Wr0ng-Pa55-9c1d";
    private static final Instant NOW = Instant.now();
    private static final AtomicLong SERIAL = new AtomicLong(0x5000);

    @TempDir
    static Path dir;
    private static byte[] hmac;
    /** Every secret that must appear nowhere. */
    private static final Set<String> SECRETS = new LinkedHashSet<>();
    private static final Map<String, String> TOKENS = new java.util.LinkedHashMap<>();

    /** One question: a name, the configuration, and the CLI arguments after {@code --config FILE}. */
    private record Case(String name, String config, List<String> args) {
    }

    private record Issued(KeyPair keys, X509Certificate certificate) {
    }

    @BeforeAll
    static void setUp() throws Exception {
        hmac = new byte[32];
        new SecureRandom().nextBytes(hmac);
        Files.write(dir.resolve("hmac.key"), hmac);
        byte[] other = hmac.clone();
        other[0]++;
        TOKENS.put("valid", token(hmac, "acme", NOW.plusSeconds(600)));
        TOKENS.put("expired", token(hmac, "acme", NOW.minusSeconds(600)));
        TOKENS.put("forged", token(other, "acme", NOW.plusSeconds(600)));
        TOKENS.put("mismatch", token(hmac, "other-tenant", NOW.plusSeconds(600)));
        String valid = TOKENS.get("valid");
        // Looks like a JWT (three base64url parts) but its header is not JSON.
        TOKENS.put("malformed", "bm90LWpzb24tN2YzYQ." + valid.substring(valid.indexOf('.') + 1));
        SECRETS.add(PASSWORD);
        SECRETS.add(WRONG);
        SECRETS.add(new String(hmac, StandardCharsets.ISO_8859_1));
        SECRETS.add(HexFormat.of().formatHex(hmac));
        SECRETS.add(Base64URL.encode(hmac).toString());
        SECRETS.add(Base64.encode(hmac).toString());
        for (String t : TOKENS.values()) {
            SECRETS.add(t);
            SECRETS.add(t.substring(t.lastIndexOf('.') + 1)); // the signature
        }
        for (Map.Entry<String, String> t : TOKENS.entrySet()) {
            Files.writeString(dir.resolve(t.getKey() + ".jwt"), t.getValue());
        }
        Files.writeString(dir.resolve("password.txt"), PASSWORD);
        Files.writeString(dir.resolve("acl"), """
                user alice
                topic write devices/alice/#
                user device-7
                topic write devices/device-7/#
                """);
        Files.writeString(dir.resolve("banned.txt"), "clientid banned-client\n");

        Issued root = issue(null, "CN=Hygiene Root", true, NOW.plus(Duration.ofDays(30)));
        Issued rogue = issue(null, "CN=Rogue Root", true, NOW.plus(Duration.ofDays(30)));
        Files.writeString(dir.resolve("ca.pem"), pem(root.certificate()));
        Files.writeString(dir.resolve("untrusted.pem"), pem(issue(rogue, "CN=sensor-7", false,
                NOW.plus(Duration.ofDays(10))).certificate(), rogue.certificate()));
        Files.writeString(dir.resolve("expired.pem"), pem(issue(root, "CN=sensor-8", false,
                NOW.minus(Duration.ofHours(1))).certificate(), root.certificate()));

        Files.writeString(dir.resolve("password.properties"), """
                authenticators = x509, password-file, jwt
                authorizers = jwt, acl
                anonymous = deny
                banned.path = banned.txt
                x509.trust.path = ca.pem
                password-file.path = passwd
                acl.path = acl
                jwt.hmac.secret-path = hmac.key
                jwt.claims.tenant = acme
                """);
        Files.writeString(dir.resolve("username.properties"), """
                authenticators = password-file, jwt
                authorizers = acl
                anonymous = deny
                password-file.path = passwd
                acl.path = acl
                jwt.hmac.secret-path = hmac.key
                jwt.token-from = username
                jwt.claims.tenant = acme
                """);
        Cli.Result passwd = Cli.run(dir, "passwd", "-c", "-b", "passwd", "alice", PASSWORD);
        assertThat(passwd.status()).as(passwd.toString()).isZero();
        assertNoSecret("passwd", List.of(passwd.out(), passwd.err()));
    }

    private static String token(byte[] key, String tenant, Instant expiry) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject("device-7").claim("tenant", tenant).expirationTime(Date.from(expiry))
                .claim("acl", List.of(Map.of("permission", "allow", "action", "publish",
                        "topic", "devices/device-7/#")))
                .build());
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    /** Every refusal kind, and an allowed connect followed by a denied action for each way of logging in. */
    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String pw = "password.properties";
        String un = "username.properties";
        c.add(new Case("wrong password", pw, List.of("--username", "alice", "--password", WRONG, "connect")));
        c.add(new Case("unknown user", pw, List.of("--username", "mallory", "--password", PASSWORD, "connect")));
        c.add(new Case("no password", pw, List.of("--username", "alice", "connect")));
        c.add(new Case("no credentials", pw, List.of("connect")));
        c.add(new Case("password without user name (MQTT 3.1.1)", pw, List.of("--protocol", "3", "--password",
                PASSWORD, "connect")));
        c.add(new Case("banned client", pw, List.of("--client-id", "banned-client", "--username", "alice",
                "--password", PASSWORD, "connect")));
        c.add(new Case("ACL denies a publish", pw, List.of("--username", "alice", "--password", PASSWORD,
                "publish", "devices/bob/temp")));
        c.add(new Case("ACL denies a subscription", pw, List.of("--username", "alice", "--password", PASSWORD,
                "subscribe", "devices/#")));
        c.add(new Case("untrusted certificate", pw, List.of("--cert", "untrusted.pem", "--username", "alice",
                "--password", PASSWORD, "connect")));
        c.add(new Case("expired certificate", pw, List.of("--cert", "expired.pem", "--username", "alice",
                "--password", PASSWORD, "connect")));
        for (String kind : List.of("expired", "forged", "malformed", "mismatch")) {
            c.add(new Case(kind + " token in the password", pw, List.of("--username", "device-7", "--password",
                    TOKENS.get(kind), "connect")));
            c.add(new Case(kind + " token in the user name", un, List.of("--username", TOKENS.get(kind),
                    "--password", PASSWORD, "connect")));
            c.add(new Case(kind + " token in the user name, publishing", un, List.of("--username",
                    TOKENS.get(kind), "publish", "devices/device-7/temp")));
        }
        c.add(new Case("token acl denies a publish", pw, List.of("--username", "device-7", "--password",
                TOKENS.get("valid"), "publish", "devices/device-8/temp")));
        c.add(new Case("valid token in the user name, ACL denies a publish", un, List.of("--username",
                TOKENS.get("valid"), "publish", "devices/device-8/temp")));
        c.add(new Case("not a token in the user name, wrong password", un, List.of("--username", "alice",
                "--password", WRONG, "connect")));
        c.add(new Case("not a token in the user name, unknown user", un, List.of("--username", "mallory-" + PASSWORD,
                "--password", PASSWORD, "connect")));
        return c;
    }

    /**
     * {@code check} for every case, one run each; {@code check --json}, {@code explain} and {@code explain --json} of
     * the same cases through {@code --batch} (the same output code, one JVM per configuration), except for the
     * certificate cases, which the batch format cannot carry and which run alone.
     */
    @Test
    void noSecretInAnythingTheCliPrintsForAnyRefusal() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Case c : cases()) {
            List<List<String>> runs = new ArrayList<>();
            runs.add(List.of("check"));
            if (c.args().contains("--cert")) {
                runs.add(List.of("check", "--json"));
                runs.add(List.of("explain"));
                runs.add(List.of("explain", "--json"));
            }
            for (List<String> run : runs) {
                List<String> args = new ArrayList<>(List.of(run.get(0), "--config", c.config()));
                args.addAll(run.subList(1, run.size()));
                args.addAll(c.args());
                Cli.Result r = Cli.run(dir, args.toArray(String[]::new));
                assertThat(r.status()).as(c.name() + " " + args + "\n" + r).isEqualTo(1);
                assertNoSecret(c.name() + " " + run, List.of(r.out(), r.err()));
                checked.add(r.firstLine());
            }
        }
        assertThat(checked).allMatch(l -> l.startsWith("DENY") || l.startsWith("{\"decision\":\"DENY\""));
        // The password read from a file, in the password and with the token in the user name.
        for (String config : List.of("password.properties", "username.properties")) {
            Cli.Result r = Cli.run(dir, "explain", "--config", config, "--json", "--username", "alice",
                    "--password-file", "password.txt", "publish", "devices/bob/temp");
            assertThat(r.status()).as(r.toString()).isEqualTo(1);
            assertNoSecret(config + " --password-file", List.of(r.out(), r.err()));
        }
    }

    @Test
    void noSecretInBatchOutput() throws Exception {
        for (String config : List.of("password.properties", "username.properties")) {
            StringBuilder lines = new StringBuilder();
            for (Case c : cases()) {
                if (!c.config().equals(config) || c.args().contains("--cert")) {
                    continue;
                }
                lines.append(batchLine(c.args())).append('\n');
            }
            // A password that is not a string is a usage error that must not repeat it.
            lines.append("{\"username\":\"alice\",\"password\":").append(PASSWORD.replaceAll("\\D", ""))
                    .append("7319}\n");
            SECRETS.add(PASSWORD.replaceAll("\\D", "") + "7319");
            Path batch = Files.writeString(dir.resolve("batch-" + config + ".jsonl"), lines.toString());
            for (List<String> run : List.of(List.of("check", "--json"), List.of("explain"),
                    List.of("explain", "--json"))) {
                List<String> args = new ArrayList<>(List.of(run.get(0), "--config", config, "--batch",
                        batch.getFileName().toString()));
                args.addAll(run.subList(1, run.size()));
                Cli.Result r = Cli.run(dir, args.toArray(String[]::new));
                assertThat(r.status()).as(args + "\n" + r).isEqualTo(2);
                assertThat(r.out()).contains("DENY");
                assertNoSecret("batch " + config + " " + args, List.of(r.out(), r.err()));
            }
        }
    }

    @Test
    void noSecretInUsageErrorsOrValidation() {
        List<Cli.Result> results = new ArrayList<>();
        // A password left over after a mistake: picocli names the arguments it cannot place.
        results.add(Cli.run(dir, "check", "--config", "password.properties", "--username", "alice", "--password",
                PASSWORD, "connect", "extra", "arguments"));
        results.add(Cli.run(dir, "validate", "--config", "password.properties", "--password", PASSWORD));
        results.add(Cli.run(dir, "check", "--config", "password.properties", "--password=" + PASSWORD,
                "--password-file", "password.txt", "connect"));
        results.add(Cli.run(dir, "check", "--config", "password.properties", "--username", TOKENS.get("valid"),
                "--password", PASSWORD, "--qos", "7", "publish", "t"));
        results.add(Cli.run(dir, "check", "--config", "password.properties", "--pasword=" + PASSWORD, "connect"));
        results.add(Cli.run(dir, "check", "--config", "password.properties", "--pasword", PASSWORD, "connect"));
        results.add(Cli.run(dir, "passwd", "-b", "passwd", "alice", PASSWORD, "extra"));
        results.add(Cli.run(dir, "validate", "--config", "password.properties"));
        results.add(Cli.run(dir, "validate", "--config", "username.properties"));
        for (Cli.Result r : results) {
            assertNoSecret(r.toString(), List.of(r.out(), r.err()));
        }
        assertThat(results.subList(0, 7)).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isNotZero());
    }

    @Test
    void noSecretInTheEnginesLogsToStringsDecisionsOrUnauthorizedClients() throws Exception {
        List<String> texts = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                texts.add(new SimpleFormatter().format(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        Logger ours = Logger.getLogger("io.mqttauth");
        Level before = ours.getLevel();
        root.addHandler(capture);
        ours.setLevel(Level.ALL);
        int decisions = 0;
        try {
            for (String config : List.of("password.properties", "username.properties")) {
                DecisionListener listener = new DecisionListener() {
                    @Override
                    public void connectDecided(ConnectAttempt attempt, Decision decision) {
                        texts.add(attempt.toString());
                        texts.add(decision.toString());
                    }

                    @Override
                    public void actionDecided(Identity identity, Action action, Decision decision) {
                        texts.add(identity.toString());
                        texts.add(action.toString());
                        texts.add(decision.toString());
                    }
                };
                try (MqttAuth auth = MqttAuth.builder().configuration(dir.resolve(config)).listener(listener)
                        .build()) {
                    for (Case c : cases()) {
                        if (!c.config().equals(config)) {
                            continue;
                        }
                        Question q = question(c.args());
                        texts.add(q.request().toString());
                        texts.add(auth.attempt(q.request()).toString());
                        Decision connect = auth.authenticate(q.request());
                        List<Decision> made = new ArrayList<>(List.of(connect));
                        if (connect.isAllowed() && q.action() != null) {
                            made.add(auth.authorize(connect.identity().orElseThrow(), q.action()));
                        }
                        assertThat(made.get(made.size() - 1).isAllowed()).as(c.name()).isFalse();
                        for (Decision d : made) {
                            decisions++;
                            texts.add(d.toString());
                            texts.add(d.explain());
                            texts.add(d.detail());
                            texts.add(d.trail().toString());
                            d.identity().ifPresent(i -> texts.add(i.toString()));
                        }
                        q.request().clearSecrets();
                        texts.add(q.request().toString());
                    }
                    for (UnauthorizedClient e : auth.unauthorizedClients().list()) {
                        texts.add(e.toString());
                        texts.add(String.valueOf(e.username()));
                        texts.add(e.detail());
                    }
                    auth.problems().forEach(p -> texts.add(p.toString()));
                }
            }
        } finally {
            root.removeHandler(capture);
            ours.setLevel(before);
        }
        assertThat(decisions).isGreaterThan(cases().size());
        assertNoSecret("the engine", texts);
    }

    /** The question the CLI would ask for {@code args}, for the engine in this JVM. */
    private static Question question(List<String> args) throws Exception {
        String clientId = null;
        String username = null;
        byte[] password = null;
        MqttVersion version = MqttVersion.V5;
        TlsFacts tls = null;
        int i = 0;
        while (args.get(i).startsWith("--")) {
            String value = args.get(i + 1);
            switch (args.get(i)) {
                case "--client-id" -> clientId = value;
                case "--username" -> username = value;
                case "--password" -> password = value.getBytes(StandardCharsets.UTF_8);
                case "--protocol" -> version = Question.protocol(value);
                case "--cert" -> tls = new TlsFacts(Pem.certificates(Files.readAllBytes(dir.resolve(value))), null,
                        "TLSv1.3", null);
                default -> throw new AssertionError(args.get(i));
            }
            i += 2;
        }
        return new Question(Question.request(clientId, username, password, version, null, tls),
                Question.action(args.get(i), i + 1 < args.size() ? args.get(i + 1) : null, null, false));
    }

    private static String batchLine(List<String> args) {
        ObjectNode w = JsonOutput.object();
        int i = 0;
        while (args.get(i).startsWith("--")) {
            w.put(args.get(i).equals("--client-id") ? "clientId" : args.get(i).substring(2), args.get(i + 1));
            i += 2;
        }
        w.put("action", args.get(i));
        if (i + 1 < args.size()) {
            w.put("topic", args.get(i + 1));
        }
        return JsonOutput.write(w);
    }

    private static void assertNoSecret(String where, List<String> texts) {
        assertThat(texts).as(where).isNotEmpty();
        for (String text : texts) {
            for (String secret : SECRETS) {
                assertThat(text).as(where).doesNotContain(secret);
            }
        }
    }

    private static Issued issue(Issued issuer, String dn, boolean ca, Instant notAfter) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        X500Name subject = new X500Name(dn);
        X500Name issuerName = issuer == null ? subject
                : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        Instant from = NOW.minus(Duration.ofDays(2));
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(notAfter), subject,
                keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        KeyPair signer = issuer == null ? keys : issuer.keys();
        return new Issued(keys, new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()))));
    }

    private static String pem(Object... objects) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
        return out.toString();
    }
}
