package io.mqttauth.benchmarks;

import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * What a connect costs the engine with brute-force throttling on ({@code throttle.failures = 5}, by user name and
 * address), through {@link MqttAuth#authenticate} with the password file ({@code $7$}, 101 iterations):
 * {@code throttledConnect} is a connect for a blocked user name (refused without hashing), {@code allowedConnect} the
 * right password for another user (the throttle's look-ups plus the hash), and {@code allowedConnectThrottleOff} the
 * same connect with throttling off. Target: {@code throttledConnect} at least 10x faster than
 * {@code allowedConnect}, and {@code allowedConnect} within the noise of {@code allowedConnectThrottleOff}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ThrottleBenchmark {

    private static final byte[] PASSWORD = "correct horse battery".getBytes(StandardCharsets.UTF_8);

    private Path dir;
    private MqttAuth throttled;
    private MqttAuth unthrottled;
    private ConnectRequest blocked;
    private ConnectRequest allowed;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("throttle-benchmark");
        String field = PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, PASSWORD, 101);
        Files.writeString(dir.resolve("passwd"), "alice:" + field + "\nbob:" + field + "\n");
        String common = "authenticators = password-file\npassword-file.path = passwd\npassword-file.reload = off\n";
        Files.writeString(dir.resolve("on.properties"), common
                + "throttle.failures = 5\nthrottle.window = 1m\nthrottle.block = 1h\n");
        Files.writeString(dir.resolve("off.properties"), common);
        throttled = MqttAuth.fromFile(dir.resolve("on.properties"));
        unthrottled = MqttAuth.fromFile(dir.resolve("off.properties"));
        InetAddress attacker = InetAddress.getByName("192.0.2.66");
        blocked = ConnectRequest.builder("c1").username("alice").password(PASSWORD).remoteAddress(attacker).build();
        allowed = ConnectRequest.builder("c2").username("bob").password(PASSWORD)
                .remoteAddress(InetAddress.getByName("192.0.2.7")).build();
        for (int i = 0; i < 5; i++) {
            throttled.authenticate(ConnectRequest.builder("c1").username("alice").password("wrong")
                    .remoteAddress(attacker).build());
        }
        if (throttled.authenticate(blocked).reason().orElse(null) != FailureReason.THROTTLED
                || !throttled.authenticate(allowed).isAllowed() || !unthrottled.authenticate(allowed).isAllowed()) {
            throw new IllegalStateException("benchmark set-up: unexpected decisions");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        throttled.close();
        unthrottled.close();
        for (String f : new String[] {"passwd", "on.properties", "off.properties"}) {
            Files.delete(dir.resolve(f));
        }
        Files.delete(dir);
    }

    @Benchmark
    public Decision throttledConnect() {
        return throttled.authenticate(blocked);
    }

    @Benchmark
    public Decision allowedConnect() {
        return throttled.authenticate(allowed);
    }

    @Benchmark
    public Decision allowedConnectThrottleOff() {
        return unthrottled.authenticate(allowed);
    }
}
