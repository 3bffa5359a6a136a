package io.mqttauth.sample;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A test provider named {@code reload-failing} whose reload and problem listing throw, with a message that must not
 * reach a problem or the log. Not listed in {@code META-INF/services}, like {@link RecordingProviderFactory}.
 */
public final class ReloadFailingProviderFactory implements ProviderFactory {

    /** The message of the exceptions thrown, as a secret would be. */
    public static final String MESSAGE = "reload failed with s3cret-in-message";

    @Override
    public String name() {
        return "reload-failing";
    }

    @Override
    public Set<String> keys() {
        return Set.of();
    }

    @Override
    public Provider create(ProviderContext context) {
        Authenticator authenticator = request -> AuthenticationResult.notApplicable("reload-failing");
        return new Provider() {
            @Override
            public Optional<Authenticator> authenticator() {
                return Optional.of(authenticator);
            }

            @Override
            public List<ConfigurationProblem> reload() {
                throw new IllegalStateException(MESSAGE);
            }

            @Override
            public List<ConfigurationProblem> problems() {
                throw new IllegalStateException(MESSAGE);
            }
        };
    }
}
