package io.mqttauth.jwt;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.Authorizer;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The {@code jwt} provider and its authenticator. A credential that is plainly not a JWT (not three dot-separated
 * base64url parts) is passed on to the next authenticator ({@link FailureReason#TOKEN_MALFORMED} if none takes it); a
 * credential longer than {@code jwt.max-token-bytes} is refused before any parsing; anything else is checked by
 * {@link TokenVerifier} and accepted or refused with its own reason. No result is cached: every CONNECT verifies its
 * token, so a decision costs one signature verification and no file or network I/O (unless a JWKS URL has to be asked,
 * see {@link RemoteKeys}).
 *
 * <p>The authenticator {@linkplain #mayBlock() may block}: verifying a signature costs 0.05 to 2 ms of CPU, and a JWKS
 * URL may have to be fetched. Its authorizer ({@link JwtAuthorizer}) never blocks.
 */
final class JwtProvider implements Provider, Authenticator {

    private static final System.Logger LOG = System.getLogger(JwtProvider.class.getName());

    private final JwtSettings settings;
    private final Keys keys;
    private final TokenVerifier verifier;
    private final JwtAuthorizer authorizer;

    JwtProvider(JwtSettings settings, ProviderContext context) {
        this.settings = settings;
        this.keys = new Keys(settings, context);
        this.verifier = new TokenVerifier(context.name(), settings, keys, context.clock());
        this.authorizer = new JwtAuthorizer(context.name());
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.of(this);
    }

    @Override
    public Optional<Authorizer> authorizer() {
        return Optional.of(authorizer);
    }

    @Override
    public AuthenticationResult authenticate(ConnectRequest request) {
        byte[] password = null;
        try {
            String token;
            String field;
            if (settings.tokenFrom() == JwtSettings.TokenFrom.USERNAME) {
                field = "user name";
                token = request.username().orElse(null);
                if (token == null) {
                    return AuthenticationResult.notApplicable("no user name sent (jwt.token-from = username)");
                }
                int bytes = utf8Length(token);
                if (bytes > settings.maxTokenBytes()) {
                    return tooLarge(field, bytes);
                }
            } else {
                field = "password";
                password = request.password().orElse(null);
                if (password == null) {
                    return AuthenticationResult.notApplicable("no password sent");
                }
                if (password.length > settings.maxTokenBytes()) {
                    return tooLarge(field, password.length);
                }
                token = new String(password, StandardCharsets.ISO_8859_1);
            }
            if (!TokenVerifier.looksLikeJwt(token)) {
                return AuthenticationResult.notApplicable(FailureReason.TOKEN_MALFORMED, "the " + field + " is not a JWT "
                        + "(three dot-separated base64url parts)" + paddingHint(token)
                        + ", so it is left to the next authenticator");
            }
            return verifier.verify(token, request);
        } catch (Refusal r) {
            return AuthenticationResult.refuse(r.reason(), r.detail());
        } catch (RuntimeException e) {
            // A bug must not let a token through, nor show it: the class and the place, never the message.
            StackTraceElement[] at = e.getStackTrace();
            LOG.log(System.Logger.Level.ERROR, "jwt: unexpected " + e.getClass().getName() + " while checking a token"
                    + (at.length == 0 ? "" : " at " + at[0]));
            return AuthenticationResult.refuse(FailureReason.INTERNAL_ERROR, "the jwt provider failed: "
                    + e.getClass().getName());
        } finally {
            ConnectRequest.clear(password);
        }
    }

    /**
     * What to say of a credential that is a JWT but for white space around it, such as the line break {@code echo}
     * leaves in a token file; empty otherwise.
     */
    private static String paddingHint(String credential) {
        String stripped = credential.strip();
        return stripped.length() < credential.length() && TokenVerifier.looksLikeJwt(stripped)
                ? "; it would be one without the white space or line break around it" : "";
    }

    private AuthenticationResult tooLarge(String field, int bytes) {
        return AuthenticationResult.refuse(FailureReason.TOKEN_TOO_LARGE, "the " + field + " is " + bytes
                + " bytes, more than jwt.max-token-bytes = " + settings.maxTokenBytes());
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    /**
     * With {@code jwt.token-from = username} the user name is the token, a secret: the engine then never shows or keeps
     * a user name in clear.
     */
    @Override
    public boolean secretInUsername() {
        return settings.tokenFrom() == JwtSettings.TokenFrom.USERNAME;
    }

    /** Verifying a signature costs up to milliseconds, and a JWKS URL may have to be asked: brokers call it off I/O threads. */
    @Override
    public boolean mayBlock() {
        return true;
    }

    @Override
    public List<ConfigurationProblem> reload() {
        return keys.reload();
    }

    @Override
    public List<ConfigurationProblem> problems() {
        return keys.problems();
    }

    @Override
    public void close() {
        keys.close();
    }

    @Override
    public String toString() {
        return "jwt[algorithms " + keys.allowedNames() + ", token in the " + (settings.tokenFrom()
                == JwtSettings.TokenFrom.USERNAME ? "user name" : "password") + "]";
    }
}
