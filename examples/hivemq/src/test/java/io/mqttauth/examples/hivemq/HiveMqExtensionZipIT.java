package io.mqttauth.examples.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.mqttauth.spi.ProviderFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The extension as operators deploy it: {@code target/mqtt-auth-hivemq-extension.zip}, as the build produced it,
 * unpacked into the {@code extensions/} folder of a plain HiveMQ CE that runs in its own JVM with only HiveMQ CE and
 * its dependencies on the class path ({@code target/hivemq-ce-lib}), driven by a real MQTT client over TCP. The
 * extension starts without a configuration and refuses everyone as server unavailable; a configuration with a mistake
 * keeps refusing and the log names file and line; the fixed configuration is picked up without a restart and answers
 * as Mosquitto 2.0.11 did; a later mistake keeps the working configuration; every provider of the build works from
 * the zip alone, the jdbc provider against a real PostgreSQL ({@link TestDatabase}) with the driver and pool it ships.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HiveMqExtensionZipIT {

    private static final Path TARGET = Path.of("target");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Path home;
    private static Path extension;
    private static Path output;
    private static Process hivemq;
    private static int port;

    @BeforeAll
    static void startPlainHiveMq() throws IOException, InterruptedException {
        home = Files.createTempDirectory("hivemq-ce");
        extension = home.resolve("extensions/mqtt-auth");
        unzip(TARGET.resolve("mqtt-auth-hivemq-extension.zip"), home.resolve("extensions"));
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("log"));
        port = Mqtt.freePort();
        Files.writeString(home.resolve("conf/config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                  </listeners>
                  <persistence><mode>in-memory</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port), StandardCharsets.UTF_8);
        output = home.resolve("hivemq.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The options of HiveMQ's own bin/run.sh.
        hivemq = new ProcessBuilder(java, "-Xmx512m", "-Djava.net.preferIPv4Stack=true",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-Dhivemq.home=" + home, "-cp", TARGET.resolve("hivemq-ce-lib").toAbsolutePath() + "/*",
                "com.hivemq.HiveMQServer")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        Process started = hivemq;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        waitFor(() -> listening() && log().contains("mqtt-auth refuses every client"),
                "HiveMQ listening and the extension started without a configuration");
    }

    @AfterAll
    static void stopHiveMq() throws InterruptedException, IOException {
        if (hivemq != null) {
            hivemq.destroy();
            if (!hivemq.waitFor(30, TimeUnit.SECONDS)) {
                hivemq.destroyForcibly();
            }
        }
        if (home != null) {
            try (Stream<Path> paths = Files.walk(home)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    @Order(1)
    void theClassPathHoldsOnlyHiveMqAndTheZipHoldsOneJar() throws IOException {
        List<String> ours = new ArrayList<>();
        try (Stream<Path> jars = Files.list(TARGET.resolve("hivemq-ce-lib"))) {
            for (Path jar : jars.toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    if (zip.stream().anyMatch(e -> e.getName().startsWith("io/mqttauth/")
                            || e.getName().startsWith("com/github/benmanes/caffeine/")
                            || e.getName().startsWith("com/zaxxer/hikari/")
                            || e.getName().startsWith("org/postgresql/"))) {
                        ours.add(jar.getFileName().toString());
                    }
                }
            }
            assertThat(ours).as("jars with mqtt-auth, Caffeine, HikariCP or PostgreSQL classes on HiveMQ's class path")
                    .isEmpty();
        }
        try (Stream<Path> files = Files.list(extension)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")))
                    .singleElement().asString().startsWith("mqtt-auth-");
        }
        assertThat(log()).doesNotContain("NoClassDefFoundError").doesNotContain("will be disabled");
    }

    @Test
    @Order(1)
    void theExtensionJarHoldsEveryProviderOfTheBuild() throws IOException {
        Set<String> built = new TreeSet<>();
        ServiceLoader.load(ProviderFactory.class).stream().forEach(p -> built.add(p.type().getName()));
        Path jar;
        try (Stream<Path> files = Files.list(extension)) {
            jar = files.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String services = new String(zip.getInputStream(zip.getEntry("META-INF/services/"
                    + ProviderFactory.class.getName())).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(new TreeSet<>(services.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()))
                    .isEqualTo(built).contains("io.mqttauth.passwordfile.PasswordFileProviderFactory",
                            "io.mqttauth.acl.AclProviderFactory");
        }
    }

    @Test
    @Order(2)
    void withoutAConfigurationEveryClientIsRefusedAsServerUnavailable() {
        assertThat(log()).contains(extension.resolve("mqtt-auth.properties") + ": configuration file not found")
                .contains("copy mqtt-auth.properties.example");
        assertEveryoneUnavailable();
    }

    @Test
    @Order(3)
    void aConfigurationWithAMistakeKeepsRefusingAndTheLogNamesFileAndLine() throws IOException {
        Conformance.copyFiles(extension);
        Files.writeString(extension.resolve("acl"), "topic read a/#\ntopic READ b\n");
        write("""
                authenticators = password-file
                authorizers = acl
                anonymous = allow
                password-file.path = passwd
                acl.path = acl
                """);
        waitFor(() -> log().contains(extension.resolve("acl") + ":2"), "the log names acl line 2");
        assertEveryoneUnavailable();
        assertThat(log().lines().filter(l -> l.contains("mqtt-auth refuses every client"))).hasSize(2);
    }

    @Test
    @Order(4)
    void fixingTheFileLetsTheRightClientsInWithoutARestart() throws IOException {
        Conformance.copyFiles(extension);
        waitFor(() -> connect5("zoe", "zoe-pw") == 0, "zoe let in after the fix");
        assertThat(log()).contains("mqtt-auth started from " + extension.resolve("mqtt-auth.properties"));
        assertThat(connect5("zoe", "wrong")).isEqualTo(0x87);
        assertThat(Mqtt.connect3(Mqtt.v3(port, "c3"), "zoe", "wrong")).isEqualTo(5);
    }

    @TestFactory
    @Order(5)
    Stream<DynamicTest> theFixedConfigurationAnswersAsMosquitto2011() throws IOException {
        write("""
                # As the Mosquitto 2.0.11 recording: password_file, acl_file, allow_anonymous true.
                authenticators = password-file
                authorizers = acl
                anonymous = allow
                password-file.path = passwd
                acl.path = acl
                acl.format = mosquitto
                acl.subscribe = mosquitto
                client-reason-strings = none
                """);
        waitFor(() -> log().contains("mqtt-auth reloaded"), "the configuration reloaded");
        return Conformance.tests(port);
    }

    /**
     * The engine logs through {@link System.Logger}, which goes to java.util.logging by default; HiveMQ routes that
     * into its own log, so the engine's own warnings show there without anything in the extension.
     */
    @Test
    @Order(6)
    void theEnginesWarningForABrokenWatchedFileShowsInHiveMqsLog() throws IOException {
        Files.writeString(extension.resolve("acl"), "topic read a/#\ntopic READ b\n");
        waitFor(() -> log().lines().anyMatch(l -> l.contains("WARN") && l.contains("acl: reload of ["
                + extension.resolve("acl") + "] failed, keeping the last good version: " + extension.resolve("acl")
                + ":2: unknown access \"READ\"")), "the engine's warning in HiveMQ's log");
        assertThat(connect5("zoe", "zoe-pw")).as("the last good ACL still in force").isZero();
        Conformance.copyFiles(extension);
    }

    @Test
    @Order(7)
    void aLaterMistakeKeepsTheWorkingConfiguration() throws IOException {
        write("authenticators = password-file\nauthorizers = acl\nanonymous = allow\npassword-file.path = passwd\n"
                + "acl.path = acl\nacl.colour = blue\n");
        waitFor(() -> log().contains("cannot apply the changed"), "the failed reload logged");
        assertThat(log()).contains("acl.colour");
        assertThat(connect5("zoe", "zoe-pw")).isZero();
        assertThat(connect5("zoe", "wrong")).isEqualTo(0x87);
    }

    @Test
    @Order(8)
    void aConfigurationNamingEveryProviderWorksFromTheZipAlone() throws Exception {
        TestPki.pem(extension.resolve("ca.pem"), TestPki.ca("Fleet CA").certificate());
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        Files.write(extension.resolve("secret"), secret);
        write("""
                authenticators = x509, jwt, password-file
                authorizers = jwt, acl
                anonymous = allow
                x509.trust.path = ca.pem
                jwt.hmac.secret-path = secret
                password-file.path = passwd
                acl.path = acl
                """);
        waitFor(() -> log().contains("authenticators [x509, jwt, password-file], authorizers [jwt, acl]"),
                "the configuration with every provider reloaded");

        assertThat(connect5("zoe", "zoe-pw")).as("a password, past x509 and jwt").isZero();
        assertThat(connect5("sensor-1", token(secret))).as("a token").isZero();
        byte[] other = secret.clone();
        other[0]++;
        assertThat(connect5("sensor-1", token(other))).as("a token signed with another key").isEqualTo(0x87);
    }

    @Test
    @Order(9)
    void theJdbcProviderWorksFromTheZipInsideHiveMqsExtensionClassLoader() throws Exception {
        try (TestDatabase db = TestDatabase.create("mqtt_auth_zip_it_" + ProcessHandle.current().pid())) {
            Files.writeString(extension.resolve("db-password"), db.password());
            write("authenticators = jdbc, password-file\nauthorizers = jdbc\npassword-file.path = passwd\n"
                    + db.configuration());
            waitFor(() -> log().contains("authenticators [jdbc, password-file], authorizers [jdbc]"),
                    "the configuration with the jdbc provider reloaded");
            assertThat(connect5("device-1", "device-pw")).as("a device in the database").isZero();
            assertThat(connect5("device-1", "wrong")).as("a wrong password").isEqualTo(0x87);
            assertThat(connect5("zoe", "zoe-pw")).as("past jdbc, to the password file").isZero();
        }
    }

    private static String token(byte[] secret) throws com.nimbusds.jose.JOSEException {
        com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
                new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("sensor-1")
                        .expirationTime(java.util.Date.from(Instant.now().plusSeconds(600))).build());
        jwt.sign(new com.nimbusds.jose.crypto.MACSigner(secret));
        return jwt.serialize();
    }

    private static void assertEveryoneUnavailable() {
        assertThat(connect5("zoe", "zoe-pw")).as("MQTT 5, right password").isEqualTo(0x88);
        assertThat(connect5("zoe", "wrong")).as("MQTT 5, wrong password").isEqualTo(0x88);
        assertThat(connect5(null, null)).as("MQTT 5, anonymous").isEqualTo(0x88);
        assertThat(Mqtt.connect3(Mqtt.v3(port, "c3"), "zoe", "zoe-pw")).as("MQTT 3.1.1").isEqualTo(3);
        assertThat(Mqtt.connect3(Mqtt.v3(port, "c3"), null, null)).as("MQTT 3.1.1, anonymous").isEqualTo(3);
    }

    private static int connect5(String user, String password) {
        Mqtt5BlockingClient c = Mqtt.v5(port, "zip-it");
        int code = Mqtt.connect5(c, user, password);
        if (c.getState().isConnected()) {
            c.disconnect();
        }
        return code;
    }

    private static void write(String properties) throws IOException {
        Path tmp = extension.resolve("mqtt-auth.properties.tmp");
        Files.writeString(tmp, properties, StandardCharsets.UTF_8);
        Files.move(tmp, extension.resolve("mqtt-auth.properties"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String log() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        Instant end = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end) || !hivemq.isAlive()) {
                throw new AssertionError("not within " + WAIT + ": " + what + "; HiveMQ's output:\n" + log());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path p = into.resolve(e.getName()).normalize();
                if (!p.startsWith(into)) {
                    throw new IOException("zip entry outside the folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                } else {
                    Files.createDirectories(p.getParent());
                    Files.copy(in, p);
                }
            }
        }
    }
}
