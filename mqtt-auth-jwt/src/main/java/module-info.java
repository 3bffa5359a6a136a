/**
 * The {@code jwt} provider: an authenticator for JSON Web Tokens sent in the MQTT password or user name, verified
 * against local keys or a JWKS URL, and an authorizer that enforces the topic rules a token carries.
 */
module io.mqttauth.jwt {
    requires transitive io.mqttauth.api;
    requires static jakarta.annotation;
    requires com.github.benmanes.caffeine;
    requires com.nimbusds.jose.jwt;
    requires org.bouncycastle.provider;

    exports io.mqttauth.jwt;

    provides io.mqttauth.spi.ProviderFactory with io.mqttauth.jwt.JwtProviderFactory;
}
