package io.mqttauth.testkit;

import io.mqttauth.Action;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.Authorizer;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider named {@code broken} that breaks the contract on purpose, so that tests can show the kits notice: it
 * puts the password in its refusal detail, throws on a client id longer than 1,000 characters, answers differently
 * every 1,000th call, accepts everyone when asked to decide without blocking, and allows everything (denies
 * everything when asked to decide without blocking), invalid topics included, throwing on topics with U+0000.
 */
public final class BrokenProviderFactory implements ProviderFactory {

    @Override
    public String name() {
        return "broken";
    }

    @Override
    public Set<String> keys() {
        return Set.of();
    }

    @Override
    public Provider create(ProviderContext context) {
        AtomicLong calls = new AtomicLong();
        Authenticator authenticator = new Authenticator() {
            @Override
            public AuthenticationResult authenticate(ConnectRequest request) {
                return BrokenProviderFactory.authenticate(request, calls.incrementAndGet());
            }

            @Override
            public Optional<AuthenticationResult> authenticateWithoutBlocking(ConnectRequest request) {
                return Optional.of(AuthenticationResult.success(Identity.builder("anyone", request).build(),
                        "a stale cache"));
            }
        };
        Authorizer authorizer = new Authorizer() {
            @Override
            public AuthorizationResult authorize(Identity identity, Action action) {
                if (action.topic().indexOf('\u0000') >= 0) {
                    throw new IllegalArgumentException("NUL in topic");
                }
                return AuthorizationResult.allow("everything is allowed");
            }

            @Override
            public Optional<AuthorizationResult> authorizeWithoutBlocking(Identity identity,
                    Action action) {
                return Optional.of(AuthorizationResult.deny(FailureReason.DENIED_BY_RULE, "a stale cache"));
            }
        };
        return new Provider() {
            @Override
            public Optional<Authenticator> authenticator() {
                return Optional.of(authenticator);
            }

            @Override
            public Optional<Authorizer> authorizer() {
                return Optional.of(authorizer);
            }
        };
    }

    private static AuthenticationResult authenticate(ConnectRequest request, long call) {
        if (request.clientId().length() > 1_000) {
            throw new IllegalStateException("client id too long");
        }
        String password = request.password().map(p -> new String(p, StandardCharsets.UTF_8)).orElse("");
        if (call % 1_000 == 0) {
            return AuthenticationResult.notApplicable("tired");
        }
        if ("alice".equals(request.username().orElse(null)) && password.equals("open-sesame")) {
            return AuthenticationResult.success(Identity.builder("alice", request).build(), "ok");
        }
        return AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "expected open-sesame, got " + password);
    }
}
