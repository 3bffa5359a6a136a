package io.mqttauth.examples.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mqttauth.Action;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import io.mqttauth.TlsFacts;
import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight threads make connect and authorization decisions at full speed while the password file, the ACL file, the ban
 * list, the JWKS file and the CRL are rewritten over and over (about one version in four broken, sometimes two in a row), reloaded the way
 * production reloads them: file-system watches for three files, polling for two, and explicit
 * {@link MqttAuth#reload()} calls from another thread. Every decision is checked exactly against a model of which
 * version may have been in force.
 *
 * <p><b>The model.</b> Version N of each file gives a version-specific answer: user {@code u} has password
 * {@code pN}; user {@code stable} may publish to {@code v/N}; client id {@code bN} is banned; a token signed by the
 * key {@code kN} is accepted; the certificate with serial {@code 1000 + N} is revoked. A broken version N carries the
 * same answer next to its mistake, so that half-loading it would show. Every probe asks "is version K in force?". A
 * writer marks version N written before it moves the file into place, and confirmed once one of its own decisions
 * saw N in force (a good version) or {@link MqttAuth#problems()} named the file (a broken one). Since reloads are
 * serialised and read the whole file, the version in force never goes back; so during a decision it is a good version
 * from the one confirmed before the decision started to the newest written before it ended. A "yes" is wrong if K is
 * not such a version; a "no" is wrong if K is the only one.
 *
 * <p>The writers replace each file by renaming a new one over it, as {@code docs/password-file.md} asks. Rewritten in
 * place instead, a file can be read half-written (a truncated password file parses as one without users), and this
 * test then fails with thousands of wrong decisions.
 *
 * <p>Runs for {@code -Dmqttauth.load.seconds} seconds (default 60). The figures are printed and written to
 * {@code target/reload-under-load.txt}.
 */
class ReloadUnderLoadTest {

    private static final int DECIDERS = 8;
    private static final int ITERATIONS = 1_000;
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);
    private static final long HEAP_GROWTH_LIMIT = 64L << 20;

    /** The five reloaded files. */
    enum Kind {
        PASSWD("passwd", true),
        ACL("acl", true),
        BANNED("banned", true),
        JWKS("jwks.json", false),
        CRL("ca.crl", false);

        final String file;
        /** Whether a problem in the broken version is reported with its line. */
        final boolean hasLines;

        Kind(String file, boolean hasLines) {
            this.file = file;
            this.hasLines = hasLines;
        }
    }

    /** The versions of one file: which were written, which were broken, which is known to be in force. */
    static final class Versions {
        final AtomicInteger written = new AtomicInteger(1);
        final AtomicInteger confirmed = new AtomicInteger(1);
        final Set<Integer> broken = ConcurrentHashMap.newKeySet();
        final AtomicLong decisions = new AtomicLong();
        final AtomicInteger applied = new AtomicInteger();
        final AtomicInteger rejected = new AtomicInteger();
        final Queue<String> problems = new ConcurrentLinkedQueue<>();

        /** Whether version {@code k} may have been in force between {@code from} and {@code to}. */
        boolean possible(int k, int from, int to) {
            return k >= from && k <= to && !broken.contains(k);
        }

        /** Whether a version other than {@code k} may have been in force between {@code from} and {@code to}. */
        boolean otherPossible(int k, int from, int to) {
            for (int v = from; v <= to; v++) {
                if (v != k && !broken.contains(v)) {
                    return true;
                }
            }
            return false;
        }
    }

    @TempDir
    Path dir;

    private final Map<Kind, Versions> versions = new EnumMap<>(Kind.class);
    private final Queue<String> wrong = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> thrown = new ConcurrentLinkedQueue<>();
    private final AtomicLong wrongCount = new AtomicLong();
    private final AtomicLong explicitReloads = new AtomicLong();
    private final Map<Integer, String> tokens = new ConcurrentHashMap<>();
    private final Map<Integer, X509Certificate> certificates = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private KeyPair caKeys;
    private X509Certificate ca;
    private KeyPair leafKeys;
    private String stableHash;
    private MqttAuth auth;
    private Identity stable;

    @Test
    void everyDecisionMatchesAVersionThatMayHaveBeenInForceWhileFilesAreRewrittenAndReloaded() throws Exception {
        long seconds = Long.getLong("mqttauth.load.seconds", 60);
        for (Kind kind : Kind.values()) {
            versions.put(kind, new Versions());
        }
        setUpPki();
        stableHash = PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, bytes("s"), ITERATIONS);
        for (Kind kind : Kind.values()) {
            Files.write(dir.resolve(kind.file), content(kind, 1, false));
        }
        Files.write(dir.resolve("ca.pem"), pem(ca));
        Path conf = Files.writeString(dir.resolve("mqtt-auth.properties"), String.join("\n",
                "authenticators = x509, password-file, jwt",
                "authorizers = acl",
                "anonymous = deny",
                "authorization.cache.size = 10000",
                "banned.path = banned",
                "banned.reload = watch",
                "password-file.path = passwd",
                "password-file.reload = watch",
                "password-file.cache = on",
                "acl.path = acl",
                "acl.reload = 100ms",
                "jwt.jwks.path = jwks.json",
                "jwt.reload = watch",
                "x509.trust.path = ca.pem",
                "x509.crl.path = ca.crl",
                "x509.reload = 100ms",
                ""));
        LogCounter log = LogCounter.install();
        try (MqttAuth engine = MqttAuth.fromFile(conf)) {
            auth = engine;
            stable = auth.authenticate(ConnectRequest.builder("stable-probe").username("stable").password("s")
                    .build()).identity().orElseThrow();
            long heapBefore = usedHeapAfterGc();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < DECIDERS; i++) {
                threads.add(start("decider-" + i, this::decide));
            }
            for (Kind kind : Kind.values()) {
                threads.add(start("writer-" + kind, () -> write(kind)));
            }
            threads.add(start("reloader", this::reloadExplicitly));
            long started = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            running = false;
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(t.isAlive()).as("%s stopped", t.getName()).isFalse();
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            long heapAfter = usedHeapAfterGc();
            String report = report(elapsed, heapBefore, heapAfter, log);
            System.out.print(report);
            Files.writeString(Path.of("target", "reload-under-load.txt"), report, StandardCharsets.UTF_8);

            assertThat(thrown).as("exceptions").isEmpty();
            assertThat(wrong).as("wrong decisions").isEmpty();
            assertThat(log.thrown).as("log records with an exception").isEmpty();
            for (Kind kind : Kind.values()) {
                Versions v = versions.get(kind);
                assertThat(v.applied.get()).as("%s versions applied", kind).isGreaterThanOrEqualTo((int) seconds);
                assertThat(v.rejected.get()).as("%s broken versions rejected", kind).isPositive();
                assertThat(v.decisions.get()).as("%s decisions", kind).isGreaterThan(seconds * 10);
            }
            assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(HEAP_GROWTH_LIMIT);
        } finally {
            log.uninstall();
        }
    }

    private Thread start(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                thrown.add(e);
            }
        }, name);
        t.start();
        return t;
    }

    /** A decider: random probes of random files, each checked against the model. */
    private void decide() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Kind[] kinds = Kind.values();
        while (running) {
            Kind kind = kinds[random.nextInt(kinds.length)];
            Versions v = versions.get(kind);
            int newest = v.written.get();
            int k = Math.max(1, newest - 3 + random.nextInt(5));
            probeAndCheck(kind, k);
        }
    }

    /**
     * Asks whether version {@code k} of {@code kind} is in force, checks the answer against the model, and returns
     * it.
     */
    private boolean probeAndCheck(Kind kind, int k) {
        Versions v = versions.get(kind);
        int from = v.confirmed.get();
        Decision d = probe(kind, k);
        int to = v.written.get();
        v.decisions.incrementAndGet();
        Boolean yes = answer(kind, d);
        boolean ok = yes != null && (yes ? v.possible(k, from, to) : v.otherPossible(k, from, to));
        if (!ok) {
            wrongCount.incrementAndGet();
            if (wrong.size() < 20) {
                wrong.add(kind + " version " + k + " asked with versions " + from + ".." + to + " possible (broken: "
                        + v.broken.stream().filter(b -> b >= from && b <= to).sorted().toList() + "): " + d);
            }
        }
        return Boolean.TRUE.equals(yes);
    }

    private Decision probe(Kind kind, int k) {
        return switch (kind) {
            case PASSWD -> auth.authenticate(ConnectRequest.builder("p-" + k).username("u").password("p" + k)
                    .build());
            case ACL -> auth.authorize(stable, Action.publish("v/" + k));
            case BANNED -> auth.authenticate(ConnectRequest.builder("b" + k).username("stable").password("s")
                    .build());
            case JWKS -> auth.authenticate(ConnectRequest.builder("j-" + k).username("jwt-user")
                    .password(token(k)).build());
            case CRL -> auth.authenticate(ConnectRequest.builder("c-" + k)
                    .tls(new TlsFacts(List.of(certificate(k)), null, "TLSv1.3", null)).build());
        };
    }

    /** Whether the decision says version K is in force; null for an answer no version gives. */
    private static Boolean answer(Kind kind, Decision d) {
        FailureReason reason = d.reason().orElse(null);
        return switch (kind) {
            case PASSWD -> d.isAllowed() ? Boolean.TRUE : reason == FailureReason.PASSWORD_MISMATCH ? Boolean.FALSE
                    : null;
            case ACL -> d.isAllowed() ? Boolean.TRUE : reason == FailureReason.NO_MATCHING_RULE ? Boolean.FALSE : null;
            case BANNED -> d.isAllowed() ? Boolean.FALSE : reason == FailureReason.BANNED ? Boolean.TRUE : null;
            case JWKS -> d.isAllowed() ? Boolean.TRUE : reason == FailureReason.TOKEN_UNKNOWN_KEY ? Boolean.FALSE
                    : null;
            case CRL -> d.isAllowed() ? Boolean.FALSE : reason == FailureReason.CERTIFICATE_REVOKED ? Boolean.TRUE
                    : null;
        };
    }

    /** A writer: new versions of one file, each confirmed in force (or, if broken, reported) before the next. */
    private void write(Kind kind) {
        Versions v = versions.get(kind);
        Path file = dir.resolve(kind.file);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            while (running) {
                int n = v.written.get() + 1;
                boolean broken = n % 5 == 0 || n % 11 == 0;
                byte[] content = content(kind, n, broken);
                if (broken) {
                    v.broken.add(n);
                }
                Path tmp = dir.resolve("." + kind.file + ".tmp");
                Files.write(tmp, content);
                v.written.set(n);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                long deadline = System.nanoTime() + CONFIRM_TIMEOUT.toNanos();
                if (broken) {
                    List<ConfigurationProblem> found;
                    while ((found = problemsOf(file)).isEmpty()) {
                        assertThat(System.nanoTime()).as("%s broken version %d reported", kind, n)
                                .isLessThan(deadline);
                        Thread.sleep(2);
                    }
                    v.rejected.incrementAndGet();
                    if (v.problems.size() < 3) {
                        v.problems.add(found.get(0).toString());
                    }
                    if (kind.hasLines) {
                        assertThat(found).as("%s problems name the broken line", kind)
                                .allSatisfy(p -> assertThat(p.line()).isEqualTo(brokenLine(kind)));
                    }
                } else {
                    while (!probeAndCheck(kind, n)) {
                        assertThat(System.nanoTime()).as("%s version %d in force", kind, n).isLessThan(deadline);
                        Thread.sleep(2);
                    }
                    v.confirmed.set(n);
                    v.applied.incrementAndGet();
                }
                Thread.sleep(random.nextInt(10, 100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ConfigurationProblem> problemsOf(Path file) {
        return auth.problems().stream().filter(p -> file.equals(p.file())).toList();
    }

    /** Explicit reloads at random moments; every problem they report must name its file. */
    private void reloadExplicitly() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            while (running) {
                List<ConfigurationProblem> problems = auth.reload();
                explicitReloads.incrementAndGet();
                assertThat(problems).as("problems of an explicit reload").allSatisfy(p -> assertThat(p.file())
                        .isNotNull());
                Thread.sleep(random.nextInt(20, 300));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The line each broken version breaks, after the version's own answer. */
    private static int brokenLine(Kind kind) {
        return switch (kind) {
            case PASSWD -> 3;
            case ACL -> 3;
            case BANNED -> 2;
            default -> 0;
        };
    }

    private byte[] content(Kind kind, int n, boolean broken) throws Exception {
        return switch (kind) {
            case PASSWD -> bytes("stable:" + stableHash + "\nu:"
                    + PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, bytes("p" + n), ITERATIONS) + "\n"
                    + (broken ? "w:$7$not-a-hash\n" : ""));
            case ACL -> bytes("user stable\ntopic write v/" + n + "\n" + (broken ? "topic write v/#/x\n" : ""));
            case BANNED -> bytes("clientid b" + n + "\n" + (broken ? "clientid\n" : ""));
            case JWKS -> jwks(n, broken);
            case CRL -> broken ? bytes("-----BEGIN X509 CRL-----\nbm90IGEgQ1JM\n-----END X509 CRL-----\n")
                    : pem(crl(n));
        };
    }

    private byte[] jwks(int n, boolean broken) throws com.nimbusds.jose.JOSEException {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k" + n).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k" + n)
                .type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().subject("jwt-user").expirationTime(Date.from(Instant.now().plus(
                        Duration.ofHours(2)))).build());
        jwt.sign(new ECDSASigner(key));
        tokens.put(n, jwt.serialize());
        String set = new JWKSet(key.toPublicJWK()).toString();
        // A broken version is the same set, cut off before its end.
        return bytes(broken ? set.substring(0, set.length() - 2) : set);
    }

    /** The token signed with version {@code k}'s key, or one signed by a key no version has. */
    private String token(int k) {
        return tokens.getOrDefault(k, tokens.get(0));
    }

    private void setUpPki() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        caKeys = ec.generateKeyPair();
        leafKeys = ec.generateKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=Load CA");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                caKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        ca = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        // A token whose key is in no version, for probes of versions not written yet.
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("k0").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k0").build(),
                new JWTClaimsSet.Builder().subject("jwt-user").expirationTime(Date.from(now.plus(Duration.ofHours(2))))
                        .build());
        jwt.sign(new ECDSASigner(stranger));
        tokens.put(0, jwt.serialize());
    }

    /** The client certificate that version {@code k} of the CRL revokes. */
    private X509Certificate certificate(int k) {
        return certificates.computeIfAbsent(k, serial -> {
            try {
                Instant now = Instant.now();
                JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Load CA"),
                        BigInteger.valueOf(1000L + serial), Date.from(now.minus(Duration.ofHours(1))),
                        Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=cert-" + serial),
                        leafKeys.getPublic());
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                return new JcaX509CertificateConverter().getCertificate(
                        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private java.security.cert.X509CRL crl(int n) throws Exception {
        Instant now = Instant.now();
        X509v2CRLBuilder b = new X509v2CRLBuilder(new X500Name("CN=Load CA"), Date.from(now.minus(Duration.ofMinutes(5))));
        b.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
        b.addCRLEntry(BigInteger.valueOf(1000L + n), Date.from(now.minus(Duration.ofMinutes(1))),
                CRLReason.keyCompromise);
        return new JcaX509CRLConverter().getCRL(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    private static byte[] pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return bytes(s.toString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private String report(double elapsed, long heapBefore, long heapAfter, LogCounter log) {
        StringBuilder sb = new StringBuilder();
        long total = versions.values().stream().mapToLong(v -> v.decisions.get()).sum();
        sb.append(String.format(Locale.ROOT, "reload under load: %d deciders, %.1f s, %d decisions (%.0f/s), "
                + "%d wrong, %d exceptions, %d explicit reloads%n", DECIDERS, elapsed, total, total / elapsed,
                wrongCount.get(), thrown.size(), explicitReloads.get()));
        for (Kind kind : Kind.values()) {
            Versions v = versions.get(kind);
            sb.append(String.format(Locale.ROOT, "  %-9s %7d decisions, %4d versions written, %4d applied, "
                    + "%3d broken rejected%n", kind.file, v.decisions.get(), v.written.get() - 1, v.applied.get(),
                    v.rejected.get()));
            for (String p : v.problems) {
                sb.append("      e.g. ").append(p).append('\n');
            }
        }
        sb.append(String.format(Locale.ROOT, "  heap used after GC: before %.1f MB, after %.1f MB%n",
                heapBefore / 1048576.0, heapAfter / 1048576.0));
        sb.append(String.format(Locale.ROOT, "  log records: %d infos (reloads), %d warnings (rejected reloads), "
                + "%d errors, %d with an exception%n", log.infos.get(), log.warnings.get(), log.errors.get(),
                log.thrown.size()));
        wrong.forEach(w -> sb.append("  WRONG: ").append(w).append('\n'));
        thrown.forEach(t -> sb.append("  THROWN: ").append(t).append('\n'));
        return sb.toString();
    }

    /**
     * Counts what mqtt-auth logs through {@link System.Logger} (JUL here) while the test runs, and keeps it off the
     * console: hundreds of reloads and broken versions are expected; a record with an exception is not. INFO stays on,
     * so that a reload takes as long as in production, where it logs.
     */
    static final class LogCounter extends Handler {
        private final Logger logger = Logger.getLogger("io.mqttauth");
        private final Level level = logger.getLevel();
        private final boolean parents = logger.getUseParentHandlers();
        final AtomicLong infos = new AtomicLong();
        final AtomicLong warnings = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final Queue<String> thrown = new ConcurrentLinkedQueue<>();

        static LogCounter install() {
            LogCounter c = new LogCounter();
            c.logger.setLevel(Level.INFO);
            c.logger.setUseParentHandlers(false);
            c.logger.addHandler(c);
            return c;
        }

        void uninstall() {
            logger.removeHandler(this);
            logger.setUseParentHandlers(parents);
            logger.setLevel(level);
        }

        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.incrementAndGet();
            } else if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.incrementAndGet();
            } else {
                infos.incrementAndGet();
            }
            if (r.getThrown() != null) {
                thrown.add(r.getMessage() + ": " + r.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
