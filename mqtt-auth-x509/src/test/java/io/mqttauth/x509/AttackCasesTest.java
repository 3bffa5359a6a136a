package io.mqttauth.x509;

import static io.mqttauth.x509.ValidationTest.INTERMEDIATE;
import static io.mqttauth.x509.ValidationTest.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import io.mqttauth.TlsFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Named attack cases on certificate identities: a CA-issued certificate whose CN is {@code +}, {@code #} or contains
 * {@code /}, meeting ACL patterns with {@code %u}, {@code %c} and {@code ${cert_cn}}. The CN is the identity's name,
 * so {@code %u}; in the Mosquitto format the client id may be the same text, so {@code %c} too. Covered elsewhere: a
 * certificate with the same CN from another CA ({@code ValidationTest#theSameCnFromAnotherCaIsUntrusted}).
 */
class AttackCasesTest {

    @TempDir
    Path dir;

    private MqttAuth engine(String acl) throws IOException {
        Files.writeString(dir.resolve("ca.pem"), TestPki.pem(ROOT.certificate()));
        Files.writeString(dir.resolve("acl"), acl);
        Files.writeString(dir.resolve("mqtt-auth.properties"), """
                authenticators = x509
                authorizers = acl
                x509.trust.path = ca.pem
                x509.reload = off
                acl.path = acl
                acl.reload = off
                """);
        return MqttAuth.builder().configuration(dir.resolve("mqtt-auth.properties"))
                .clock(Clock.fixed(TestPki.NOW, ZoneOffset.UTC)).build();
    }

    /** Connects with a certificate whose CN is {@code cn}, sending {@code cn} as the client id too. */
    private static Identity connect(MqttAuth auth, String cn) {
        Decision d = auth.authenticate(ConnectRequest.builder(cn).tls(new TlsFacts(List.of(
                INTERMEDIATE.cert(TestPki.rdns(BCStyle.O, "Plant", BCStyle.CN, new DERUTF8String(cn))).certificate(),
                INTERMEDIATE.certificate()), null, "TLSv1.3", null)).build());
        assertThat(d.isAllowed()).as(d.explain()).isTrue();
        Identity identity = d.identity().orElseThrow();
        assertThat(identity.name()).isEqualTo(cn);
        assertThat(identity.attribute(Identity.CERT_CN)).contains(cn);
        return identity;
    }

    private static void assertDenied(MqttAuth auth, Identity who, Action action, FailureReason reason,
            String detail) {
        Decision d = auth.authorize(who, action);
        assertThat(d.reason()).as(d.explain()).contains(reason);
        assertThat(d.detail()).contains(detail);
    }

    @ParameterizedTest(name = "CN {0}")
    @ValueSource(strings = {"+", "#", "+x", "#x", "/", "a/b", "x/+"})
    void aCnThatWouldWidenOrSpanALevelMakesExtendedPatternsDenyEveryTopic(String cn) throws IOException {
        try (MqttAuth auth = engine("""
                everyone
                  allow all users/%u/#
                  allow all devices/${cert_cn}/#
                  allow all clients/%c/#
                """)) {
            Identity device = connect(auth, cn);
            for (Action a : List.of(Action.publish("users/victim/x"), Action.publish("devices/victim/x"),
                    Action.subscribe("devices/#"), Action.receive("clients/victim/x"), Action.publish("users/a/b/x"))) {
                assertDenied(auth, device, a, FailureReason.DENIED_BY_RULE, "cannot be used in a topic");
            }
        }
    }

    @ParameterizedTest(name = "CN {0}")
    @ValueSource(strings = {"+", "#", "+x", "#x", "x/+"})
    void aCnWithAWildcardLosesEveryMosquittoPatternGrant(String cn) throws IOException {
        try (MqttAuth auth = engine("""
                pattern readwrite users/%u/#
                pattern readwrite clients/%c/#
                """)) {
            Identity device = connect(auth, cn);
            for (Action a : List.of(Action.publish("users/victim/x"), Action.receive("clients/victim/x"),
                    Action.subscribe("users/+/x"))) {
                assertDenied(auth, device, a, FailureReason.DENIED_BY_RULE, "contains + or #");
            }
        }
    }

    @ParameterizedTest(name = "CN {0}")
    @ValueSource(strings = {"/", "a/b"})
    void aCnWithASlashSpansLevelsInTheMosquittoFormatButReachesNoOtherClientsTopics(String cn) throws IOException {
        try (MqttAuth auth = engine("pattern readwrite users/%u/#\n")) {
            Identity device = connect(auth, cn);
            assertDenied(auth, device, Action.publish("users/victim/x"), FailureReason.NO_MATCHING_RULE, "no rule");
            assertThat(auth.authorize(device, Action.publish("users/" + cn + "/x")).isAllowed()).isTrue();
        }
    }
}
