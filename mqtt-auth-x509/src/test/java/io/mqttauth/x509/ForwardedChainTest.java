package io.mqttauth.x509;

import static io.mqttauth.x509.ValidationTest.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.TlsFacts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain that a TLS-terminating proxy forwarded as text ({@link TlsFacts#forwarded}) is validated like one from the
 * TLS layer: nginx's URL-encoded {@code $ssl_client_escaped_cert} and plain PEM are read; text that holds no
 * certificate is {@code EMPTY_CERTIFICATE_CHAIN}, other text {@code CERTIFICATE_UNPARSEABLE}; none at all abstains.
 */
class ForwardedChainTest {

    @TempDir
    Path dir;
    Fixture fixture;
    Authenticator x509;

    @BeforeEach
    void trustTheRoot() {
        fixture = new Fixture(dir);
        fixture.write("ca.pem", TestPki.pem(ValidationTest.ROOT.certificate()));
        x509 = fixture.authenticator("trust.path", "ca.pem", "cache.size", "0");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private AuthenticationResult forwarded(String text) {
        return x509.authenticate(ConnectRequest.builder("client-1")
                .tls(TlsFacts.forwarded(text, null, null, null)).build());
    }

    /** Percent-encodes everything but unreserved characters, as nginx's NGX_ESCAPE_URI_COMPONENT does. */
    private static String nginxEscaped(String pem) {
        return URLEncoder.encode(pem, StandardCharsets.US_ASCII).replace("+", "%20").replace("%2D", "-");
    }

    @Test
    void aChainForwardedAsNginxEscapedPemIsValidated() {
        String pem = TestPki.pem(ValidationTest.LEAF.certificate(), ValidationTest.INTERMEDIATE.certificate());
        for (String text : new String[] {nginxEscaped(pem), pem}) {
            assertThat(forwarded(text)).isInstanceOfSatisfying(AuthenticationResult.Success.class,
                    s -> assertThat(s.identity().name()).isEqualTo("sensor-7"));
        }
    }

    @Test
    void aForwardedChainFromAnotherCaIsUntrusted() {
        TestPki.Issued rogue = TestPki.ca("O=Acme,CN=Test Root");
        refusal(forwarded(TestPki.pem(rogue.cert("O=Plant,CN=sensor-7").issue().certificate())),
                FailureReason.CERTIFICATE_UNTRUSTED);
    }

    @Test
    void textWithoutACertificateIsAnEmptyChainAndGarbageIsUnparseable() {
        refusal(forwarded("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
                FailureReason.EMPTY_CERTIFICATE_CHAIN);
        refusal(forwarded("this is not a certificate"), FailureReason.CERTIFICATE_UNPARSEABLE);
        refusal(forwarded("-----BEGIN CERTIFICATE-----\nbm90IERFUg==\n-----END CERTIFICATE-----\n"),
                FailureReason.CERTIFICATE_UNPARSEABLE);
    }

    @Test
    void nothingForwardedAbstains() {
        assertThat(forwarded("")).isInstanceOf(AuthenticationResult.Abstain.class);
    }
}
