package io.mqttauth.x509;

import static io.mqttauth.x509.ValidationTest.INTERMEDIATE;
import static io.mqttauth.x509.ValidationTest.ROOT;
import static io.mqttauth.x509.ValidationTest.refusal;
import static io.mqttauth.x509.ValidationTest.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.Authenticator;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.TlsFacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code x509.cn-map.path} rules and {@code x509.username-match}. */
class MappingTest {

    static final X509Certificate SENSOR = INTERMEDIATE.cert("O=Plant,CN=sensor-7.plant.example").certificate();
    static final String RULES = """
            # device certificates: the host part is the identity
            ^sensor-(\\d+)\\.plant\\.example$    device-$1
            ^(.*)\\.plant\\.example$             plant/$1

            ^admin$                              $0 costs $$5
            """;

    @TempDir
    Path dir;
    Fixture fixture;

    @BeforeEach
    void trustTheRoot() {
        fixture = new Fixture(dir);
        fixture.write("ca.pem", TestPki.pem(ROOT.certificate()));
        fixture.write("cn-map", RULES);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static ConnectRequest connect(String clientId, String username, X509Certificate leaf) {
        return ConnectRequest.builder(clientId).username(username)
                .tls(new TlsFacts(List.of(leaf, INTERMEDIATE.certificate()), null, null, null)).build();
    }

    private static NameMap map(String rules) {
        return NameMap.parse(Path.of("cn-map"), rules.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theFirstMatchingRuleMapsWithItsGroups() {
        Authenticator x509 = fixture.authenticator("trust.path", "ca.pem", "cn-map.path", "cn-map");
        var s = success(x509.authenticate(connect("c", null, SENSOR)));
        assertThat(s.identity().name()).isEqualTo("device-7");
        assertThat(s.detail())
                .startsWith("identity \"device-7\" mapped from cn \"sensor-7.plant.example\" by cn-map:2");

        X509Certificate gateway = INTERMEDIATE.cert("CN=gw-1.plant.example").certificate();
        assertThat(success(x509.authenticate(connect("c", null, gateway))).identity().name()).isEqualTo("plant/gw-1");
        X509Certificate admin = INTERMEDIATE.cert("CN=admin").certificate();
        assertThat(success(x509.authenticate(connect("c", null, admin))).identity().name()).isEqualTo("admin costs $5");
    }

    @Test
    void aValueNoRuleMatchesIsNoMapping() {
        Authenticator x509 = fixture.authenticator("trust.path", "ca.pem", "cn-map.path", "cn-map");
        X509Certificate stranger = INTERMEDIATE.cert("CN=stranger.example.org").certificate();
        var r = refusal(x509.authenticate(connect("c", null, stranger)), FailureReason.CERTIFICATE_NO_MAPPING);
        assertThat(r.detail()).startsWith("no rule in " + dir.resolve("cn-map").toAbsolutePath())
                .contains("matches cn \"stranger.example.org\" of the client certificate \"CN=stranger.example.org\"")
                .contains("serial " + stranger.getSerialNumber().toString(16));
    }

    @Test
    void aRuleMustMatchTheWholeValue() {
        assertThat(map("sensor x\n").map("sensor-7")).isEmpty();
        assertThat(map("sensor.* x\n").map("sensor-7")).map(NameMap.Mapped::name).contains("x");
    }

    @Test
    void dollarZeroIsTheWholeValueAndAGroupThatDidNotTakePartIsEmpty() {
        assertThat(map("^dev-(\\d+)$ $0/$1\n").map("dev-70")).map(NameMap.Mapped::name).contains("dev-70/70");
        assertThat(map("^(a)?(b)$ [$1][$2]\n").map("b")).map(NameMap.Mapped::name).contains("[][b]");
    }

    @Test
    void anEmptyResultIsNoMapping() {
        fixture.write("cn-map", "^x(.*)$ $1\n");
        Authenticator x509 = fixture.authenticator("trust.path", "ca.pem", "cn-map.path", "cn-map");
        assertThat(refusal(x509.authenticate(connect("c", null, INTERMEDIATE.cert("CN=x").certificate())),
                FailureReason.CERTIFICATE_NO_MAPPING).detail()).contains("cn-map:1 maps cn \"x\"")
                .endsWith("to an empty name");
    }

    @Test
    void theMapAppliesToEveryIdentitySource() {
        fixture.write("cn-map", "^spiffe://plant\\.example/(.+)$ $1\n");
        X509Certificate workload = INTERMEDIATE.cert("CN=w").uri("spiffe://plant.example/line/3").certificate();
        Authenticator x509 = fixture.authenticator("trust.path", "ca.pem", "cn-map.path", "cn-map", "identity",
                "san-uri");
        assertThat(success(x509.authenticate(connect("c", null, workload))).identity().name()).isEqualTo("line/3");
    }

    @Test
    void badRulesAreReportedWithFileAndLine() {
        String rules = "# ok\n^a$ b\nonly-a-regex\n^(x$ y\n^(x)$ $2\n^(x)$ $\n";
        assertThatThrownBy(() -> map(rules)).isInstanceOfSatisfying(ConfigurationException.class, e -> {
            assertThat(e.problems()).extracting(ConfigurationProblem::line).containsExactly(3, 4, 5, 6);
            assertThat(e.problems()).extracting(ConfigurationProblem::message).containsExactly(
                    "a rule without a template",
                    "the regular expression ^(x$ is not valid: Unclosed group at index 4",
                    "the template $2 refers to group $2, which the expression does not have",
                    "the template $ has a $ without a group number");
            assertThat(e.problems().get(2).fix()).contains("(the expression has 1)");
        });
    }

    @Test
    void aBrokenMapFailsAtStartUpAndOnReloadKeepsTheLastGood() {
        fixture.write("cn-map", "(unclosed x\n");
        assertThatThrownBy(() -> fixture.provider("trust.path", "ca.pem", "cn-map.path", "cn-map"))
                .hasMessageContaining("cn-map:1: the regular expression (unclosed is not valid");

        fixture.write("cn-map", RULES);
        var provider = fixture.provider("trust.path", "ca.pem", "cn-map.path", "cn-map");
        fixture.write("cn-map", "(unclosed x\n");
        assertThat(provider.reload()).singleElement().extracting(ConfigurationProblem::line).isEqualTo(1);
        assertThat(success(provider.authenticator().orElseThrow().authenticate(connect("c", null, SENSOR)))
                .identity().name()).isEqualTo("device-7");
        fixture.write("cn-map", "^sensor-(\\d+).*$ s$1\n");
        assertThat(provider.reload()).isEmpty();
        assertThat(success(provider.authenticator().orElseThrow().authenticate(connect("c", null, SENSOR)))
                .identity().name()).isEqualTo("s7");
    }

    @Test
    void usernameMatchRequiresTheUserNameToEqualTheMappedIdentity() {
        Authenticator x509 = fixture.authenticator("trust.path", "ca.pem", "cn-map.path", "cn-map",
                "username-match", "username");
        assertThat(success(x509.authenticate(connect("c", "device-7", SENSOR))).identity().username())
                .contains("device-7");
        var r = refusal(x509.authenticate(connect("c", "device-8", SENSOR)), FailureReason.CERTIFICATE_NAME_MISMATCH);
        assertThat(r.detail()).startsWith("the user name \"device-8\" differs from the certificate's identity "
                + "\"device-7\" (x509.username-match = username); the client certificate \"CN=sensor-7.plant.example,"
                + "O=Plant\"");
        assertThat(refusal(x509.authenticate(connect("c", null, SENSOR)), FailureReason.CERTIFICATE_NAME_MISMATCH)
                .detail()).startsWith("no user name was sent; it must equal the certificate's identity \"device-7\"");
    }

    @Test
    void clientIdMatchRequiresTheClientIdToEqualTheIdentity() {
        Authenticator x509 = fixture.authenticator("trust.path", "ca.pem", "username-match", "clientid");
        success(x509.authenticate(connect("sensor-7.plant.example", "anything", SENSOR)));
        assertThat(refusal(x509.authenticate(connect("sensor-8", null, SENSOR)),
                FailureReason.CERTIFICATE_NAME_MISMATCH).detail()).startsWith("the client id \"sensor-8\" differs from "
                        + "the certificate's identity \"sensor-7.plant.example\" (x509.username-match = clientid)");
    }

    @Test
    void withoutAMapTheIdentityIsTheExtractedValueAndTheUserNameIsNotChecked() {
        Authenticator x509 = fixture.authenticator("trust.path", "ca.pem");
        var s = success(x509.authenticate(connect("c", "someone-else", SENSOR)));
        assertThat(s.identity().name()).isEqualTo("sensor-7.plant.example");
        assertThat(s.identity().username()).contains("someone-else");
    }
}
