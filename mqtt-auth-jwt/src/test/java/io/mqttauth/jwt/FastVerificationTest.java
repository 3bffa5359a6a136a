package io.mqttauth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.spi.Provider;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ECDSA is verified with Bouncy Castle (the faster provider on JDK 17), on every curve, from checks built once. */
class FastVerificationTest {

    @TempDir
    Path dir;

    @Test
    void ecdsaIsVerifiedWithBouncyCastle() {
        assertThat(VerificationKey.Jca.ECDSA).isNotNull();
        assertThat(VerificationKey.Jca.ECDSA.getName()).isEqualTo("BC");
    }

    @Test
    void everyCurveVerifiesItsAlgorithm() {
        var p384 = Tokens.ec("p384", Curve.P_384);
        var p521 = Tokens.ec("p521", Curve.P_521);
        Tokens.write(dir, "keys.json", Tokens.jwks(Tokens.EC, p384, p521));
        try (Provider provider = Tokens.provider(dir, Map.of("jwks.path", "keys.json"))) {
            for (String token : new String[] {Tokens.jwt("a").sign(Tokens.EC),
                    Tokens.jwt("b").sign(p384, JWSAlgorithm.ES384, "p384"),
                    Tokens.jwt("c").sign(p521, JWSAlgorithm.ES512, "p521")}) {
                AuthenticationResult result = provider.authenticator().orElseThrow()
                        .authenticate(ConnectRequest.builder("c").username("u").password(token).build());
                assertThat(result).as(result.detail()).isInstanceOf(AuthenticationResult.Success.class);
            }
        }
    }
}
