package io.mqttauth.benchmarks;

import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.MqttAuth;
import io.mqttauth.passwordfile.HashAlgorithm;
import io.mqttauth.passwordfile.PasswordHashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The jdbc provider on a local PostgreSQL (see {@link BenchDatabase}), through {@link MqttAuth#authenticate}.
 *
 * <ul>
 *   <li>{@code jdbcCacheHit} against {@code passwordFileCacheHit}: a reconnect of a known user whose row (and
 *       {@code $7$} check) is cached, against the password-file provider with its verification cache on, same hash;
 *       one thread, throughput.
 *   <li>{@code jdbcCacheHitDigest}: the same with an EMQX sha256 row, whose digest is computed on every decision.
 *   <li>{@code jdbcUncached}: a decision that queries the database (10,000 users picked at random, a cache of one
 *       entry), with 8 threads; sample time, so JMH prints p50 and p99.
 * </ul>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdbcBenchmark {

    static final int USERS = 10_000;
    private static final String PASSWORD = "correct horse battery";

    private BenchDatabase db;
    private Path dir;
    private MqttAuth jdbc;
    private MqttAuth jdbcDigest;
    private MqttAuth jdbcUncached;
    private MqttAuth passwordFile;
    private ConnectRequest alice;
    private ConnectRequest[] users;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        db = BenchDatabase.create("mqtt_auth_bench");
        String field = PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, PASSWORD.getBytes(StandardCharsets.UTF_8),
                101);
        db.sql("INSERT INTO mqtt_user(username, password_hash) VALUES ('alice', '" + field + "')",
            "INSERT INTO mqtt_user(username, password_hash, salt) SELECT 'u' || i, "
                + "encode(sha256(('" + PASSWORD + "' || 'salt' || i)::bytea), 'hex'), 'salt' || i "
                + "FROM generate_series(1, " + USERS + ") AS i");
        dir = Files.createTempDirectory("jdbc-benchmark");
        Files.writeString(dir.resolve("db-password"), db.password());
        Files.writeString(dir.resolve("passwd"), "bob:" + field + "\nalice:" + field + "\n");
        jdbc = engine(Map.of());
        jdbcDigest = engine(Map.of("password-hash", "sha256", "salt-position", "suffix"));
        jdbcUncached = engine(Map.of("password-hash", "sha256", "salt-position", "suffix", "cache.size", "1",
                "pool.size", "8", "pool.timeout", "10s"));
        passwordFile = MqttAuth.builder().authenticatorProvider("password-file", Map.of("path",
                dir.resolve("passwd").toString(), "reload", "off", "cache", "on")).build();
        alice = ConnectRequest.builder("c1").username("alice").password(PASSWORD).build();
        users = new ConnectRequest[USERS];
        for (int i = 0; i < USERS; i++) {
            users[i] = ConnectRequest.builder("c" + (i + 1)).username("u" + (i + 1)).password(PASSWORD).build();
        }
        for (MqttAuth auth : new MqttAuth[] {jdbc, passwordFile}) {
            check(auth.authenticate(alice));
        }
        check(jdbcDigest.authenticate(users[0]));
        check(jdbcUncached.authenticate(users[1]));
    }

    private MqttAuth engine(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("url", db.url(), "user", db.user(), "password-file",
                dir.resolve("db-password").toString(), "authn.query", "SELECT password_hash, salt, is_superuser "
                        + "FROM mqtt_user WHERE username = ${username} LIMIT 1"));
        config.putAll(extra);
        return MqttAuth.builder().authenticatorProvider("jdbc", config).build();
    }

    private static Decision check(Decision d) {
        if (!d.isAllowed()) {
            throw new IllegalStateException("benchmark set-up refused: " + d.explain());
        }
        return d;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (MqttAuth auth : new MqttAuth[] {jdbc, jdbcDigest, jdbcUncached, passwordFile}) {
            auth.close();
        }
        db.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Decision jdbcCacheHit() {
        return jdbc.authenticate(alice);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Decision passwordFileCacheHit() {
        return passwordFile.authenticate(alice);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Decision jdbcCacheHitDigest() {
        return jdbcDigest.authenticate(users[0]);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(8)
    public Decision jdbcUncached() {
        return jdbcUncached.authenticate(users[ThreadLocalRandom.current().nextInt(USERS)]);
    }
}
