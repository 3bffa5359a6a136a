package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Identity;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One row of {@code jdbc.acl.query} without a database: how each column is read, which column an unreadable row names,
 * and which actions a row decides (action kind, qos, retain, {@code eq}, placeholders, allow by coverage and deny by
 * overlap for subscriptions).
 */
class AclRuleTest {

    private static final Identity ALICE = who("alice", "dev-1");

    private static Identity who(String user, String clientId) {
        return Identity.builder(user, ConnectRequest.builder(clientId).username(user).build()).build();
    }

    private static AclRule row(String permission, String action, String topic) {
        return AclRule.read(1, permission, action, topic, null, null);
    }

    @Test
    void columnsAreReadWithoutCaseOrSurroundingSpace() {
        AclRule r = AclRule.read(3, " ALLOW ", " Publish ", "  a/b  ", null, null);
        assertThat(r).isEqualTo(new AclRule(3, true, true, false, "a/b", false, null, null, null));
        assertThat(AclRule.read(1, "Deny", "SUBSCRIBE", "x", "", " "))
                .isEqualTo(new AclRule(1, false, false, true, "x", false, null, null, null));
        assertThat(row("allow", "all", "x")).extracting(AclRule::publish, AclRule::subscribe)
                .containsExactly(true, true);
        assertThat(row("allow", "all", "eq  a/# ")).extracting(AclRule::topic, AclRule::literal)
                .containsExactly("a/#", true);
    }

    @Test
    void qosIsAListOfLevelsAndRetainIsOneOrZero() {
        assertThat(AclRule.read(1, "allow", "all", "t", " 0, 2 ", null).qos()).isEqualTo(Set.of(0, 2));
        assertThat(AclRule.read(1, "allow", "all", "t", "1", null).qos()).isEqualTo(Set.of(1));
        for (String yes : new String[] {"1", "true", "t", " TRUE "}) {
            assertThat(AclRule.read(1, "allow", "all", "t", null, yes).retain()).as(yes).isTrue();
        }
        for (String no : new String[] {"0", "false", "f", "F"}) {
            assertThat(AclRule.read(1, "allow", "all", "t", null, no).retain()).as(no).isFalse();
        }
    }

    @Test
    void anUnreadableRowNamesTheFirstColumnThatIsWrong() {
        assertThat(AclRule.read(1, "maybe", "write", "", "5", "7").unreadable())
                .isEqualTo("permission \"maybe\" is not allow or deny");
        assertThat(AclRule.read(1, null, "publish", "t", null, null).unreadable())
                .isEqualTo("permission \"null\" is not allow or deny");
        assertThat(AclRule.read(1, "allow", "write", "", "5", "7").unreadable())
                .isEqualTo("action \"write\" is not publish, subscribe or all");
        assertThat(AclRule.read(1, "allow", null, "t", null, null).unreadable())
                .isEqualTo("action \"null\" is not publish, subscribe or all");
        assertThat(AclRule.read(1, "allow", "publish", "  ", "5", "7").unreadable()).isEqualTo("the topic is empty");
        assertThat(AclRule.read(1, "allow", "publish", null, null, null).unreadable()).isEqualTo("the topic is empty");
        assertThat(AclRule.read(1, "allow", "publish", "t", "0,3", "7").unreadable())
                .isEqualTo("qos \"0,3\" is not a list of 0, 1 and 2");
        assertThat(AclRule.read(1, "allow", "publish", "t", "0", "2").unreadable())
                .isEqualTo("retain \"2\" is not 0 or 1");
        assertThat(AclRule.read(1, "allow", "publish", "t", "2", "1").unreadable()).isNull();
    }

    @Test
    void aRowAppliesOnlyToItsKindOfAction() {
        AclRule publish = row("allow", "publish", "t");
        AclRule subscribe = row("allow", "subscribe", "t");
        assertThat(publish.matches(ALICE, Action.publish("t"))).isTrue();
        assertThat(publish.matches(ALICE, Action.subscribe("t"))).isFalse();
        assertThat(publish.matches(ALICE, Action.receive("t"))).isFalse();
        assertThat(subscribe.matches(ALICE, Action.publish("t"))).isFalse();
        assertThat(subscribe.matches(ALICE, Action.subscribe("t"))).isTrue();
        assertThat(subscribe.matches(ALICE, Action.receive("t"))).as("a delivery is decided by subscribe rows")
                .isTrue();
        assertThat(subscribe.matches(ALICE, Action.receive("u"))).isFalse();
    }

    @Test
    void qosAndRetainNarrowARowAndRetainOnlyForPublishes() {
        AclRule qos = AclRule.read(1, "allow", "all", "t", "0,1", null);
        assertThat(qos.matches(ALICE, Action.publish("t", 1, false))).isTrue();
        assertThat(qos.matches(ALICE, Action.publish("t", 2, false))).isFalse();
        assertThat(qos.matches(ALICE, Action.subscribe("t", 2))).isFalse();
        AclRule retained = AclRule.read(1, "allow", "all", "t", null, "1");
        assertThat(retained.matches(ALICE, Action.publish("t", 0, true))).isTrue();
        assertThat(retained.matches(ALICE, Action.publish("t", 0, false))).isFalse();
        assertThat(retained.matches(ALICE, Action.subscribe("t"))).isTrue();
        assertThat(retained.matches(ALICE, Action.receive("t", 0, false))).isTrue();
        AclRule notRetained = AclRule.read(1, "allow", "publish", "t", null, "0");
        assertThat(notRetained.matches(ALICE, Action.publish("t", 0, false))).isTrue();
        assertThat(notRetained.matches(ALICE, Action.publish("t", 0, true))).isFalse();
    }

    @Test
    void eqTopicsAreComparedLiterallyWithoutPlaceholders() {
        AclRule eq = row("allow", "all", "eq a/${username}/#");
        assertThat(eq.matches(ALICE, Action.subscribe("a/${username}/#"))).isTrue();
        assertThat(eq.matches(ALICE, Action.subscribe("a/alice/#"))).isFalse();
        assertThat(eq.matches(ALICE, Action.subscribe("a/${username}/x"))).isFalse();
    }

    @Test
    void placeholdersAnywhereInTheTopicAreTheClientsOwnValuesSubstitutedOnce() {
        assertThat(row("allow", "publish", "${username}/x").matches(ALICE, Action.publish("alice/x"))).isTrue();
        assertThat(row("allow", "publish", "${username}/x").matches(ALICE, Action.publish("${username}/x")))
                .isFalse();
        assertThat(row("allow", "publish", "c/${clientid}").matches(ALICE, Action.publish("c/dev-1"))).isTrue();
        assertThat(row("allow", "publish", "${username}/${clientid}").matches(ALICE, Action.publish("alice/dev-1")))
                .isTrue();
        Identity tricky = who("${clientid}", "a$1\\b");
        assertThat(row("allow", "publish", "u/${username}").matches(tricky, Action.publish("u/${clientid}")))
                .as("a value that looks like a placeholder is not substituted again").isTrue();
        assertThat(row("allow", "publish", "c/${clientid}").matches(tricky, Action.publish("c/a$1\\b")))
                .as("$ and \\ in a value are literal").isTrue();
    }

    @Test
    void aPlaceholderWhoseValueIsMissingEmptyOrHoldsWildcardsOrSlashesMakesTheRowNotApply() {
        AclRule byUser = row("deny", "publish", "u/${username}");
        Identity noUser = Identity.builder("dev-9", ConnectRequest.builder("dev-9").build()).build();
        assertThat(byUser.matches(noUser, Action.publish("u/"))).isFalse();
        assertThat(byUser.matches(noUser, Action.publish("u/dev-9"))).isFalse();
        for (String bad : new String[] {"+", "a+", "#", "a#", "a/b", "/a", ""}) {
            Identity identity = Identity.builder("x", "c").username(bad).build();
            assertThat(row("allow", "publish", "u/${username}/#").matches(identity, Action.publish("u/x/y")))
                    .as("user name \"%s\"", bad).isFalse();
            assertThat(row("allow", "subscribe", "u/${username}/#").matches(identity, Action.subscribe("u/#")))
                    .as("user name \"%s\"", bad).isFalse();
        }
        Identity leadingSlash = Identity.builder("x", "c").username("/a").build();
        assertThat(row("allow", "publish", "u/${username}/#").matches(leadingSlash, Action.publish("u//a/y")))
                .as("a value starting with / would add a level").isFalse();
    }

    @Test
    void anAllowRowGrantsASubscriptionItCoversAndADenyRowRefusesOneItOverlaps() {
        assertThat(row("allow", "subscribe", "a/+").matches(ALICE, Action.subscribe("a/b"))).isTrue();
        assertThat(row("allow", "subscribe", "a/+").matches(ALICE, Action.subscribe("a/#"))).isFalse();
        assertThat(row("deny", "subscribe", "a/+").matches(ALICE, Action.subscribe("a/#"))).isTrue();
        assertThat(row("deny", "subscribe", "a/+").matches(ALICE, Action.subscribe("b/#"))).isFalse();
        assertThat(row("allow", "publish", "a/#").matches(ALICE, Action.publish("a/b/c"))).isTrue();
        assertThat(row("deny", "publish", "a/+").matches(ALICE, Action.publish("a/b/c"))).isFalse();
    }

    @Test
    void describeGivesTheRowAsOperatorsWroteIt() {
        assertThat(row("allow", "all", "eq a/#").describe()).isEqualTo("allow all eq a/#");
        assertThat(row("deny", "publish", "t").describe()).isEqualTo("deny publish t");
        assertThat(AclRule.read(1, "allow", "subscribe", "t", "1", "0").describe())
                .isEqualTo("allow subscribe t qos [1] retain 0");
        assertThat(AclRule.read(1, "deny", "publish", "t", null, "1").describe()).isEqualTo("deny publish t retain 1");
    }
}
