package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TlsFacts}: the chain forwarded as text by a TLS-terminating proxy ({@link TlsFacts#forwarded}), decoded from
 * the URL encodings proxies use; equality and {@code toString}.
 */
class TlsFactsTest {

    /** A two-certificate chain (sensor-7 issued by Test CA); its base64 holds {@code +}, {@code /} and {@code =}. */
    static final String CHAIN = resource("/certs/chain.pem");
    /** The leaf alone: all that nginx forwards ({@code $ssl_client_escaped_cert} is the client's own certificate). */
    static final String LEAF = CHAIN.substring(0, CHAIN.indexOf("-----END CERTIFICATE-----\n") + 26);

    /**
     * nginx's {@code uri_component} table of {@code ngx_escape_uri} (src/core/ngx_string.c), the mode
     * {@code $ssl_client_escaped_cert} uses ({@code NGX_ESCAPE_URI_COMPONENT}): bit {@code c & 31} of word
     * {@code c >> 5} set means byte {@code c} is written as {@code %XX}.
     */
    private static final int[] NGINX_URI_COMPONENT = {
        0xffffffff, 0xfc009fff, 0x78000001, 0xb8000001, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff};

    /** {@code text} escaped as nginx escapes {@code $ssl_client_escaped_cert}: upper-case {@code %XX}. */
    static String nginxEscaped(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((NGINX_URI_COMPONENT[c >> 5] & (1 << (c & 0x1f))) != 0) {
                sb.append(String.format("%%%02X", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** {@code text} escaped as AWS ALB escapes its client certificate header: {@code + = /} kept. */
    private static String escapedKeepingBase64(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || "-._~+=/".indexOf(c) >= 0 ? String.valueOf(c)
                    : String.format("%%%02X", (int) c));
        }
        return sb.toString();
    }

    /** Every character escaped, with lower-case hex digits. */
    private static String everythingEscaped(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            sb.append(String.format("%%%02x", (int) c));
        }
        return sb.toString();
    }

    @Test
    void nginxEscapesEverythingButUnreservedCharactersSoDashesStayAndPlusSlashEqualsAndNewlinesAreEscaped() {
        StringBuilder kept = new StringBuilder();
        for (int c = 0x20; c < 0x7F; c++) {
            if (nginxEscaped(String.valueOf((char) c)).length() == 1) {
                kept.append((char) c);
            }
        }
        assertThat(kept).hasToString("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");
        assertThat(nginxEscaped("+/=\n ")).isEqualTo("%2B%2F%3D%0A%20");
        // So nginx's text does begin with a literal "-----BEGIN": that cannot tell escaped text from PEM.
        assertThat(nginxEscaped(LEAF)).startsWith("-----BEGIN%20CERTIFICATE-----%0AMIIB")
                .endsWith("%3D%3D%0A-----END%20CERTIFICATE-----%0A").doesNotContain("+", "/", "=", "\n");
    }

    @Test
    void aNginxEscapedCertificateIsDecodedToTheSamePemAndCertificate() {
        TlsFacts facts = TlsFacts.forwarded(nginxEscaped(LEAF), "broker.example.com", "TLSv1.3", null);
        assertThat(facts.peerCertificatesPem()).contains(LEAF);
        assertThat(certificates(facts.peerCertificatesPem().orElseThrow()))
                .singleElement().isEqualTo(certificates(CHAIN).get(0));
        assertThat(facts.peerCertificates()).isEmpty();
        assertThat(facts.hasPeerCertificate()).isTrue();
        assertThat(facts.sniHostName()).isEqualTo("broker.example.com");
        assertThat(facts.protocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void plainPemIsKeptAsItIs() {
        assertThat(TlsFacts.forwarded(CHAIN, null, null, null).peerCertificatesPem()).contains(CHAIN);
    }

    @Test
    void aPlusInTheBase64StaysAPlusWhenTheProxyLeftItUnescaped() {
        String escaped = escapedKeepingBase64(CHAIN);
        assertThat(escaped).contains("+").contains("/").contains("%0A").contains("BEGIN%20CERTIFICATE");
        String pem = TlsFacts.forwarded(escaped, null, null, null).peerCertificatesPem().orElseThrow();
        assertThat(pem).isEqualTo(CHAIN);
        assertThat(certificates(pem)).isEqualTo(certificates(CHAIN));
    }

    @Test
    void formEncodedTextHasTheSpacesOfItsBoundaryLinesRestored() {
        String formEncoded = URLEncoder.encode(CHAIN, StandardCharsets.UTF_8);
        assertThat(formEncoded).startsWith("-----BEGIN+CERTIFICATE-----%0A").contains("%2B");
        assertThat(TlsFacts.forwarded(formEncoded, null, null, null).peerCertificatesPem()).contains(CHAIN);
    }

    @Test
    void everyCharacterEscapedInLowerCaseHexIsDecoded() {
        String escaped = everythingEscaped(CHAIN);
        assertThat(escaped).startsWith("%2d%2d%2d%2d%2d%42%45%47%49%4e");
        assertThat(TlsFacts.forwarded(escaped, null, null, null).peerCertificatesPem()).contains(CHAIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a certificate", "%ZZ%4", "-----BEGIN%20CERTIFICATE-----%0Agarbage%0A", "100%"})
    void textThatIsNotACertificateIsKeptForTheProviderToRefuse(String text) {
        TlsFacts facts = TlsFacts.forwarded(text, null, null, null);
        assertThat(facts.hasPeerCertificate()).isTrue();
        assertThat(facts.peerCertificatesPem()).contains(text.replace("%20", " ").replace("%0A", "\n"));
    }

    @Test
    void escapesAreDecodedAsUtf8() {
        assertThat(TlsFacts.forwarded("caf%C3%A9 caf\u00e9", null, null, null).peerCertificatesPem())
                .contains("caf\u00e9 caf\u00e9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n"})
    void blankTextIsNoCertificate(String text) {
        TlsFacts facts = TlsFacts.forwarded(text, "broker.example.com", null, null);
        assertThat(facts.peerCertificatesPem()).isEmpty();
        assertThat(facts.hasPeerCertificate()).isFalse();
        assertThat(TlsFacts.forwarded(null, null, null, null).hasPeerCertificate()).isFalse();
    }

    @Test
    void theFourArgumentConstructorAndWithoutClientCertificateForwardNoText() {
        List<X509Certificate> chain = certificates(CHAIN);
        TlsFacts parsed = new TlsFacts(chain, "broker.example.com", "TLSv1.3", "TLS_AES_128_GCM_SHA256");
        assertThat(parsed.peerCertificatesPem()).isEmpty();
        assertThat(parsed.hasPeerCertificate()).isTrue();
        assertThat(parsed).isEqualTo(new TlsFacts(chain, "broker.example.com", "TLSv1.3", "TLS_AES_128_GCM_SHA256",
                Optional.empty()));
        assertThat(parsed).isEqualTo(new TlsFacts(chain, "broker.example.com", "TLSv1.3", "TLS_AES_128_GCM_SHA256",
                null));
        TlsFacts none = TlsFacts.withoutClientCertificate(null, "TLSv1.2", null);
        assertThat(none.peerCertificatesPem()).isEmpty();
        assertThat(none.hasPeerCertificate()).isFalse();
    }

    @Test
    void forwardedFactsAreEqualWhenTheirDecodedTextIsEqual() {
        TlsFacts plain = TlsFacts.forwarded(CHAIN, "broker.example.com", "TLSv1.3", null);
        TlsFacts escaped = TlsFacts.forwarded(nginxEscaped(CHAIN), "broker.example.com", "TLSv1.3", null);
        assertThat(escaped).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(TlsFacts.forwarded(LEAF, "broker.example.com", "TLSv1.3", null)).isNotEqualTo(plain);
        assertThat(TlsFacts.forwarded(CHAIN, "other.example.com", "TLSv1.3", null)).isNotEqualTo(plain);
        assertThat(plain).isNotEqualTo(new TlsFacts(certificates(CHAIN), "broker.example.com", "TLSv1.3", null));
    }

    @Test
    void toStringGivesTheLengthOfForwardedTextNotTheText() {
        TlsFacts facts = TlsFacts.forwarded(nginxEscaped(CHAIN), "broker.example.com", "TLSv1.3", null);
        assertThat(facts).hasToString("TlsFacts[peer=forwarded PEM, " + CHAIN.length() + " characters, "
                + "sni=broker.example.com, protocol=TLSv1.3, cipherSuite=null]");
        assertThat(new TlsFacts(certificates(CHAIN), null, null, null))
                .hasToString("TlsFacts[peer=O=Plant,CN=sensor-7 (+1), sni=null, protocol=null, cipherSuite=null]");
        assertThat(TlsFacts.withoutClientCertificate(null, null, null)).hasToString(
                "TlsFacts[peer=none, sni=null, protocol=null, cipherSuite=null]");
        ConnectRequest request = ConnectRequest.builder("c").tls(facts).build();
        assertThat(request.toString()).contains("forwarded PEM").doesNotContain("MIIB").doesNotContain("BEGIN");
    }

    @Test
    void anAuthenticatorReadsTheForwardedTextFromTheConnectRequest() {
        AtomicReference<String> seen = new AtomicReference<>();
        MqttAuth auth = MqttAuth.builder().authenticator("certs", r -> {
            seen.set(r.tls().flatMap(TlsFacts::peerCertificatesPem).orElse(null));
            return AuthenticationResult.notApplicable("test");
        }).build();
        auth.authenticate(ConnectRequest.builder("c").tls(TlsFacts.forwarded(nginxEscaped(LEAF), null, null, null))
                .build());
        assertThat(seen).hasValue(LEAF);
    }

    private static List<X509Certificate> certificates(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new AssertionError(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = TlsFactsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
