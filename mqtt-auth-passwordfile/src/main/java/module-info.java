/** The {@code password-file} provider: Mosquitto-compatible password files with modern hashes and hot reload. */
module io.mqttauth.passwordfile {
    requires transitive io.mqttauth.api;
    requires static jakarta.annotation;
    requires com.github.benmanes.caffeine;
    requires org.bouncycastle.provider;

    exports io.mqttauth.passwordfile;

    provides io.mqttauth.spi.ProviderFactory with io.mqttauth.passwordfile.PasswordFileProviderFactory;
}
