package io.mqttauth.sample;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import java.util.Optional;
import java.util.Set;

/**
 * A test provider named {@code close-failing} whose close throws. Not listed in {@code META-INF/services}, like
 * {@link RecordingProviderFactory}.
 */
public final class CloseFailingProviderFactory implements ProviderFactory {

    @Override
    public String name() {
        return "close-failing";
    }

    @Override
    public Set<String> keys() {
        return Set.of();
    }

    @Override
    public Provider create(ProviderContext context) {
        Authenticator authenticator = request -> AuthenticationResult.notApplicable("close-failing");
        return new Provider() {
            @Override
            public Optional<Authenticator> authenticator() {
                return Optional.of(authenticator);
            }

            @Override
            public void close() {
                throw new IllegalStateException("close failed");
            }
        };
    }
}
