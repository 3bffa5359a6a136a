package io.mqttauth.jwt;

import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import java.util.Set;

/**
 * Creates the {@code jwt} provider: an authenticator for JSON Web Tokens in the MQTT password (or user name), and an
 * authorizer that enforces the topic rules a token carries in its {@code acl} claim. Keys, under {@code jwt.} (see
 * {@code docs/jwt.md}):
 *
 * <ul>
 *   <li>key sources, at least one: {@code public-key.path} (PEM, RSA or EC), {@code jwks.path} (a JWKS file),
 *       {@code jwks.url} (a JWKS endpoint; {@code jwks.refresh} 5m, {@code jwks.min-refresh-interval} 30s,
 *       {@code jwks.outage-tolerance} 1h, {@code jwks.connect-timeout} and {@code jwks.read-timeout} 5s),
 *       {@code hmac.secret-path} (raw bytes, at least 32); {@code reload} for the files ({@code watch});
 *   <li>{@code algorithms} (default: what the keys can verify; never {@code none}), {@code max-token-bytes} (8192);
 *   <li>claims: {@code require-exp} (true), {@code clock-skew} (60s), {@code issuer}, {@code audience},
 *       {@code required-claims}, {@code claims.<name>} (exact values with {@code ${username}} and
 *       {@code ${clientid}});
 *   <li>{@code token-from} ({@code password} or {@code username}), {@code username-claim}, {@code identity-claim}
 *       ({@code sub}), {@code roles-claim}, {@code acl-claim} ({@code acl}).
 * </ul>
 */
public final class JwtProviderFactory implements ProviderFactory {

    /** The provider's name. */
    public static final String NAME = "jwt";

    /** Creates the factory; ServiceLoader calls this. */
    public JwtProviderFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> keys() {
        return JwtSettings.KEYS;
    }

    /** The keys of {@link #keys()}, where {@code claims.<name>} stands for every {@code claims.} key with a name. */
    @Override
    public boolean isKnownKey(String key) {
        return JwtSettings.isKnownKey(key);
    }

    @Override
    public Provider create(ProviderContext context) {
        return new JwtProvider(JwtSettings.read(context), context);
    }
}
