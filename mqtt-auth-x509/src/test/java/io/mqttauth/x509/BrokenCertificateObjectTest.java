package io.mqttauth.x509;

import static io.mqttauth.x509.Fixture.authenticate;
import static io.mqttauth.x509.ValidationTest.INTERMEDIATE;
import static io.mqttauth.x509.ValidationTest.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.FailureReason;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate object that fails inside (as a broken security provider's might) is refused as unparseable; the
 * decision call does not throw.
 */
class BrokenCertificateObjectTest {

    @TempDir
    Path dir;

    @Test
    void aCertificateThatCannotBeEncodedIsRefusedAsUnparseable() {
        try (Fixture fixture = new Fixture(dir)) {
            fixture.write("ca.pem", TestPki.pem(ValidationTest.ROOT.certificate()));
            var x509 = fixture.authenticator("trust.path", "ca.pem");
            X509Certificate broken = new Unencodable(INTERMEDIATE.cert("CN=sensor-50").certificate());
            var r = refusal(authenticate(x509, broken, INTERMEDIATE.certificate()),
                    FailureReason.CERTIFICATE_UNPARSEABLE);
            assertThat(r.detail()).isEqualTo("the certificate chain cannot be processed "
                    + "(java.lang.IllegalArgumentException)");
        }
    }

    /** A certificate whose {@link #getEncoded()} fails; everything else is the real certificate's. */
    @SuppressWarnings("deprecation")
    private static final class Unencodable extends X509Certificate {
        private static final long serialVersionUID = 1L;
        private final X509Certificate real;

        Unencodable(X509Certificate real) {
            this.real = real;
        }

        @Override
        public byte[] getEncoded() throws CertificateEncodingException {
            throw new CertificateEncodingException("broken provider");
        }

        @Override
        public void checkValidity() throws java.security.cert.CertificateExpiredException,
                java.security.cert.CertificateNotYetValidException {
            real.checkValidity();
        }

        @Override
        public void checkValidity(Date date) throws java.security.cert.CertificateExpiredException,
                java.security.cert.CertificateNotYetValidException {
            real.checkValidity(date);
        }

        @Override
        public int getVersion() {
            return real.getVersion();
        }

        @Override
        public BigInteger getSerialNumber() {
            return real.getSerialNumber();
        }

        @Override
        public Principal getIssuerDN() {
            return real.getIssuerDN();
        }

        @Override
        public Principal getSubjectDN() {
            return real.getSubjectDN();
        }

        @Override
        public Date getNotBefore() {
            return real.getNotBefore();
        }

        @Override
        public Date getNotAfter() {
            return real.getNotAfter();
        }

        @Override
        public byte[] getTBSCertificate() throws java.security.cert.CertificateEncodingException {
            return real.getTBSCertificate();
        }

        @Override
        public byte[] getSignature() {
            return real.getSignature();
        }

        @Override
        public String getSigAlgName() {
            return real.getSigAlgName();
        }

        @Override
        public String getSigAlgOID() {
            return real.getSigAlgOID();
        }

        @Override
        public byte[] getSigAlgParams() {
            return real.getSigAlgParams();
        }

        @Override
        public boolean[] getIssuerUniqueID() {
            return real.getIssuerUniqueID();
        }

        @Override
        public boolean[] getSubjectUniqueID() {
            return real.getSubjectUniqueID();
        }

        @Override
        public boolean[] getKeyUsage() {
            return real.getKeyUsage();
        }

        @Override
        public int getBasicConstraints() {
            return real.getBasicConstraints();
        }

        @Override
        public void verify(PublicKey key) throws java.security.cert.CertificateException,
                java.security.NoSuchAlgorithmException, java.security.InvalidKeyException,
                java.security.NoSuchProviderException, java.security.SignatureException {
            real.verify(key);
        }

        @Override
        public void verify(PublicKey key, String sigProvider) throws java.security.cert.CertificateException,
                java.security.NoSuchAlgorithmException, java.security.InvalidKeyException,
                java.security.NoSuchProviderException, java.security.SignatureException {
            real.verify(key, sigProvider);
        }

        @Override
        public String toString() {
            return real.toString();
        }

        @Override
        public PublicKey getPublicKey() {
            return real.getPublicKey();
        }

        @Override
        public boolean hasUnsupportedCriticalExtension() {
            return real.hasUnsupportedCriticalExtension();
        }

        @Override
        public Set<String> getCriticalExtensionOIDs() {
            return real.getCriticalExtensionOIDs();
        }

        @Override
        public Set<String> getNonCriticalExtensionOIDs() {
            return real.getNonCriticalExtensionOIDs();
        }

        @Override
        public byte[] getExtensionValue(String oid) {
            return real.getExtensionValue(oid);
        }
    }
}
