package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.jwt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.mqttauth.Action;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.spi.Provider;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token's {@code acl} claim in EMQX's two formats, with placeholders, as the jwt authorizer enforces it. */
class AclClaimTest {

    @TempDir
    Path dir;

    private Provider provider;
    private Authorizer authorizer;

    @BeforeEach
    void provider() {
        Tokens.writeKeys(dir);
        provider = Tokens.provider(dir, Map.of("jwks.path", "keys.json", "reload", "off"));
        authorizer = provider.authorizer().orElseThrow();
    }

    @AfterEach
    void close() {
        provider.close();
    }

    /** Parses JSON written with single quotes, for readable claims. */
    private static Object json(String text) {
        try {
            return JSONObjectUtils.parse("{\"v\":" + text.replace('\'', '"') + "}").get("v");
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private AuthenticationResult connect(String sub, String clientId, String claim, Object acl) {
        String token = jwt(sub).claim(claim, acl).sign(EC);
        return provider.authenticator().orElseThrow()
                .authenticate(ConnectRequest.builder(clientId).username("any").password(token).build());
    }

    private Identity identity(String sub, String clientId, String acl) {
        AuthenticationResult result = connect(sub, clientId, "acl", json(acl));
        assertThat(result).as(result.detail()).isInstanceOf(AuthenticationResult.Success.class);
        return ((AuthenticationResult.Success) result).identity();
    }

    private static void allowed(AuthorizationResult r) {
        assertThat(r).as(r.detail()).isInstanceOf(AuthorizationResult.Allow.class);
    }

    private static void abstains(AuthorizationResult r) {
        assertThat(r).as(r.detail()).isInstanceOf(AuthorizationResult.Abstain.class);
    }

    private static void denied(AuthorizationResult r, FailureReason reason, String detail) {
        assertThat(r).isInstanceOfSatisfying(AuthorizationResult.Deny.class, d -> {
            assertThat(d.reason()).isEqualTo(reason);
            assertThat(d.detail()).contains(detail);
        });
    }

    @Test
    void ruleListFirstMatchWinsWithPlaceholdersAndFallsThroughWhenNothingMatches() {
        Identity id = identity("dev-1", "c1", "[{'permission':'deny','action':'publish','topic':'devices/${clientid}/admin'},"
                + "{'permission':'allow','action':'publish','topic':'devices/${clientid}/#'},"
                + "{'permission':'allow','action':'subscribe','topic':'commands/${username}/#'}]");
        denied(authorizer.authorize(id, Action.publish("devices/c1/admin")), FailureReason.DENIED_BY_RULE,
                "denied by the token's acl claim, rule 1 (deny publish \"devices/c1/admin\")");
        AuthorizationResult allow = authorizer.authorize(id, Action.publish("devices/c1/temp"));
        allowed(allow);
        assertThat(allow.detail()).isEqualTo("allowed by the token's acl claim, rule 2 (allow publish \"devices/c1/#\")");
        abstains(authorizer.authorize(id, Action.publish("devices/c2/temp")));
        allowed(authorizer.authorize(id, Action.subscribe("commands/dev-1/#")));
        abstains(authorizer.authorize(id, Action.publish("commands/dev-1/x")));
    }

    @Test
    void aSubscribeRuleAlsoCoversDeliveries() {
        Identity id = identity("dev-1", "c1", "[{'permission':'allow','action':'subscribe','topic':'news/#'},"
                + "{'permission':'deny','action':'all','topic':'#'}]");
        allowed(authorizer.authorize(id, Action.receive("news/today")));
        denied(authorizer.authorize(id, Action.publish("news/today")), FailureReason.DENIED_BY_RULE, "rule 2");
    }

    @Test
    void qosAndRetainConditionsNarrowARule() {
        Identity id = identity("dev-1", "c1", "[{'permission':'allow','action':'publish','topic':'t','qos':[0,1],"
                + "'retain':false},{'permission':'allow','action':'all','topic':'s','qos':[1]}]");
        allowed(authorizer.authorize(id, Action.publish("t", 1, false)));
        abstains(authorizer.authorize(id, Action.publish("t", 2, false)));
        abstains(authorizer.authorize(id, Action.publish("t", 0, true)));
        allowed(authorizer.authorize(id, Action.subscribe("s", 1)));
        abstains(authorizer.authorize(id, Action.subscribe("s", 0)));
        allowed(authorizer.authorize(id, Action.receive("s", 1, true)));
    }

    @Test
    void eqMatchesOnlyTheIdenticalFilterWithoutPlaceholders() {
        Identity id = identity("dev-1", "c1", "[{'permission':'allow','action':'subscribe','topic':'eq a/#'},"
                + "{'permission':'allow','action':'subscribe','topic':'eq x/${username}'}]");
        allowed(authorizer.authorize(id, Action.subscribe("a/#")));
        abstains(authorizer.authorize(id, Action.subscribe("a/b")));
        abstains(authorizer.authorize(id, Action.subscribe("a/+")));
        abstains(authorizer.authorize(id, Action.receive("a/b")));
        allowed(authorizer.authorize(id, Action.subscribe("x/${username}")));
        abstains(authorizer.authorize(id, Action.subscribe("x/dev-1")));
    }

    @Test
    void topicsArrayMakesOneRulePerTopicInOrder() {
        Identity id = identity("dev-1", "c1", "[{'permission':'allow','action':'publish','topics':['a/1','b/#']}]");
        allowed(authorizer.authorize(id, Action.publish("a/1")));
        allowed(authorizer.authorize(id, Action.publish("b/2/3")));
        abstains(authorizer.authorize(id, Action.publish("a/2")));
    }

    @Test
    void subscriptionsAreAllowedWhenCoveredAndDeniedWhenADenyOverlaps() {
        Identity id = identity("dev-1", "c1", "[{'permission':'deny','action':'subscribe','topic':'a/secret'},"
                + "{'permission':'allow','action':'subscribe','topic':'a/#'},"
                + "{'permission':'allow','action':'subscribe','topic':'b/+'}]");
        allowed(authorizer.authorize(id, Action.subscribe("a/+/x")));
        denied(authorizer.authorize(id, Action.subscribe("a/#")), FailureReason.DENIED_BY_RULE, "rule 1");
        denied(authorizer.authorize(id, Action.subscribe("a/+")), FailureReason.DENIED_BY_RULE, "rule 1");
        allowed(authorizer.authorize(id, Action.subscribe("b/1")));
        abstains(authorizer.authorize(id, Action.subscribe("b/#")));
    }

    @Test
    void allowListsAllowWhatTheyListWithPlaceholdersAndDenyTheRest() {
        Identity id = identity("dev-1", "c1", "{'pub':['devices/${clientid}/#'],'sub':['cmd/${username}/#'],"
                + "'all':['shared/#','eq raw/#']}");
        allowed(authorizer.authorize(id, Action.publish("devices/c1/t")));
        allowed(authorizer.authorize(id, Action.subscribe("cmd/dev-1/#")));
        allowed(authorizer.authorize(id, Action.receive("cmd/dev-1/go")));
        allowed(authorizer.authorize(id, Action.publish("shared/x")));
        allowed(authorizer.authorize(id, Action.subscribe("raw/#")));
        denied(authorizer.authorize(id, Action.publish("cmd/dev-1/go")), FailureReason.NO_MATCHING_RULE,
                "denies what it does not list");
        denied(authorizer.authorize(id, Action.publish("raw/x")), FailureReason.NO_MATCHING_RULE, "pub, sub and all");
        denied(authorizer.authorize(id, Action.subscribe("devices/c1/#")), FailureReason.NO_MATCHING_RULE, "");
    }

    @Test
    void malformedAclClaimRefusesTheConnectNamingTheProblem() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("[{'permission':'permit','action':'publish','topic':'t'}]", "rule 1: permission must be allow or deny");
        cases.put("[{'permission':'allow','action':'pub','topic':'t'}]", "rule 1: action must be publish, subscribe or all");
        cases.put("[{'permission':'allow','action':'publish'}]", "rule 1 has no topic");
        cases.put("[{'permission':'allow','action':'publish','topic':'t','qos':[3]}]", "rule 1: qos must hold only 0, 1 and 2");
        cases.put("[{'permission':'allow','action':'publish','topic':'t','qos':1}]", "rule 1: qos must be an array");
        cases.put("[{'permission':'allow','action':'publish','topic':'t','retain':'yes'}]", "rule 1: retain must be true or false");
        cases.put("[{'permission':'allow','action':'publish','topic_filter':'t'}]", "unknown field \"topic_filter\"");
        cases.put("[{'permission':'allow','action':'publish','topic':'a','topics':['b']}]", "both topic and topics");
        cases.put("[{'permission':'allow','action':'publish','topic':'a/#/b'}]", "not a valid topic filter");
        cases.put("[{'permission':'allow','action':'publish','topic':'eq a/#/b'}]", "is not a valid topic filter");
        cases.put("[{'permission':'allow','action':'publish','topic':'d/${peerhost}'}]", "unknown placeholder");
        cases.put("['allow publish t']", "rule 1 is not a JSON object");
        cases.put("'all'", "neither an array of rules nor an object");
        cases.put("{'publish':['t']}", "unknown field \"publish\"");
        cases.put("{'pub':'t'}", "\"pub\" is not an array");
        cases.put("{'pub':[7]}", "pub 1 is not a string");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            AuthenticationResult result = connect("dev-1", "c1", "acl", json(c.getKey()));
            assertThat(result).as(c.getKey()).isInstanceOfSatisfying(AuthenticationResult.Refusal.class, r -> {
                assertThat(r.reason()).isEqualTo(FailureReason.TOKEN_CLAIM_MISMATCH);
                assertThat(r.detail()).startsWith("claim \"acl\" is malformed: ").contains(c.getValue());
            });
        }
    }

    @Test
    void aPlaceholderValueThatWouldShiftLevelsMakesTheRuleDenyEveryTopic() {
        Identity id = identity("dev-1", "a/b", "[{'permission':'allow','action':'publish','topic':'devices/${clientid}/#'},"
                + "{'permission':'allow','action':'publish','topic':'open/#'}]");
        denied(authorizer.authorize(id, Action.publish("devices/a/b/x")), FailureReason.DENIED_BY_RULE,
                "the client id is empty or contains '/', '+', '#' or U+0000, so the rule denies every topic");
        denied(authorizer.authorize(id, Action.publish("open/x")), FailureReason.DENIED_BY_RULE, "rule 1");
        Identity wild = identity("x+y", "c1", "{'pub':['users/${username}/#','open/#']}");
        allowed(authorizer.authorize(wild, Action.publish("open/1")));
        denied(authorizer.authorize(wild, Action.publish("users/x/1")), FailureReason.NO_MATCHING_RULE, "");
    }

    @Test
    void theClaimNameIsConfigurable() {
        provider.close();
        provider = Tokens.provider(dir, Map.of("jwks.path", "keys.json", "acl-claim", "mqtt_acl"));
        authorizer = provider.authorizer().orElseThrow();
        AuthenticationResult result = connect("dev-1", "c1", "mqtt_acl", json("{'pub':['a']}"));
        Identity id = ((AuthenticationResult.Success) result).identity();
        allowed(authorizer.authorize(id, Action.publish("a")));
        assertThat(result.detail()).contains("1 topic rules from claim \"mqtt_acl\"");
    }

    @Test
    void identitiesWithoutTokenRulesOrFromOtherProvidersAreNotDecided() {
        Identity rules = identity("dev-1", "c1", "{'pub':['a']}");
        abstains(authorizer.authorize(rules.toBuilder().provider("password-file").build(), Action.publish("a")));
        Identity none = ((AuthenticationResult.Success) provider.authenticator().orElseThrow().authenticate(
                ConnectRequest.builder("c1").username("u").password(jwt("dev-1").sign(EC)).build())).identity();
        abstains(authorizer.authorize(none, Action.publish("a")));
        try (LogCapture logs = new LogCapture()) {
            AuthorizationResult forged = authorizer.authorize(Identity.builder("x", "c").provider("jwt")
                    .attribute(TokenRules.ATTRIBUTE, "not json").build(), Action.publish("a"));
            denied(forged, FailureReason.INTERNAL_ERROR, "not written by the jwt authenticator");
            assertThat(logs.containing("attribute is not in the jwt provider's form")).singleElement().asString()
                    .startsWith("WARNING jwt: an identity's jwt_acl attribute");
        }
    }

    @Test
    void theRulesTravelWithTheIdentityToAnyJwtAuthorizer() {
        Identity id = identity("dev-1", "c1", "[{'permission':'allow','action':'publish','topic':'t/${clientid}',"
                + "'qos':[1],'retain':true}]");
        try (Provider other = Tokens.provider(dir, Map.of("public-key.path", "rsa.pem"))) {
            allowed(other.authorizer().orElseThrow().authorize(id, Action.publish("t/c1", 1, true)));
            abstains(other.authorizer().orElseThrow().authorize(id, Action.publish("t/c1", 1, false)));
        }
        assertThat(id.attributes().get(TokenRules.ATTRIBUTE)).contains("\"topic\":\"t/c1\"");
        assertThat(List.of(authorizer.mayBlock(), provider.authenticator().orElseThrow().mayBlock()))
                .containsExactly(false, true);
    }

    @Test
    void anInvalidTopicIsDeniedAsAnInvalidNameOrAnInvalidFilter() {
        Identity id = identity("dev-1", "c1", "{'all':['#']}");
        denied(authorizer.authorize(id, Action.publish("a/+")), FailureReason.INVALID_TOPIC, "not a valid topic name");
        denied(authorizer.authorize(id, Action.subscribe("a/#/b")), FailureReason.INVALID_TOPIC,
                "not a valid topic filter");
    }

    @Test
    void aRuleForQos2AppliesToQos2Only() {
        Identity id = identity("dev-1", "c1", "[{'permission':'allow','action':'publish','topic':'t','qos':[2]}]");
        AuthorizationResult qos2 = authorizer.authorize(id, Action.publish("t", 2, false));
        allowed(qos2);
        assertThat(qos2.detail()).isEqualTo("allowed by the token's acl claim, rule 1 (allow publish \"t\" qos [2])");
        abstains(authorizer.authorize(id, Action.publish("t", 1, false)));
    }

    @Test
    void eachRuleDescribesItsPermissionActionTopicAndConditions() {
        Identity id = identity("dev-1", "c1", "[{'permission':'allow','action':'subscribe','topic':'s'},"
                + "{'permission':'deny','action':'all','topic':'x','qos':[0]},"
                + "{'permission':'allow','action':'publish','topic':'eq e','retain':true}]");
        assertThat(authorizer.authorize(id, Action.subscribe("s")).detail()).endsWith("rule 1 (allow subscribe \"s\")");
        assertThat(authorizer.authorize(id, Action.publish("x")).detail()).endsWith("rule 2 (deny all \"x\" qos [0])");
        assertThat(authorizer.authorize(id, Action.publish("e", 0, true)).detail())
                .endsWith("rule 3 (allow publish eq \"e\" retain true)");
    }

    @Test
    void anIdentityNameOrAnEmptyClientIdThatCannotFillAPlaceholderMakesTheRuleDenyEveryTopic() {
        Identity slash = identity("a/b", "c1", "[{'permission':'allow','action':'publish','topic':'users/${username}/#'}]");
        denied(authorizer.authorize(slash, Action.publish("users/a/b/x")), FailureReason.DENIED_BY_RULE,
                "its topic uses ${username}, and the identity's name is empty or contains '/', '+', '#' or U+0000");
        Identity empty = identity("dev-1", "", "[{'permission':'allow','action':'publish','topic':'t/${clientid}'}]");
        denied(authorizer.authorize(empty, Action.publish("t/")), FailureReason.DENIED_BY_RULE,
                "its topic uses ${clientid}, and the client id is empty");
    }
}
