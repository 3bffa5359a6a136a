package io.mqttauth.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Pem}: certificates and CRLs from PEM in order, DER, blank content, and which entry is broken. */
class PemTest {

    private static final TestPki.Issued CA = TestPki.ca("CN=Pem CA");
    private static final X509Certificate LEAF = CA.cert("CN=leaf").certificate();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void certificatesComeInTheirOrderWithTextAroundAndOtherBlocksSkipped() throws Exception {
        String text = "Bag Attributes\n    friendlyName: leaf\n" + TestPki.pem(LEAF)
                + TestPki.pem(KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate())
                + "subject=CN=Pem CA\n" + TestPki.pem(CA.certificate());
        assertThat(Pem.certificates(bytes(text))).containsExactly(LEAF, CA.certificate());
        assertThat(Pem.certificates(text)).containsExactly(LEAF, CA.certificate());
    }

    @Test
    void aDerCertificateIsReadWhenThereIsNoPemBlock() throws Exception {
        assertThat(Pem.certificates(LEAF.getEncoded())).containsExactly(LEAF);
    }

    @Test
    void blankContentOrOnlyOtherBlocksHoldNoCertificate() throws Exception {
        assertThat(Pem.certificates(bytes(" \n\t"))).isEmpty();
        assertThat(Pem.certificates("")).isEmpty();
        assertThat(Pem.certificates(TestPki.pem(CA.crl()))).isEmpty();
    }

    @Test
    void textThatIsNeitherPemNorDerIsEntryZero() {
        assertThatThrownBy(() -> Pem.certificates(bytes("not a certificate")))
                .isInstanceOfSatisfying(PemException.class, e -> assertThat(e.entry()).isZero())
                .hasMessage("neither PEM (no -----BEGIN line) nor a DER certificate");
        assertThatThrownBy(() -> Pem.certificates("not a certificate"))
                .isInstanceOfSatisfying(PemException.class, e -> assertThat(e.entry()).isZero())
                .hasMessage("the text holds no PEM block (no -----BEGIN line)");
    }

    @Test
    void aBlockThatDoesNotDecodeIsNamedByItsNumber() {
        String broken = "-----BEGIN CERTIFICATE-----\nAAAAbroken\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> Pem.certificates(TestPki.pem(LEAF) + broken))
                .isInstanceOfSatisfying(PemException.class, e -> assertThat(e.entry()).isEqualTo(2))
                .hasMessageStartingWith("certificate 2 cannot be decoded");
    }

    @Test
    void aBlockThatDecodesButIsNoCertificateIsNamedByItsNumber() {
        String notDer = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> Pem.certificates(notDer))
                .isInstanceOfSatisfying(PemException.class, e -> assertThat(e.entry()).isEqualTo(1))
                .hasMessageStartingWith("certificate 1 cannot be parsed");
    }

    @Test
    void aTruncatedBlockIsAnError() {
        String pem = TestPki.pem(LEAF);
        assertThatThrownBy(() -> Pem.certificates(pem.substring(0, pem.indexOf("-----END"))))
                .isInstanceOfSatisfying(PemException.class, e -> assertThat(e.entry()).isEqualTo(1));
    }

    @Test
    void aBrokenBlockOfAnotherKindIsSkipped() throws Exception {
        String brokenKey = "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n";
        assertThat(Pem.certificates(brokenKey + TestPki.pem(LEAF))).containsExactly(LEAF);
    }

    @Test
    void crlsComeFromPemOrDer() throws Exception {
        X509CRL first = CA.crl(LEAF);
        X509CRL second = CA.crl();
        List<X509CRL> crls = Pem.crls(bytes(TestPki.pem(first, LEAF, second)));
        assertThat(crls).extracting(X509CRL::getEncoded).containsExactly(first.getEncoded(), second.getEncoded());
        assertThat(Pem.crls(first.getEncoded())).singleElement()
                .satisfies(c -> assertThat(c.getRevokedCertificate(LEAF)).isNotNull());
        assertThatThrownBy(() -> Pem.crls(LEAF.getEncoded()))
                .isInstanceOfSatisfying(PemException.class, e -> assertThat(e.entry()).isZero())
                .hasMessage("neither PEM (no -----BEGIN line) nor a DER CRL");
    }
}
