package io.mqttauth.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.FailureReason;
import java.security.cert.X509Certificate;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link X509Chains#parse}: a chain forwarded as PEM text, or the refusal for empty and unparseable text. */
class X509ChainsTest {

    private static final TestPki.Issued CA = TestPki.ca("CN=Chains CA");
    private static final X509Certificate LEAF = CA.cert("CN=device").certificate();

    @Test
    void pemTextIsTheChainLeafFirst() {
        assertThat(X509Chains.parse(TestPki.pem(LEAF, CA.certificate())))
                .isEqualTo(new X509Chains.Chain(java.util.List.of(LEAF, CA.certificate())));
    }

    @Test
    void blankTextIsAnEmptyChain() {
        assertThat(X509Chains.parse("")).isInstanceOfSatisfying(X509Chains.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(FailureReason.EMPTY_CERTIFICATE_CHAIN);
            assertThat(r.detail()).isEqualTo("the certificate chain forwarded as text is empty");
        });
        assertThat(X509Chains.parse(" \n")).extracting(r -> ((X509Chains.Refused) r).reason())
                .isEqualTo(FailureReason.EMPTY_CERTIFICATE_CHAIN);
    }

    @Test
    void pemBlocksWithoutACertificateAreAnEmptyChain() {
        assertThat(X509Chains.parse(TestPki.pem(CA.crl()))).extracting(r -> ((X509Chains.Refused) r).reason())
                .isEqualTo(FailureReason.EMPTY_CERTIFICATE_CHAIN);
    }

    @Test
    void textThatIsNotACertificateIsUnparseable() {
        assertThat(X509Chains.parse("-----BEGIN%20CERTIFICATE-----%0AMIIB")).isInstanceOfSatisfying(
                X509Chains.Refused.class, r -> {
                    assertThat(r.reason()).isEqualTo(FailureReason.CERTIFICATE_UNPARSEABLE);
                    assertThat(r.detail()).contains("no PEM block");
                });
        String broken = TestPki.pem(LEAF).replace("\n-----END", "!!\n-----END");
        assertThat(X509Chains.parse(broken)).isInstanceOfSatisfying(X509Chains.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(FailureReason.CERTIFICATE_UNPARSEABLE);
            assertThat(r.detail()).contains("certificate 1 cannot be");
        });
    }

    @Test
    void neverThrowsOnRandomText() {
        Random random = new Random(509);
        String pem = TestPki.pem(LEAF);
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder(pem);
            for (int k = random.nextInt(8); k >= 0; k--) {
                int at = random.nextInt(sb.length());
                sb.setCharAt(at, (char) random.nextInt(i % 2 == 0 ? 128 : 0x10000));
            }
            X509Chains.Parsed parsed = X509Chains.parse(sb.toString());
            assertThat(parsed).isNotNull();
        }
    }
}
