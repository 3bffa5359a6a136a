package io.mqttauth.acl;

import static io.mqttauth.acl.AclFixture.allowed;
import static io.mqttauth.acl.AclFixture.anonymous;
import static io.mqttauth.acl.AclFixture.pub;
import static io.mqttauth.acl.AclFixture.reason;
import static io.mqttauth.acl.AclFixture.recv;
import static io.mqttauth.acl.AclFixture.sub;
import static io.mqttauth.acl.AclFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mosquitto 2.0.11 {@code acl_file} semantics, one row per rule of security_default.c, with the runtime matrix a real
 * broker produced for this file (scratch notes, live/acl3).
 */
class MosquittoSemanticsTest {

    static final String ACL3 = """
            topic read anon/read
            topic anon/rw
            topic read
            user alice
            topic readwrite alice/#
            topic deny alice/secret/#
            topic read public/#
            topic readwrite $SYS/#
            user dave
            topic readwrite #
            user a+b
            topic readwrite ab/#
            user bob
               topic   write   bob/#  \s
            topic read spaced topic/x
            pattern readwrite users/%u/#
            pattern readwrite clients/%c/#
            pattern deny users/alice/private
            """;

    @TempDir
    static Path dir;
    static Authorizer acl;

    @BeforeAll
    static void load() {
        acl = AclFixture.authorizer(dir, ACL3);
    }

    static Stream<Arguments> brokerMatrix() {
        return Stream.of(
                row("topic read: anonymous may not write", anonymous("k"), pub("anon/read"), false),
                row("topic read: anonymous may read", anonymous("k"), recv("anon/read"), true),
                row("no access word: readwrite", anonymous("k"), pub("anon/rw"), true),
                row("'topic read' alone is readwrite on the topic 'read'", anonymous("k"), pub("read"), true),
                row("%u patterns skip anonymous clients", anonymous("k"), pub("users/k/y"), false),
                row("%c patterns apply to anonymous clients", anonymous("cid1"), pub("clients/cid1/x"), true),
                row("%c is this client's id only", anonymous("cid1"), pub("clients/cid2/x"), false),
                row("deny wins over an earlier allow in a user's list", user("alice", "a"),
                        pub("alice/secret/x"), false),
                row("a/# deny also denies the parent a", user("alice", "a"), pub("alice/secret"), false),
                row("user allow", user("alice", "a"), pub("alice/x"), true),
                row("read-only topic cannot be written", user("alice", "a"), pub("public/x"), false),
                row("$SYS writes are denied even with $SYS/#", user("alice", "a"), pub("$SYS/foo"), false),
                row("$SYS/broker/connection/+/state may be written where the ACL allows",
                        user("alice", "a"), pub("$SYS/broker/connection/x/state"), true),
                row("... and only there: # does not match $SYS", user("dave", "d"),
                        pub("$SYS/broker/connection/x/state"), false),
                row("# does not match $foo", user("dave", "d"), pub("$foo/bar"), false),
                row("$SYS reads need a $ rule: alice has $SYS/#", user("alice", "a"),
                        recv("$SYS/broker/version"), true),
                row("$SYS reads need a $ rule: dave's # does not match", user("dave", "d"),
                        recv("$SYS/broker/version"), false),
                row("pattern deny", user("alice", "a"), pub("users/alice/private"), false),
                row("a user-list allow returns before pattern denies", user("dave", "d"),
                        pub("users/alice/private"), true),
                row("user without a section gets patterns", user("carol", "c"), pub("users/carol/x"), true),
                row("named users never get anonymous rules", user("carol", "c"), pub("anon/rw"), false),
                row("client id with + denies patterns", user("carol", "c+d"), pub("users/carol/x"), false),
                row("dangerous id keeps the user's own list", user("alice", "x#y"), pub("alice/x"), true),
                row("dangerous id loses pattern grants", user("alice", "x#y"), pub("users/alice/x"), false),
                row("user a+b has its own rules", user("a+b", "k"), pub("ab/x"), true),
                row("topic with spaces, read only", user("bob", "b"), recv("spaced topic/x"), true),
                row("topic with spaces cannot be written", user("bob", "b"), pub("spaced topic/x"), false),
                row("indented line with extra spaces", user("bob", "b"), pub("bob/x"), true),
                row("write-only topic cannot be read", user("bob", "b"), recv("bob/x"), false),
                row("anything not allowed is denied", user("bob", "b"), pub("nothing/here"), false),
                row("$share topics cannot be published", user("dave", "d"), pub("$share/g/x"), false));
    }

    private static Arguments row(String what, Identity who, Action action, boolean allowed) {
        return Arguments.of(what, who, action, allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokerMatrix")
    void decidesAsMosquitto(String what, Identity who, Action action, boolean allowed) {
        AuthorizationResult r = acl.authorize(who, action);
        assertThat(allowed(r)).as(r.toString()).isEqualTo(allowed);
    }

    @Test
    void denyDetailNamesFileAndLine() {
        AuthorizationResult r = acl.authorize(user("alice", "a"), pub("alice/secret/x"));
        assertThat(reason(r)).isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(r.detail()).contains(dir.resolve("acl") + ":6").contains("topic deny alice/secret/#");
    }

    @Test
    void patternDenyDetailShowsTheSubstitutedTopic() {
        AuthorizationResult r = acl.authorize(anonymous("cid1"), pub("clients/cid1/x"));
        assertThat(r.detail()).contains(":17").contains("as clients/cid1/#");
    }

    @Test
    void noMatchSaysSoAndDenies() {
        AuthorizationResult r = acl.authorize(user("bob", "b"), pub("nothing/here"));
        assertThat(reason(r)).isEqualTo(FailureReason.NO_MATCHING_RULE);
        assertThat(r.detail()).contains("no rule").contains("\"bob\"");
    }

    @Test
    void dangerousNamesAreExplained() {
        AuthorizationResult r = acl.authorize(user("carol", "c+d"), pub("users/carol/x"));
        assertThat(reason(r)).isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(r.detail()).contains("client id \"c+d\"");
    }

    @Test
    void sysWriteDenialIsABuiltInRule() {
        AuthorizationResult r = acl.authorize(user("alice", "a"), pub("$SYSfoo"));
        assertThat(reason(r)).isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(r.detail()).contains("$SYS");
    }

    @Test
    void usernameWithSlashSpansLevelsAsInMosquitto(@TempDir Path d) {
        Authorizer a = AclFixture.authorizer(d, "pattern readwrite users/%u/#\n");
        assertThat(allowed(a.authorize(user("a/b", "k"), pub("users/a/b/c")))).isTrue();
        assertThat(allowed(a.authorize(user("a/b", "k"), pub("users/a/c")))).isFalse();
    }

    @Test
    void percentFollowedByAnotherLetterIsLiteral(@TempDir Path d) {
        Authorizer a = AclFixture.authorizer(d, "pattern readwrite a/%x/%c\n");
        assertThat(allowed(a.authorize(anonymous("k"), pub("a/%x/k")))).isTrue();
    }

    @Test
    void percentUIsTheAuthenticatedNameNotAnUnverifiedUsername(@TempDir Path d) {
        Authorizer a = AclFixture.authorizer(d, "user CN-1\ntopic read certs/#\npattern read users/%u/#\n");
        Identity certLogin = Identity.builder("CN-1", ConnectRequest.builder("k").username("mallory").build())
                .provider("x509").build();
        assertThat(allowed(a.authorize(certLogin, recv("certs/x")))).isTrue();
        assertThat(allowed(a.authorize(certLogin, recv("users/CN-1/x")))).isTrue();
        assertThat(allowed(a.authorize(certLogin, recv("users/mallory/x")))).isFalse();
    }

    @Test
    void sameUserTwiceMergesTheLists(@TempDir Path d) {
        Authorizer a = AclFixture.authorizer(d, "user u\ntopic read a\nuser v\ntopic read b\nuser u\ntopic deny a\n");
        assertThat(reason(a.authorize(user("u", "k"), recv("a")))).isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(allowed(a.authorize(user("v", "k"), recv("b")))).isTrue();
    }

    @Test
    void emptyFileDeniesEverything(@TempDir Path d) {
        Authorizer a = AclFixture.authorizer(d, "");
        assertThat(reason(a.authorize(anonymous("k"), pub("a")))).isEqualTo(FailureReason.NO_MATCHING_RULE);
        assertThat(reason(a.authorize(anonymous("k"), recv("a")))).isEqualTo(FailureReason.NO_MATCHING_RULE);
    }

    @Test
    void crlfLinesAndCommentsInColumnZero(@TempDir Path d) {
        Authorizer a = AclFixture.authorizer(d, "# comment\r\n\r\n   \r\ntopic read a/#\r\n");
        assertThat(allowed(a.authorize(anonymous("k"), recv("a/b")))).isTrue();
    }

    @Test
    void plusMatchesAnEmptyLevelAndHashTheParent(@TempDir Path d) {
        Authorizer a = AclFixture.authorizer(d, "topic read a/+\ntopic read b/#\n");
        assertThat(allowed(a.authorize(anonymous("k"), recv("a/")))).isTrue();
        assertThat(allowed(a.authorize(anonymous("k"), recv("b")))).isTrue();
        assertThat(allowed(a.authorize(anonymous("k"), recv("a")))).isFalse();
    }

    @Test
    void patternWithoutPlaceholderIsAGlobalRule(@TempDir Path d) {
        Authorizer a = AclFixture.authorizer(d, "pattern read news/#\n");
        assertThat(allowed(a.authorize(anonymous("k"), recv("news/x")))).isTrue();
        assertThat(allowed(a.authorize(user("u", "k"), recv("news/x")))).isTrue();
    }

    @Test
    void invalidTopicsAreRefusalsNotExceptions() {
        assertThat(reason(acl.authorize(user("dave", "d"), pub("a/+")))).isEqualTo(FailureReason.INVALID_TOPIC);
        assertThat(reason(acl.authorize(user("dave", "d"), recv("")))).isEqualTo(FailureReason.INVALID_TOPIC);
        assertThat(reason(acl.authorize(user("dave", "d"), sub("a/#/b")))).isEqualTo(FailureReason.INVALID_TOPIC);
        assertThat(reason(acl.authorize(user("dave", "d"), pub("a\u0000b")))).isEqualTo(FailureReason.INVALID_TOPIC);
    }
}
