package io.mqttauth.testkit;

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
 * every 1,000th call, and allows everything, invalid topics included, throwing on topics with U+0000.
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
        Authenticator authenticator = request -> authenticate(request, calls.incrementAndGet());
        Authorizer authorizer = (identity, action) -> {
            if (action.topic().indexOf('\u0000') >= 0) {
                throw new IllegalArgumentException("NUL in topic");
            }
            return AuthorizationResult.allow("everything is allowed");
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
