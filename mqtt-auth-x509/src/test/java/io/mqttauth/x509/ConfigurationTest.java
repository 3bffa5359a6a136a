package io.mqttauth.x509;

import static io.mqttauth.x509.Fixture.authenticate;
import static io.mqttauth.x509.ValidationTest.INTERMEDIATE;
import static io.mqttauth.x509.ValidationTest.ROOT;
import static io.mqttauth.x509.ValidationTest.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.ConfigurationException;
import io.mqttauth.spi.ProviderFactory;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The factory is found by ServiceLoader; trust anchors come from PEM, DER, PKCS#12 and JKS; every configuration mistake
 * fails at start-up naming the key or file and the fix, never the password.
 */
class ConfigurationTest {

    static final X509Certificate LEAF = INTERMEDIATE.cert("CN=sensor-7").certificate();

    @TempDir
    Path dir;
    Fixture fixture;

    @BeforeEach
    void files() {
        fixture = new Fixture(dir);
        fixture.write("ca.pem", TestPki.pem(ROOT.certificate()));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private void fails(String message, String... keys) {
        assertThatThrownBy(() -> fixture.provider(keys)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(message);
    }

    private byte[] store(String type, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance(type);
        ks.load(null, null);
        ks.setCertificateEntry("root", ROOT.certificate());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password);
        return out.toByteArray();
    }

    @Test
    void theFactoryIsFoundByServiceLoaderWithItsKeys() {
        ProviderFactory factory = ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("x509")).findFirst().orElseThrow();
        assertThat(factory).isInstanceOf(X509ProviderFactory.class);
        assertThat(factory.keys()).containsExactlyInAnyOrder("trust.path", "trust.password", "crl.path",
                "crl.expired", "clock-skew", "identity", "cn-map.path", "username-match", "cache.size",
                "cache.expiry", "reload");
    }

    @Test
    void theAuthenticatorMayBlockBecauseItVerifiesSignatures() {
        assertThat(fixture.authenticator("trust.path", "ca.pem").mayBlock()).isTrue();
    }

    @Test
    void anchorsComeFromPkcs12AndJksStoresWithTheirPassword() throws Exception {
        fixture.write("trust.p12", store("PKCS12", "s3cret-pw".toCharArray()));
        fixture.write("trust.jks", store("JKS", "s3cret-pw".toCharArray()));
        for (String file : new String[] {"trust.p12", "trust.jks"}) {
            success(authenticate(fixture.authenticator("trust.path", file, "trust.password", "s3cret-pw"), LEAF,
                    INTERMEDIATE.certificate()));
        }
    }

    @Test
    void aWrongStorePasswordNamesThePasswordKeyButNotThePassword() throws Exception {
        fixture.write("trust.p12", store("PKCS12", "s3cret-pw".toCharArray()));
        assertThatThrownBy(() -> fixture.provider("trust.path", "trust.p12", "trust.password", "wrong-pw-123"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("trust.p12: x509.trust.password: the password of the PKCS12 store is wrong")
                .hasMessageNotContaining("wrong-pw-123").hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void aStoreReadWithoutItsPasswordSaysToSetIt() throws Exception {
        fixture.write("trust.p12", store("PKCS12", "s3cret-pw".toCharArray()));
        fails("trust.p12: x509.trust.password: the PKCS12 store holds no trusted certificate entry; fix: if its "
                + "certificates are encrypted, set x509.trust.password", "trust.path", "trust.p12");
        fixture.write("trust.jks", store("JKS", "s3cret-pw".toCharArray()));
        fails("trust.jks: x509.trust.password: the password of the JKS store is wrong", "trust.path", "trust.jks",
                "trust.password", "not-it");
    }

    @Test
    void anchorsComeFromADerCertificate() throws Exception {
        fixture.write("ca.der", ROOT.certificate().getEncoded());
        success(authenticate(fixture.authenticator("trust.path", "ca.der"), LEAF, INTERMEDIATE.certificate()));
    }

    @Test
    void trustPathIsRequiredAndMustHoldAnchors() {
        fails("x509.trust.path: is required; fix: set x509.trust.path to a PEM file, a folder of PEM files, or a "
                + "PKCS#12 or JKS store");
        fails("file not found", "trust.path", "none.pem");
        fixture.write("empty.pem", "");
        fails("empty.pem: holds no certificate", "trust.path", "empty.pem");
        fixture.write("text.pem", "hello");
        fails("text.pem: is neither PEM, a DER certificate, a PKCS#12 nor a JKS store", "trust.path", "text.pem");
        fixture.write("cas/README", "x");
        fails("x509.trust.path: the folder holds no *.pem, *.crt or *.cer file", "trust.path", "cas");
    }

    @Test
    void everyChoiceKeyNamesTheAllowedValues() {
        fails("x509.identity: is \"subject\"; fix: write cn, dn, san-dns, san-uri, san-email or fingerprint",
                "trust.path", "ca.pem", "identity", "subject");
        fails("x509.username-match: is \"yes\"; fix: write off, username or clientid",
                "trust.path", "ca.pem", "username-match", "yes");
        fixture.write("a.crl", TestPki.pem(ROOT.crl()));
        fails("x509.crl.expired: is \"ignore\"; fix: write reject or warn",
                "trust.path", "ca.pem", "crl.path", "a.crl", "crl.expired", "ignore");
        fails("x509.reload", "trust.path", "ca.pem", "reload", "sometimes");
    }

    @Test
    void settingsThatCannotApplyAreMistakes() {
        fails("x509.crl.expired: is set but there are no CRLs; fix: set x509.crl.path, or remove x509.crl.expired",
                "trust.path", "ca.pem", "crl.expired", "warn");
        fails("x509.cache.expiry: is set but the cache is off (x509.cache.size = 0)",
                "trust.path", "ca.pem", "cache.size", "0", "cache.expiry", "1m");
        fails("x509.crl.path: is \", ,\", no file", "trust.path", "ca.pem", "crl.path", ", ,");
    }

    @Test
    void numbersAndDurationsAreChecked() {
        fails("x509.cache.size: is -1, out of range", "trust.path", "ca.pem", "cache.size", "-1");
        fails("x509.cache.expiry: is \"soon\", not a positive duration", "trust.path", "ca.pem", "cache.expiry",
                "soon");
        fails("x509.clock-skew: is \"a bit\", not a positive duration", "trust.path", "ca.pem", "clock-skew", "a bit");
        fails("x509.clock-skew: is 2d, more than 1d", "trust.path", "ca.pem", "clock-skew", "2d");
        fixture.provider("trust.path", "ca.pem", "clock-skew", "0");
        fixture.provider("trust.path", "ca.pem", "clock-skew", "0s");
    }

    @Test
    void aMissingMapFileFailsAtStartUp() {
        fails("cn-map: file not found", "trust.path", "ca.pem", "cn-map.path", "cn-map");
    }
}
