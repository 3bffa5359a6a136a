package io.mqttauth.acl;

import static io.mqttauth.acl.AclFixture.allowed;
import static io.mqttauth.acl.AclFixture.anonymous;
import static io.mqttauth.acl.AclFixture.pub;
import static io.mqttauth.acl.AclFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Authorizer;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Placeholders in the first and last characters of a rule's topic, where a scan that starts one character late or
 * stops one character early would miss them: {@code ${clientid}/x}, {@code %u/x}, a topic ending in {@code %}.
 */
class PlaceholdersAtTopicEdgesTest {

    @TempDir
    Path dir;

    @Test
    void aPlaceholderAtTheStartOfAnExtendedTopicIsSubstituted() {
        Authorizer acl = AclFixture.authorizer(dir, """
                everyone
                  allow publish ${clientid}/x
                  allow publish ${username}/y
                """);
        assertThat(allowed(acl.authorize(user("alice", "c1"), pub("c1/x")))).isTrue();
        assertThat(allowed(acl.authorize(user("alice", "c1"), pub("alice/y")))).isTrue();
        assertThat(allowed(acl.authorize(user("alice", "c1"), pub("${clientid}/x")))).isFalse();
        assertThat(allowed(acl.authorize(user("alice", "c1"), pub("c2/x")))).isFalse();
    }

    @Test
    void anUnknownPlaceholderAtTheStartOfATopicIsAProblem() {
        assertThat(problemOf("everyone\n  allow publish ${user}/x\n").message())
                .contains("unknown placeholder ${user}");
    }

    @Test
    void anUnclosedPlaceholderAtTheStartOfATopicIsAProblem() {
        assertThat(problemOf("everyone\n  allow publish ${clientid\n").message())
                .contains("without its closing brace");
    }

    @Test
    void theSecondOfTwoPlaceholdersIsCheckedToo() {
        assertThat(problemOf("everyone\n  allow publish ${clientid}/${user}\n").message())
                .contains("unknown placeholder ${user}");
    }

    @Test
    void aMosquittoPlaceholderAtTheStartOfAPatternIsSubstituted() {
        Authorizer acl = AclFixture.authorizer(dir, "pattern write %u/x\npattern write %c/y\n");
        assertThat(allowed(acl.authorize(user("alice", "c1"), pub("alice/x")))).isTrue();
        assertThat(allowed(acl.authorize(anonymous("c1"), pub("c1/y")))).isTrue();
        assertThat(allowed(acl.authorize(anonymous("c1"), pub("%c/y")))).isFalse();
    }

    @Test
    void aPercentSignEndingAPatternIsLiteral() {
        Authorizer acl = AclFixture.authorizer(dir, "pattern write a/%\npattern write %c\n");
        assertThat(allowed(acl.authorize(anonymous("c1"), pub("a/%")))).isTrue();
        assertThat(allowed(acl.authorize(anonymous("c1"), pub("c1")))).isTrue();
    }

    private ConfigurationProblem problemOf(String content) {
        try {
            AclFixture.provider(dir, content);
        } catch (ConfigurationException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("expected a problem with: " + content);
    }
}
