package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Identity#equals} and {@link Identity#hashCode}: equal exactly when every field is equal, which the
 * authorization cache relies on (its key is the identity and the action).
 */
class IdentityEqualityTest {

    private static final Identity ALICE = Identity.builder("alice", "c1")
            .provider("password-file")
            .username("alice")
            .remoteAddress(InetAddress.getLoopbackAddress())
            .roles(Set.of("ops"))
            .attribute(Identity.CERT_CN, "alice")
            .permissions(List.of(Permission.allow("a/#", Action.Type.PUBLISH)))
            .expiresAt(Instant.parse("2030-01-01T00:00:00Z"))
            .build();

    @Test
    void anIdentityBuiltFromTheSameValuesIsEqualWithTheSameHashCode() {
        Identity again = ALICE.toBuilder().build();
        assertThat(again).isNotSameAs(ALICE).isEqualTo(ALICE).hasSameHashCodeAs(ALICE);
        assertThat(ALICE).isEqualTo(ALICE).isNotEqualTo(null).isNotEqualTo("alice");
    }

    static Stream<Arguments> oneFieldChanged() {
        return Stream.of(
                changed("name", i -> Identity.builder("bob", "c1").provider("password-file").username("alice")
                        .remoteAddress(InetAddress.getLoopbackAddress()).roles(Set.of("ops"))
                        .attribute(Identity.CERT_CN, "alice")
                        .permissions(List.of(Permission.allow("a/#", Action.Type.PUBLISH)))
                        .expiresAt(Instant.parse("2030-01-01T00:00:00Z")).build()),
                changed("client id", i -> Identity.builder("alice", "c2").provider("password-file").username("alice")
                        .remoteAddress(InetAddress.getLoopbackAddress()).roles(Set.of("ops"))
                        .attribute(Identity.CERT_CN, "alice")
                        .permissions(List.of(Permission.allow("a/#", Action.Type.PUBLISH)))
                        .expiresAt(Instant.parse("2030-01-01T00:00:00Z")).build()),
                changed("provider", i -> i.toBuilder().provider("x509").build()),
                changed("user name", i -> i.toBuilder().username("al").build()),
                changed("no user name", i -> i.toBuilder().username(null).build()),
                changed("address", i -> i.toBuilder().remoteAddress(null).build()),
                changed("superuser", i -> i.toBuilder().superuser(true).build()),
                changed("roles", i -> i.toBuilder().roles(Set.of("ops", "dev")).build()),
                changed("attributes", i -> i.toBuilder().attribute(Identity.CERT_CN, "bob").build()),
                changed("permissions", i -> i.toBuilder()
                        .permissions(List.of(Permission.deny("a/#", Action.Type.PUBLISH))).build()),
                changed("expiry", i -> i.toBuilder().expiresAt(null).build()));
    }

    private static Arguments changed(String field, UnaryOperator<Identity> change) {
        return Arguments.of(field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneFieldChanged")
    void identitiesThatDifferInOneFieldAreNotEqual(String field, UnaryOperator<Identity> change) {
        Identity other = change.apply(ALICE);
        assertThat(other).isNotEqualTo(ALICE);
        assertThat(ALICE).isNotEqualTo(other);
    }

    @Test
    void anonymityAloneMakesIdentitiesDifferent() {
        Identity anonymous = Identity.anonymous(ConnectRequest.builder("c1").build());
        Identity named = Identity.builder("anonymous", "c1").provider("anonymous").build();
        assertThat(anonymous.isAnonymous()).isTrue();
        assertThat(named.isAnonymous()).isFalse();
        assertThat(anonymous).isNotEqualTo(named);
        assertThat(anonymous.toBuilder().build()).isEqualTo(anonymous);
    }

    @Test
    void theAuthorizationCacheServesAnEqualIdentityAndNotADifferentOne() {
        AtomicInteger calls = new AtomicInteger();
        MqttAuth auth = MqttAuth.builder().authorizationCache(100, Duration.ofHours(1))
                .authorizer("rules", (identity, action) -> {
                    calls.incrementAndGet();
                    return AuthorizationResult.allow("rule");
                }).build();
        Action publish = Action.publish("b/c"); // not one of ALICE's own permissions, so the authorizer decides
        auth.authorize(ALICE, publish);
        auth.authorize(ALICE.toBuilder().build(), publish);
        assertThat(calls).as("an equal identity is a cache hit").hasValue(1);
        auth.authorize(ALICE.toBuilder().roles(Set.of()).build(), publish);
        assertThat(calls).as("another identity is a miss").hasValue(2);
    }

    @Test
    void theAttributesMapIsComparedByContent() {
        Identity a = Identity.builder("n", "c").attributes(Map.of("k", "v")).build();
        Identity b = Identity.builder("n", "c").attribute("k", "v").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }
}
