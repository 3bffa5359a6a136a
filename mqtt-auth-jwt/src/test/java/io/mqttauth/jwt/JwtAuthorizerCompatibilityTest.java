package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.jwt;

import io.mqttauth.Action;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Identity;
import io.mqttauth.testkit.AuthorizerCompatibilityKit;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The test kit's authorizer contract, run against the jwt authorizer with identities made from tokens. */
class JwtAuthorizerCompatibilityTest extends AuthorizerCompatibilityKit {

    private static final String RULES = "[{\"permission\":\"deny\",\"action\":\"all\",\"topic\":\"devices/${clientid}/admin\"},"
            + "{\"permission\":\"allow\",\"action\":\"all\",\"topic\":\"devices/${clientid}/#\",\"qos\":[0,1]}]";
    private static final String TOKEN = jwt("dev-1").claim("secret_claim", "s3cr3t-claim-value")
            .claimJson("acl", RULES).sign(EC);

    @Override
    protected String providerName() {
        return "jwt";
    }

    @Override
    protected Map<String, String> configuration(Path directory) {
        Tokens.writeKeys(directory);
        return Map.of("jwks.path", "keys.json", "reload", "off");
    }

    @Override
    protected Clock clock() {
        return Tokens.CLOCK;
    }

    /** An identity as the jwt authenticator makes it from a token, named as the engine names it. */
    private Identity fromToken(String token, String clientId) {
        AuthenticationResult result = provider().authenticator().orElseThrow()
                .authenticate(ConnectRequest.builder(clientId).username("u").password(token).build());
        return ((AuthenticationResult.Success) result).identity();
    }

    @Override
    protected Identity allowedIdentity() {
        return fromToken(TOKEN, "c1");
    }

    @Override
    protected Action allowedAction() {
        return Action.publish("devices/c1/temp");
    }

    @Override
    protected List<Identity> sampleIdentities() {
        return List.of(fromToken(jwt("dev-2").claimJson("acl", "{\"sub\":[\"news/#\"]}").sign(EC), "c2"),
                fromToken(TOKEN, "a/b"), fromToken(jwt("dev-3").sign(EC), "c3"));
    }

    @Override
    protected List<Action> sampleActions() {
        return List.of(Action.publish("devices/c1/admin"), Action.publish("devices/c1/x", 2, false),
                Action.subscribe("devices/c1/#"), Action.receive("news/1"), Action.subscribe("news/+"));
    }

    @Override
    protected Set<String> secrets() {
        return Set.of(TOKEN, "s3cr3t-claim-value", Tokens.parts(TOKEN).get(2));
    }
}
