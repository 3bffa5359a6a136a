/**
 * The {@code acl} provider: an authorizer that reads Mosquitto {@code acl_file}s unchanged, or the extended rule
 * syntax described in {@code docs/acl.md}, and compiles them into topic tries.
 */
module io.mqttauth.acl {
    requires io.mqttauth.api;
    requires static jakarta.annotation;
    requires com.github.benmanes.caffeine;

    provides io.mqttauth.spi.ProviderFactory with io.mqttauth.acl.AclProviderFactory;
}
