/**
 * The mqtt-auth API: the only module a broker author compiles against. Providers (password file, ACL, X.509, JWT)
 * are found at run time through {@link io.mqttauth.spi.ProviderFactory}.
 */
module io.mqttauth.api {
    requires static transitive jakarta.annotation;
    requires com.github.benmanes.caffeine;

    exports io.mqttauth;
    exports io.mqttauth.spi;

    uses io.mqttauth.spi.ProviderFactory;
}
