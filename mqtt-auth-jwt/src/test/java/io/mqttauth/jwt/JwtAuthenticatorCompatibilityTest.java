package io.mqttauth.jwt;

import static io.mqttauth.jwt.Tokens.EC;
import static io.mqttauth.jwt.Tokens.RSA;
import static io.mqttauth.jwt.Tokens.jwt;

import io.mqttauth.ConnectRequest;
import io.mqttauth.testkit.AuthenticatorCompatibilityKit;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The test kit's authenticator contract, run against the jwt provider with a JWKS file and an HMAC secret. */
class JwtAuthenticatorCompatibilityTest extends AuthenticatorCompatibilityKit {

    private static final String ACCEPTED = jwt("dev-1").claim("secret_claim", "s3cr3t-claim-value").sign(EC);

    @Override
    protected String providerName() {
        return "jwt";
    }

    @Override
    protected Map<String, String> configuration(Path directory) {
        Tokens.writeKeys(directory);
        return Map.of("jwks.path", "keys.json", "hmac.secret-path", "secret", "reload", "off");
    }

    @Override
    protected Clock clock() {
        return Tokens.CLOCK;
    }

    @Override
    protected ConnectRequest acceptedRequest() {
        return ConnectRequest.builder("c1").username("dev-1").password(ACCEPTED).build();
    }

    @Override
    protected String acceptedName() {
        return "dev-1";
    }

    @Override
    protected List<ConnectRequest> sampleRequests() {
        return List.of(
                request(jwt("dev-2").claim("exp", Tokens.NOW.getEpochSecond() - 3600).sign(RSA)),
                request(Tokens.withPayload(ACCEPTED, "{\"sub\":\"admin\"}")),
                request(jwt("dev-3").hmac(Tokens.SECRET)),
                request(jwt("dev-4").unsigned()),
                request(jwt("dev-5").claimJson("acl", "{\"pub\":[\"a/${clientid}\"]}").sign(RSA)),
                request("not-a-token-password"));
    }

    private static ConnectRequest request(String password) {
        return ConnectRequest.builder("c9").username("dev-9").password(password).build();
    }
}
