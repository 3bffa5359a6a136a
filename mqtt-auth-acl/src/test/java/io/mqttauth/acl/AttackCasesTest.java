package io.mqttauth.acl;

import static io.mqttauth.acl.AclFixture.allowed;
import static io.mqttauth.acl.AclFixture.pub;
import static io.mqttauth.acl.AclFixture.reason;
import static io.mqttauth.acl.AclFixture.recv;
import static io.mqttauth.acl.AclFixture.sub;
import static io.mqttauth.acl.AclFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Named attack cases on ACL patterns: client ids and user names that would widen a pattern ({@code +} and {@code #},
 * also at the start, the CVE-2017-7650 rule), span levels ({@code /}) or break the topic (U+0000). Covered elsewhere:
 * {@code $SYS} writes ({@code MosquittoSemanticsTest#sysWriteDenialIsABuiltInRule} and
 * {@code ExtendedFormatTest}), {@code $share} topics ({@code SharedSubscriptionTest}), and a client id containing
 * {@code #} in the middle ({@code MosquittoSemanticsTest}'s "dangerous id" rows).
 */
class AttackCasesTest {

    private static final String MOSQUITTO = """
            user alice
            topic readwrite alice/#
            pattern readwrite clients/%c/#
            pattern readwrite users/%u/#
            """;

    private static final String EXTENDED = """
            everyone
              allow all clients/%c/#
              allow all users/${username}/#
            """;

    @TempDir
    Path dir;

    private static void assertDenied(Authorizer acl, Identity who, Action action, String detail) {
        AuthorizationResult r = acl.authorize(who, action);
        assertThat(reason(r)).as("%s as %s: %s", action, who, r.detail()).isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(r.detail()).contains(detail);
    }

    @ParameterizedTest(name = "client id {0}")
    @ValueSource(strings = {"+", "#", "+x", "#x", "+/x", "#/", "x+", "x#"})
    void aClientIdWithAWildcardAnywhereLosesEveryPatternGrantInTheMosquittoFormat(String clientId) {
        Authorizer acl = AclFixture.authorizer(dir, MOSQUITTO);
        Identity alice = user("alice", clientId);
        for (Action a : List.of(pub("clients/victim/data"), recv("clients/victim/data"), sub("clients/victim/#"),
                pub("users/alice/x"), pub("clients/" + clientId.replace('+', 'p').replace('#', 'h') + "/x"))) {
            assertDenied(acl, alice, a, "contains + or #");
        }
        // The user's own rules still apply, as in Mosquitto.
        assertThat(allowed(acl.authorize(alice, pub("alice/x")))).isTrue();
    }

    @ParameterizedTest(name = "user name {0}")
    @ValueSource(strings = {"+", "#", "+admin", "#admin", "admin#", "a+b"})
    void aUserNameWithAWildcardAnywhereLosesEveryPatternGrantInTheMosquittoFormat(String username) {
        Authorizer acl = AclFixture.authorizer(dir, MOSQUITTO);
        Identity who = user(username, "c1");
        for (Action a : List.of(pub("users/alice/x"), recv("users/bob/inbox"), sub("users/+/inbox"),
                pub("clients/c1/x"))) {
            assertDenied(acl, who, a, "user name \"" + username + "\" contains + or #");
        }
    }

    @ParameterizedTest(name = "client id {0}")
    @ValueSource(strings = {"+", "#", "+x", "#x", "a/b", "/", "a\u0000b", ""})
    void aClientIdThatWouldWidenOrSpanALevelMakesAnExtendedPatternDenyEveryTopic(String clientId) {
        Authorizer acl = AclFixture.authorizer(dir, EXTENDED);
        Identity alice = user("alice", clientId);
        for (Action a : List.of(pub("clients/victim/data"), pub("clients/a/b/x"), sub("clients/#"),
                pub("users/alice/x"))) {
            assertDenied(acl, alice, a, "the client's client id cannot be used in a topic");
        }
    }

    @ParameterizedTest(name = "user name {0}")
    @ValueSource(strings = {"+", "#", "+admin", "#admin", "a/b", "a\u0000b"})
    void aUserNameThatWouldWidenOrSpanALevelMakesAnExtendedPatternDenyEveryTopic(String username) {
        Authorizer acl = AclFixture.authorizer(dir, EXTENDED);
        Identity who = user(username, "c1");
        for (Action a : List.of(pub("users/bob/x"), pub("users/a/b/x"), sub("users/#"))) {
            assertDenied(acl, who, a, "the client's user name cannot be used in a topic");
        }
        // Only the rule with the unsafe placeholder denies: the client's own client-id topics stay allowed.
        assertThat(allowed(acl.authorize(who, pub("clients/c1/x")))).isTrue();
    }

    @ParameterizedTest(name = "client id {0}")
    @ValueSource(strings = {"a\u0000b", ""})
    void aClientIdThatMakesAMosquittoPatternInvalidMatchesNothing(String clientId) {
        Authorizer acl = AclFixture.authorizer(dir, MOSQUITTO);
        AuthorizationResult r = acl.authorize(user("bob", clientId), pub("clients/a/x"));
        assertThat(reason(r)).as(r.detail()).isEqualTo(FailureReason.NO_MATCHING_RULE);
    }
}
