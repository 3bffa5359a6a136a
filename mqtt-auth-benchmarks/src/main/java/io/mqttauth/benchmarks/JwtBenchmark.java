package io.mqttauth.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.MqttAuth;
import io.mqttauth.MqttVersion;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
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
 * A token connect decision through the {@code jwt} provider, the same valid token each time (the provider keeps no
 * result cache), against the bare signature check over the same signing input:
 * <ul>
 *   <li>RS256 (RSA-2048): {@code mqttAuthRs256} against {@code rawRs256Verify}, a {@code SHA256withRSA}
 *       {@link Signature} of the JDK;</li>
 *   <li>ES256 (P-256): {@code mqttAuthEs256} against {@code rawEs256VerifyBc} and {@code rawEs256VerifyJdk}, the same
 *       check with Bouncy Castle's and with the JDK's (SunEC) {@code SHA256withPLAIN-ECDSA} /
 *       {@code SHA256withECDSAinP1363Format} signature, the JWS encoding of ECDSA signatures;</li>
 *   <li>HS256 (a 32-byte secret): {@code mqttAuthHs256} against {@code rawHs256}, an {@code HmacSHA256} {@link Mac} and
 *       a constant-time comparison.</li>
 * </ul>
 * Keys come from PEM files and a secret file read at setup; no file or network I/O happens per decision. Setup checks
 * that every decision allows the client.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class JwtBenchmark {

    private Path dir;
    private MqttAuth rs256;
    private MqttAuth es256;
    private MqttAuth hs256;
    private ConnectRequest rs256Request;
    private ConnectRequest es256Request;
    private ConnectRequest hs256Request;
    private Raw rsa;
    private Raw ecBc;
    private Raw ecJdk;
    private byte[] hmacKey;
    private byte[] hmacInput;
    private byte[] hmacSignature;
    private Mac mac;

    /** A signing input, its signature and the verifier of one raw benchmark. */
    private record Raw(Signature verifier, PublicKey key, byte[] input, byte[] signature) {
        boolean verify() throws GeneralSecurityException {
            verifier.initVerify(key);
            verifier.update(input);
            return verifier.verify(signature);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("jwt-benchmark");
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        KeyPair rsaKeys = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ecKeys = ecGenerator.generateKeyPair();
        hmacKey = new byte[32];
        new SecureRandom().nextBytes(hmacKey);

        String rsToken = token(JWSAlgorithm.RS256, new RSASSASigner(rsaKeys.getPrivate()));
        String esToken = token(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) ecKeys.getPrivate()));
        String hsToken = token(JWSAlgorithm.HS256, new MACSigner(hmacKey));
        rs256 = engine("public-key.path", Files.writeString(dir.resolve("rsa.pem"), pem(rsaKeys.getPublic())));
        es256 = engine("public-key.path", Files.writeString(dir.resolve("ec.pem"), pem(ecKeys.getPublic())));
        hs256 = engine("hmac.secret-path", Files.write(dir.resolve("secret"), hmacKey));
        rs256Request = request(rsToken);
        es256Request = request(esToken);
        hs256Request = request(hsToken);
        for (Decision d : new Decision[] {rs256.authenticate(rs256Request), es256.authenticate(es256Request),
                hs256.authenticate(hs256Request)}) {
            if (!d.isAllowed()) {
                throw new IllegalStateException("the benchmark token is refused: " + d.explain());
            }
        }

        rsa = raw(rsToken, Signature.getInstance("SHA256withRSA"), rsaKeys.getPublic());
        ecBc = raw(esToken, Signature.getInstance("SHA256withPLAIN-ECDSA", new BouncyCastleProvider()),
                ecKeys.getPublic());
        ecJdk = raw(esToken, Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC"), ecKeys.getPublic());
        mac = Mac.getInstance("HmacSHA256");
        hmacInput = signingInput(hsToken);
        hmacSignature = signature(hsToken);
        for (Raw r : new Raw[] {rsa, ecBc, ecJdk}) {
            if (!r.verify()) {
                throw new IllegalStateException("a raw signature does not verify");
            }
        }
        if (!rawHs256()) {
            throw new IllegalStateException("the raw HMAC does not verify");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        rs256.close();
        es256.close();
        hs256.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Benchmark
    public Decision mqttAuthRs256() {
        return rs256.authenticate(rs256Request);
    }

    @Benchmark
    public boolean rawRs256Verify() throws GeneralSecurityException {
        return rsa.verify();
    }

    @Benchmark
    public Decision mqttAuthEs256() {
        return es256.authenticate(es256Request);
    }

    @Benchmark
    public boolean rawEs256VerifyBc() throws GeneralSecurityException {
        return ecBc.verify();
    }

    @Benchmark
    public boolean rawEs256VerifyJdk() throws GeneralSecurityException {
        return ecJdk.verify();
    }

    @Benchmark
    public Decision mqttAuthHs256() {
        return hs256.authenticate(hs256Request);
    }

    @Benchmark
    public boolean rawHs256() throws GeneralSecurityException {
        mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
        return MessageDigest.isEqual(mac.doFinal(hmacInput), hmacSignature);
    }

    private static String token(JWSAlgorithm algorithm, JWSSigner signer) throws JOSEException {
        long now = System.currentTimeMillis();
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), new JWTClaimsSet.Builder()
                .subject("sensor-0042").issueTime(new Date(now)).expirationTime(new Date(now + 3_600_000)).build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static MqttAuth engine(String key, Path file) {
        return MqttAuth.builder().authenticatorProvider("jwt", Map.of(key, file.toString())).build();
    }

    private static ConnectRequest request(String token) {
        return ConnectRequest.builder("sensor-0042").username("sensor-0042")
                .password(token.getBytes(StandardCharsets.US_ASCII)).mqttVersion(MqttVersion.V5).build();
    }

    private static Raw raw(String token, Signature verifier, PublicKey key) {
        return new Raw(verifier, key, signingInput(token), signature(token));
    }

    private static byte[] signingInput(String token) {
        return token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] signature(String token) {
        return Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
    }

    private static String pem(PublicKey key) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(key);
        }
        return out.toString();
    }
}
