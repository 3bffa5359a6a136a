package io.mqttauth.examples.hivemq.demo;

import static io.mqttauth.examples.hivemq.doctor.Doctor.FAIL;
import static io.mqttauth.examples.hivemq.doctor.Doctor.OK;
import static io.mqttauth.examples.hivemq.doctor.Doctor.WARN;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mqttauth.examples.hivemq.Mqtt;
import io.mqttauth.examples.hivemq.doctor.Doctor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mqtt-auth doctor} with a JWT as the password against the demo broker with {@code authenticators = jwt}
 * ({@code jwt.audience = mqtt}): the token's header and claims are read before connecting, an expired {@code exp}, a
 * future {@code nbf} and an audience other than {@code --audience} are pointed out, and the token is never printed.
 */
class DoctorDemoTokenTest {

    @TempDir
    static Path tmp;
    private static DemoBroker.Running demo;
    private static int port;
    private static byte[] secret;

    @BeforeAll
    static void start() throws Exception {
        secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.write(tmp.resolve("secret"), secret);
        Files.writeString(tmp.resolve("acl"), "pattern readwrite devices/%u/#\n");
        Path conf = Files.writeString(tmp.resolve("mqtt-auth.properties"), """
                authenticators = jwt
                authorizers = acl
                jwt.hmac.secret-path = secret
                jwt.audience = mqtt
                jwt.clock-skew = 0s
                acl.path = acl
                """);
        port = Mqtt.freePort();
        DemoBroker broker = new DemoBroker();
        new CommandLine(broker).parseArgs("--config", conf.toString(), "--port", Integer.toString(port));
        demo = broker.start();
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    private static String token(String audience, Instant notBefore, Instant expiry) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().subject("sensor-1").audience(audience).notBeforeTime(Date.from(notBefore))
                        .expirationTime(Date.from(expiry)).build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static Doctor.Result doctor(String token, String... more) throws Exception {
        Path file = Files.writeString(Files.createTempFile(tmp, "token", ".jwt"), token);
        String[] args = new String[more.length + 5];
        args[0] = "--username";
        args[1] = "sensor-1";
        args[2] = "--password-file";
        args[3] = file.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        args[args.length - 1] = "mqtt://127.0.0.1:" + port;
        Doctor.Result r = Doctor.run(args);
        assertThat(r.out() + r.err()).as("the token is never printed").doesNotContain(token)
                .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        return r;
    }

    @Test
    void aValidTokenIsDescribedFromItsClaimsAndConnects() throws Exception {
        Instant now = Instant.now();
        Doctor.Result r = doctor(token("mqtt", now.minusSeconds(60), now.plus(Duration.ofHours(1))),
                "--audience", "mqtt", "--topic", "devices/sensor-1/t");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.step(OK, "the password is a JWT (alg HS256, kid \"k1\"; sub \"sensor-1\", aud mqtt, exp "))
                .contains("read without checking the signature");
        r.step(OK, "the client's own message came back on devices/sensor-1/t");
    }

    @Test
    void anExpiredTokenIsPointedOutBeforeTheBrokerRefusesIt() throws Exception {
        Instant now = Instant.now();
        Instant expiry = Instant.ofEpochSecond(now.minus(Duration.ofMinutes(10)).getEpochSecond());
        Doctor.Result r = doctor(token("mqtt", now.minus(Duration.ofHours(1)), expiry));
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        assertThat(r.step(WARN, "the password is a JWT the broker will likely refuse: the token expired at "
                + expiry + " (it is now ")).contains("remedy: get a fresh token for this broker");
        r.step(FAIL, "MQTT 5 CONNECT refused: CONNACK reason code 0x87, Not authorized");
        assertThat(r.out().indexOf("token expired")).as("before the broker is asked")
                .isLessThan(r.out().indexOf("CONNECT refused"));
    }

    @Test
    void aTokenNotYetValidIsPointedOut() throws Exception {
        Instant now = Instant.now();
        Instant notBefore = Instant.ofEpochSecond(now.plus(Duration.ofMinutes(10)).getEpochSecond());
        Doctor.Result r = doctor(token("mqtt", notBefore, now.plus(Duration.ofHours(1))));
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        r.step(WARN, "the password is a JWT the broker will likely refuse: the token is not valid before "
                + notBefore);
    }

    @Test
    void aTokenForAnotherAudienceIsPointedOutAgainstTheAudienceOption() throws Exception {
        Instant now = Instant.now();
        Doctor.Result r = doctor(token("billing", now.minusSeconds(60), now.plus(Duration.ofHours(1))),
                "--audience", "mqtt");
        assertThat(r.status()).as(r.toString()).isEqualTo(1);
        r.step(WARN, "the password is a JWT the broker will likely refuse: the token's audience is "
                + "billing, not \"mqtt\" (--audience)");
        r.step(FAIL, "MQTT 5 CONNECT refused");
    }
}
