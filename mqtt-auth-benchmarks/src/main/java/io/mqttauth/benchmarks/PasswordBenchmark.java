package io.mqttauth.benchmarks;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConnectRequest;
import io.mqttauth.MqttVersion;
import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
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
 * A password-file decision for a known user ({@code $7$}, 101 iterations, Mosquitto 2.0's default) against the bare
 * PBKDF2-HMAC-SHA512 call with the same parameters. {@code rawPbkdf2} is the JDK's implementation, which
 * {@code rawPbkdf2Jdk} and {@code rawPbkdf2BouncyCastle} show to be the faster of the two on our machine; the
 * provider uses it too. Target: {@code mqttAuthVerify} at least 0.9x the throughput of {@code rawPbkdf2}.
 * {@code mqttAuthVerifyCached} is the same decision with the verification cache on; {@code rawPbkdf2DefaultIterations}
 * is the JDK call at {@code mqtt-auth passwd}'s default of 210,000 iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PasswordBenchmark {

    private static final int ITERATIONS = 101;
    private static final String USER = "alice";
    private static final byte[] PASSWORD = "correct horse battery".getBytes(StandardCharsets.UTF_8);
    private static final char[] PASSWORD_CHARS = "correct horse battery".toCharArray();

    private Path dir;
    private Provider uncached;
    private Provider cached;
    private Authenticator verify;
    private Authenticator verifyCached;
    private ConnectRequest request;
    private byte[] salt;
    private SecretKeyFactory jdk;

    @Setup(Level.Trial)
    public void setUp() throws IOException, GeneralSecurityException {
        dir = Files.createTempDirectory("password-benchmark");
        String field = PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, PASSWORD, ITERATIONS);
        salt = java.util.Base64.getDecoder().decode(field.split("\\$")[3]);
        Files.writeString(dir.resolve("passwd"), "bob:" + field + "\n" + USER + ":" + field + "\n");
        ProviderFactory factory = ServiceLoader.load(ProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("password-file"))
                .findFirst().orElseThrow();
        uncached = factory.create(ProviderContext.of("password-file",
                Map.of("path", "passwd", "reload", "off"), dir));
        cached = factory.create(ProviderContext.of("password-file",
                Map.of("path", "passwd", "reload", "off", "cache", "on"), dir));
        verify = uncached.authenticator().orElseThrow();
        verifyCached = cached.authenticator().orElseThrow();
        request = ConnectRequest.builder("client-1").username(USER).password(PASSWORD)
                .mqttVersion(MqttVersion.V5).build();
        jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512");
        if (!(verify.authenticate(request) instanceof AuthenticationResult.Success)) {
            throw new IllegalStateException("benchmark set-up: the password does not verify");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        uncached.close();
        cached.close();
        Files.delete(dir.resolve("passwd"));
        Files.delete(dir);
    }

    @Benchmark
    public AuthenticationResult mqttAuthVerify() {
        return verify.authenticate(request);
    }

    @Benchmark
    public AuthenticationResult mqttAuthVerifyCached() {
        return verifyCached.authenticate(request);
    }

    @Benchmark
    public byte[] rawPbkdf2() throws GeneralSecurityException {
        return rawPbkdf2Jdk();
    }

    @Benchmark
    public byte[] rawPbkdf2Jdk() throws GeneralSecurityException {
        return jdk.generateSecret(new PBEKeySpec(PASSWORD_CHARS, salt, ITERATIONS, 512)).getEncoded();
    }

    /** The cost of one verification at mqtt-auth passwd's default of 210,000 iterations (docs/password-file.md). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] rawPbkdf2DefaultIterations() throws GeneralSecurityException {
        return jdk.generateSecret(new PBEKeySpec(PASSWORD_CHARS, salt, HashAlgorithm.SHA512_PBKDF2.defaultWorkFactor(),
                512)).getEncoded();
    }

    @Benchmark
    public byte[] rawPbkdf2BouncyCastle() {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA512Digest());
        generator.init(PASSWORD, salt, ITERATIONS);
        return ((KeyParameter) generator.generateDerivedMacParameters(512)).getKey();
    }
}
