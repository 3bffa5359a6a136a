package io.mqttauth.x509;

import static io.mqttauth.x509.ValidationTest.INTERMEDIATE;
import static io.mqttauth.x509.ValidationTest.ROOT;

import io.mqttauth.ConnectRequest;
import io.mqttauth.MqttVersion;
import io.mqttauth.TlsFacts;
import io.mqttauth.testkit.AuthenticatorCompatibilityKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** The test kit's authenticator contract, run against the x509 provider with a CRL and mapping rules. */
class X509CompatibilityTest extends AuthenticatorCompatibilityKit {

    static final X509Certificate ACCEPTED = INTERMEDIATE.cert("O=Plant,CN=sensor-7").certificate();
    static final X509Certificate REVOKED = INTERMEDIATE.cert("O=Plant,CN=sensor-8").certificate();

    private static ConnectRequest connect(String clientId, X509Certificate... chain) {
        return ConnectRequest.builder(clientId).mqttVersion(MqttVersion.V5)
                .tls(new TlsFacts(List.of(chain), "broker.example", "TLSv1.3", "TLS_AES_128_GCM_SHA256")).build();
    }

    @Override
    protected String providerName() {
        return "x509";
    }

    @Override
    protected Map<String, String> configuration(Path directory) throws IOException {
        Files.writeString(directory.resolve("ca.pem"), TestPki.pem(ROOT.certificate()));
        Files.writeString(directory.resolve("intermediate.crl"), TestPki.pem(INTERMEDIATE.crl(REVOKED)));
        Files.writeString(directory.resolve("cn-map"), "^sensor-(\\d+)$ device-$1\n");
        return Map.of("trust.path", "ca.pem", "crl.path", "intermediate.crl", "cn-map.path", "cn-map",
                "reload", "off");
    }

    @Override
    protected Clock clock() {
        return Clock.fixed(TestPki.NOW, ZoneOffset.UTC);
    }

    @Override
    protected ConnectRequest acceptedRequest() {
        return connect("sensor-7-client", ACCEPTED, INTERMEDIATE.certificate());
    }

    @Override
    protected String acceptedName() {
        return "device-7";
    }

    @Override
    protected List<ConnectRequest> sampleRequests() {
        return List.of(
                connect("revoked", REVOKED, INTERMEDIATE.certificate()),
                connect("no-intermediate", ACCEPTED),
                connect("untrusted", TestPki.ca("CN=Rogue").cert("CN=sensor-7").certificate()),
                connect("expired", INTERMEDIATE.cert("CN=sensor-9").validity(TestPki.NOW.minus(Duration.ofDays(9)),
                        TestPki.NOW.minus(Duration.ofDays(1))).certificate(), INTERMEDIATE.certificate()),
                connect("unmapped", INTERMEDIATE.cert("CN=gateway").certificate(), INTERMEDIATE.certificate()));
    }
}
