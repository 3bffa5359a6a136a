package io.mqttauth.sample;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import java.util.Optional;
import java.util.Set;

/** The other of two test providers that share the name {@code twin}; it only authenticates. */
public final class TwinTwoFactory implements ProviderFactory {
    @Override
    public String name() {
        return "twin";
    }

    @Override
    public Set<String> keys() {
        return Set.of();
    }

    @Override
    public Provider create(ProviderContext context) {
        return new Provider() {
            @Override
            public Optional<Authenticator> authenticator() {
                return Optional.of(request -> AuthenticationResult.notApplicable("twin two"));
            }
        };
    }
}
