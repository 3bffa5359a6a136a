package io.mqttauth.benchmarks;

import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.MqttAuth;
import io.mqttauth.MqttVersion;
import io.mqttauth.TlsFacts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorResult;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One client-certificate connect decision through the {@code x509} provider, against a bare PKIX validation of the
 * same chain. The chain is what device fleets commonly present: an RSA-2048 root (the trust anchor), an RSA-2048
 * intermediate, and a leaf with an EC P-256 key and the {@code clientAuth} extended key usage; the client sends leaf
 * and intermediate.
 *
 * <p>The operations cycle through {@value #DEVICES} devices, each with its own leaf under the one intermediate, and
 * get their certificate objects parsed before the operation is timed ({@code Level.Invocation}, whose time-stamping
 * costs well under 1% of these operations), as a broker gets them from the TLS layer. One reused chain would measure
 * little: the JDK's certificate object remembers the key it verified last, and {@code rawPkix} on one chain object
 * took 7 µs, most of a real check being the leaf's signature.
 * <ul>
 *   <li>{@code rawPkix}: {@code CertPathValidator} (PKIX, revocation off) on the chain with the root as anchor; the
 *       validator and parameters are built once, the certificate path per operation.</li>
 *   <li>{@code mqttAuthFirstSeen}: the whole decision through {@link MqttAuth} with the provider's cache off, as for a
 *       chain the provider has not seen: validation, name extraction, identity.</li>
 *   <li>{@code mqttAuthCached}: the same decision with the cache on, as for a device that reconnects.</li>
 * </ul>
 * Setup checks that the decisions allow the client.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class X509Benchmark {

    /** Devices, each with its own leaf certificate: more than the JDK's certificate factory caches (750). */
    static final int DEVICES = 1024;

    private Path dir;
    private MqttAuth cached;
    private MqttAuth uncached;
    private CertPathValidator validator;
    private PKIXParameters parameters;
    private byte[][] leafDer;
    private byte[] intermediateDer;
    private CertificateFactory factory;
    private int next;
    /** The chain as new certificate objects, parsed before each operation. */
    private List<X509Certificate> chain;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        KeyPair rootKeys = keys("RSA", 2048);
        KeyPair intermediateKeys = keys("RSA", 2048);
        KeyPair leafKeys = keys("EC", 256);
        X500Name rootName = new X500Name("CN=Fleet Root CA,O=Example");
        X500Name intermediateName = new X500Name("CN=Fleet Devices CA,O=Example");
        X509Certificate root = certificate(rootName, rootName, rootKeys, rootKeys.getPrivate(), true, false);
        X509Certificate intermediate = certificate(rootName, intermediateName, intermediateKeys,
                rootKeys.getPrivate(), true, false);
        X509Certificate leaf = null;
        leafDer = new byte[DEVICES][];
        for (int i = 0; i < DEVICES; i++) {
            leaf = certificate(intermediateName, new X500Name("CN=sensor-" + i + ",O=Example"), leafKeys,
                    intermediateKeys.getPrivate(), false, true);
            leafDer[i] = leaf.getEncoded();
        }

        dir = Files.createTempDirectory("x509-benchmark");
        Path trust = Files.writeString(dir.resolve("trust.pem"), pem(root));
        cached = engine(trust, "10000");
        uncached = engine(trust, "0");
        intermediateDer = intermediate.getEncoded();
        factory = CertificateFactory.getInstance("X.509");
        for (MqttAuth auth : List.of(cached, uncached)) {
            Decision d = auth.authenticate(request(List.of(leaf, intermediate)));
            // Every device once, so that the cached benchmark measures hits.
            for (int i = 0; i < DEVICES; i++) {
                freshChain();
                if (!auth.authenticate(request(chain)).isAllowed()) {
                    throw new IllegalStateException("device " + i + " is refused");
                }
            }
            if (!d.isAllowed()) {
                throw new IllegalStateException("the benchmark chain is refused: " + d.explain());
            }
        }

        validator = CertPathValidator.getInstance("PKIX");
        parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, intermediate)),
                parameters);
    }

    /**
     * The next device's chain as the TLS layer would hand it over: parsed by the JDK's certificate factory, which
     * returns its cached object for bytes it parsed recently (so the intermediate comes verified already, as in a
     * broker) and a new object for each of the {@value #DEVICES} leaves, which are more than its cache holds.
     */
    @Setup(Level.Invocation)
    public void freshChain() throws GeneralSecurityException {
        next = (next + 1) % DEVICES;
        chain = List.of(
                (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(leafDer[next])),
                (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(intermediateDer)));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        cached.close();
        uncached.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Benchmark
    public CertPathValidatorResult rawPkix() throws GeneralSecurityException {
        return validator.validate(factory.generateCertPath(chain), parameters);
    }

    @Benchmark
    public Decision mqttAuthFirstSeen() {
        return uncached.authenticate(request(chain));
    }

    @Benchmark
    public Decision mqttAuthCached() {
        return cached.authenticate(request(chain));
    }

    private static ConnectRequest request(List<X509Certificate> chain) {
        return ConnectRequest.builder("sensor-0042").mqttVersion(MqttVersion.V5)
                .tls(new TlsFacts(chain, "broker.example", "TLSv1.3", "TLS_AES_128_GCM_SHA256")).build();
    }

    private static MqttAuth engine(Path trust, String cacheSize) {
        return MqttAuth.builder()
                .authenticatorProvider("x509", Map.of("trust.path", trust.toString(), "cache.size", cacheSize,
                        "reload", "off"))
                .build();
    }

    private static KeyPair keys(String algorithm, int size) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(size);
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(X500Name issuer, X500Name subject, KeyPair subjectKeys,
            PrivateKey signer, boolean ca, boolean clientAuth)
            throws CertIOException, OperatorCreationException, GeneralSecurityException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime() & 0xffff)),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca
                ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature));
        if (clientAuth) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        }
        String algorithm = signer.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(
                new JcaContentSignerBuilder(algorithm).build(signer)));
    }

    private static String pem(X509Certificate certificate) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(certificate);
        }
        return out.toString();
    }
}
