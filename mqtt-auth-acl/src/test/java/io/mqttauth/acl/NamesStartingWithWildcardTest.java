package io.mqttauth.acl;

import static io.mqttauth.acl.AclFixture.allowed;
import static io.mqttauth.acl.AclFixture.pub;
import static io.mqttauth.acl.AclFixture.reason;
import static io.mqttauth.acl.AclFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.FailureReason;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mosquitto's CVE-2017-7650 rule (a client whose user name or client id contains {@code +} or {@code #} gets no
 * pattern access) when the wildcard is the name's first character, where a check for "contains" written as "found
 * after the start" would let it through.
 */
class NamesStartingWithWildcardTest {

    @TempDir
    static Path dir;
    static Authorizer acl;

    @BeforeAll
    static void load() {
        acl = AclFixture.authorizer(dir, """
                pattern readwrite users/%u/#
                pattern readwrite clients/%c/#
                """);
    }

    @Test
    void theSamePatternsGrantAccessToOrdinaryNames() {
        assertThat(allowed(acl.authorize(user("alice", "c1"), pub("clients/c1/x")))).isTrue();
        assertThat(allowed(acl.authorize(user("alice", "c1"), pub("users/alice/x")))).isTrue();
    }

    @ParameterizedTest(name = "user name \"{0}\"")
    @CsvSource({"+alice", "#alice", "+", "#"})
    void aUserNameStartingWithAWildcardLosesEveryPatternGrant(String username) {
        AuthorizationResult r = acl.authorize(user(username, "c1"), pub("clients/c1/x"));
        assertThat(reason(r)).as(r.toString()).isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(r.detail()).contains("user name \"" + username + "\"").contains("contains + or #");
    }

    @ParameterizedTest(name = "client id \"{0}\"")
    @CsvSource({"+c1", "#c1", "+", "#"})
    void aClientIdStartingWithAWildcardLosesEveryPatternGrant(String clientId) {
        AuthorizationResult r = acl.authorize(user("alice", clientId), pub("users/alice/x"));
        assertThat(reason(r)).as(r.toString()).isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(r.detail()).contains("client id \"" + clientId + "\"").contains("contains + or #");
    }
}
