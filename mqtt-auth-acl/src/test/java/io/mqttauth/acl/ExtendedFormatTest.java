package io.mqttauth.acl;

import static io.mqttauth.acl.AclFixture.allowed;
import static io.mqttauth.acl.AclFixture.anonymous;
import static io.mqttauth.acl.AclFixture.reason;
import static io.mqttauth.acl.AclFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extended syntax of docs/acl.md: sections, first match wins, actions, options, placeholders, abstain. */
class ExtendedFormatTest {

    static final String ACL = """
            # line 1: sections and first-match order
            user alice
              deny  publish           alice/locked/#
              allow publish,receive   alice/#
              allow subscribe         alice/#

            client gateway-1
              allow publish           gateways/gateway-1/# max-qos=1 retain=false

            role operators
              allow all               ops/#

            address 10.0.0.0/8
              allow receive           internal/#

            anonymous
              allow receive           public/#

            everyone
              deny  publish           #                    retain=true
              allow publish           devices/%c/#
              allow all               users/${username}/#
              allow receive           certs/${cert_cn}/#
              allow receive           "spaced topic/#"
              deny  all               alice/#
            """;

    @TempDir
    static Path dir;
    static Authorizer acl;

    @BeforeAll
    static void load() {
        acl = AclFixture.authorizer(dir, ACL);
    }

    private static AuthorizationResult check(Identity who, Action action) {
        return acl.authorize(who, action);
    }

    @Test
    void firstMatchWinsInFileOrder() {
        assertThat(reason(check(user("alice", "a"), Action.publish("alice/locked/x"))))
                .isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(allowed(check(user("alice", "a"), Action.publish("alice/x")))).isTrue();
        // bob reaches the everyone section's deny all alice/# (line 25).
        AuthorizationResult r = check(user("bob", "b"), Action.receive("alice/x"));
        assertThat(reason(r)).isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(r.detail()).contains(":25").contains("deny  all               alice/#");
    }

    @Test
    void actionsAreSeparate() {
        assertThat(allowed(check(user("alice", "a"), Action.receive("alice/x")))).isTrue();
        assertThat(allowed(check(user("alice", "a"), Action.subscribe("alice/#")))).isTrue();
        assertThat(allowed(check(user("bob", "b"), Action.receive("devices/b/x")))).isFalse();
    }

    @Test
    void qosAndRetainConditionsRestrictPublishRules() {
        Identity gw = user("gw", "gateway-1");
        assertThat(allowed(check(gw, Action.publish("gateways/gateway-1/t", 1, false)))).isTrue();
        assertThat(allowed(check(gw, Action.publish("gateways/gateway-1/t", 2, false)))).isFalse();
        // retain=true publishes fall through to "deny publish # retain=true" in everyone.
        AuthorizationResult retained = check(gw, Action.publish("gateways/gateway-1/t", 0, true));
        assertThat(reason(retained)).isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(retained.detail()).contains("retain=true");
    }

    @Test
    void rolesAddressesAndAnonymousSections() {
        Identity op = user("olga", "o").toBuilder().roles(Set.of("operators")).build();
        assertThat(allowed(check(op, Action.publish("ops/x")))).isTrue();
        assertThat(allowed(check(user("olga", "o"), Action.publish("ops/x")))).isFalse();
        Identity inside = Identity.builder("ian", ConnectRequest.builder("i").username("ian")
                .remoteAddress(AclFixture.address("10.1.2.3")).build()).build();
        assertThat(allowed(check(inside, Action.receive("internal/x")))).isTrue();
        assertThat(allowed(check(user("ian", "i"), Action.receive("internal/x")))).isFalse();
        assertThat(allowed(check(anonymous("k"), Action.receive("public/x")))).isTrue();
        assertThat(allowed(check(user("bob", "b"), Action.receive("public/x")))).isFalse();
    }

    @Test
    void placeholders() {
        assertThat(allowed(check(user("bob", "dev-7"), Action.publish("devices/dev-7/t")))).isTrue();
        assertThat(allowed(check(user("bob", "dev-7"), Action.publish("devices/dev-8/t")))).isFalse();
        assertThat(allowed(check(user("bob", "b"), Action.subscribe("users/bob/+")))).isTrue();
        Identity cert = Identity.builder("device", ConnectRequest.builder("c").build())
                .attributes(java.util.Map.of(Identity.CERT_CN, "dev.example")).build();
        assertThat(allowed(check(cert, Action.receive("certs/dev.example/x")))).isTrue();
        // No certificate: the ${cert_cn} rule does not apply; nothing else matches.
        assertThat(check(user("bob", "b"), Action.receive("certs/dev.example/x")))
                .isInstanceOf(AuthorizationResult.Abstain.class);
    }

    @Test
    void placeholderValuesThatWouldWidenATopicDenyAtThatRule() {
        AuthorizationResult r = check(user("bob", "a/b"), Action.publish("devices/a/b/t"));
        assertThat(reason(r)).isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(r.detail()).contains("client id").contains(":21");
        // Rules before it still apply to that client.
        assertThat(reason(check(user("bob", "a/b"), Action.publish("x", 0, true))))
                .isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(reason(check(user("b+", "k"), Action.receive("users/b+/x"))))
                .isEqualTo(FailureReason.INVALID_TOPIC);
        assertThat(check(user("b+", "k"), Action.receive("users/x")).detail()).contains("user name");
    }

    @Test
    void quotedTopicsMayHoldSpaces() {
        assertThat(allowed(check(user("bob", "b"), Action.receive("spaced topic/x")))).isTrue();
    }

    @Test
    void noMatchAbstainsByDefaultAndDeniesWhenConfigured(@TempDir Path d) {
        AuthorizationResult r = check(user("bob", "b"), Action.publish("elsewhere"));
        assertThat(r).isInstanceOf(AuthorizationResult.Abstain.class);
        assertThat(r.detail()).contains("no rule");
        Authorizer strict = AclFixture.authorizer(d, "everyone\nallow all a\n", "no-match", "deny");
        assertThat(reason(strict.authorize(user("bob", "b"), Action.publish("b"))))
                .isEqualTo(FailureReason.NO_MATCHING_RULE);
    }

    @Test
    void sysWritesStayDenied(@TempDir Path d) {
        Authorizer a = AclFixture.authorizer(d, "everyone\nallow all $SYS/#\n");
        assertThat(reason(a.authorize(user("u", "k"), Action.publish("$SYS/x"))))
                .isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(allowed(a.authorize(user("u", "k"), Action.receive("$SYS/x")))).isTrue();
    }

    @Test
    void formatIsDetectedOrForced(@TempDir Path d) {
        // A Mosquitto file stays Mosquitto even when forced to nothing; extended keywords switch detection.
        assertThat(AclFixture.provider(d, "user u\ntopic read a\n").toString()).contains("mosquitto");
        assertThat(AclFixture.provider(d, "user u\nallow receive a\n").toString()).contains("extended");
        assertThat(AclFixture.provider(d, "everyone\nallow receive a\n", "format", "extended").toString())
                .contains("extended");
    }
}
