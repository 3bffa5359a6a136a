/**
 * The {@code x509} provider: validates client certificate chains (PKIX) against configured trust anchors and CRLs and
 * turns the client certificate into an identity. Also exports {@link io.mqttauth.x509.Pem}, the PEM reader the CLI
 * shares.
 */
@SuppressWarnings("module") // "x509" ends in digits by name, as the standard does
module io.mqttauth.x509 {
    requires transitive io.mqttauth.api;
    requires static jakarta.annotation;
    requires com.github.benmanes.caffeine;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;

    exports io.mqttauth.x509;

    provides io.mqttauth.spi.ProviderFactory with io.mqttauth.x509.X509ProviderFactory;
}
