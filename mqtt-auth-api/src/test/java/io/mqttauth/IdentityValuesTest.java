package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An {@link Identity} returns what it was built with, prints all of it, and a builder's later calls replace earlier ones. */
class IdentityValuesTest {

    private static final InetAddress ADDRESS = InetAddress.getLoopbackAddress();

    private static Identity full() {
        return Identity.builder("alice", "c1")
                .provider("password-file")
                .username("alice-login")
                .remoteAddress(ADDRESS)
                .superuser(true)
                .roles(Set.of("ops"))
                .attribute(Identity.CERT_CN, "alice")
                .permissions(List.of(Permission.allow("a/#", Action.Type.PUBLISH)))
                .expiresAt(Instant.parse("2030-01-01T00:00:00Z"))
                .build();
    }

    @Test
    void everyValueIsReturnedAsBuilt() {
        Identity i = full();
        assertThat(i.name()).isEqualTo("alice");
        assertThat(i.clientId()).isEqualTo("c1");
        assertThat(i.provider()).isEqualTo("password-file");
        assertThat(i.username()).contains("alice-login");
        assertThat(i.remoteAddress()).contains(ADDRESS);
        assertThat(i.isSuperuser()).isTrue();
        assertThat(i.isAnonymous()).isFalse();
        assertThat(i.roles()).containsExactly("ops");
        assertThat(i.attributes()).containsExactly(Map.entry(Identity.CERT_CN, "alice"));
        assertThat(i.attribute(Identity.CERT_CN)).contains("alice");
        assertThat(i.attribute(Identity.CERT_DN)).isEmpty();
        assertThat(i.permissions()).containsExactly(Permission.allow("a/#", Action.Type.PUBLISH));
        assertThat(i.expiresAt()).contains(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void aMinimalIdentityHasTheDocumentedDefaults() {
        Identity i = Identity.builder("bob", "c2").build();
        assertThat(i.provider()).isEqualTo("unknown");
        assertThat(i.username()).isEmpty();
        assertThat(i.remoteAddress()).isEmpty();
        assertThat(i.isSuperuser()).isFalse();
        assertThat(i.roles()).isEmpty();
        assertThat(i.attributes()).isEmpty();
        assertThat(i.permissions()).isEmpty();
        assertThat(i.expiresAt()).isEmpty();
    }

    @Test
    void theIdentityOfARequestTakesItsUserNameAndAddress() {
        ConnectRequest r = ConnectRequest.builder("c3").username("carol").remoteAddress(ADDRESS).build();
        Identity i = Identity.builder("carol-cert", r).build();
        assertThat(i.clientId()).isEqualTo("c3");
        assertThat(i.username()).contains("carol");
        assertThat(i.remoteAddress()).contains(ADDRESS);
    }

    @Test
    void toStringShowsEverySetValue() {
        assertThat(full().toString()).isEqualTo("Identity[alice via password-file, clientId=c1, username=alice-login, "
                + "superuser, roles=[ops], attributes={cert_cn=alice}, permissions=[allow [PUBLISH] a/#], "
                + "expiresAt=2030-01-01T00:00:00Z]");
        assertThat(Identity.builder("bob", "c2").build().toString())
                .isEqualTo("Identity[bob via unknown, clientId=c2, username=null]");
        assertThat(Identity.anonymous(ConnectRequest.builder("c4").build()).toString())
                .isEqualTo("Identity[anonymous via anonymous, clientId=c4, username=null, anonymous]");
    }

    @Test
    void attributesReplacesTheAttributesAddedBefore() {
        Identity i = Identity.builder("n", "c").attribute("old", "1").attributes(Map.of("new", "2")).build();
        assertThat(i.attributes()).containsExactly(Map.entry("new", "2"));
    }

    @Test
    void differentIdentitiesHaveDifferentHashCodesAndTheHashCodeIsStable() {
        Identity a = full();
        Identity b = full().toBuilder().superuser(false).build();
        assertThat(a.hashCode()).isNotEqualTo(b.hashCode()).isEqualTo(a.hashCode()).isEqualTo(full().hashCode());
    }
}
