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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test provider named {@code recording} that counts the engine's calls to {@link Provider#reload()} and
 * {@link Provider#close()}, and reports {@code recording.problem} (if set) as the problem of every reload. It is not
 * listed in {@code META-INF/services}: a test that wants it lists it in a class loader of its own.
 */
public final class RecordingProviderFactory implements ProviderFactory {

    /** Calls to reload of every recording provider since the last {@link #reset()}. */
    public static final AtomicInteger RELOADS = new AtomicInteger();

    /** Calls to close of every recording provider since the last {@link #reset()}. */
    public static final AtomicInteger CLOSES = new AtomicInteger();

    /** Sets both counters to zero. */
    public static void reset() {
        RELOADS.set(0);
        CLOSES.set(0);
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public Set<String> keys() {
        return Set.of("problem");
    }

    @Override
    public Provider create(ProviderContext context) {
        List<ConfigurationProblem> problems = context.get("problem")
                .map(p -> List.of(ConfigurationProblem.ofKey("recording.problem", p, "none")))
                .orElse(List.of());
        Authenticator authenticator = request -> AuthenticationResult.notApplicable("recording");
        return new Provider() {
            private volatile List<ConfigurationProblem> current = List.of();

            @Override
            public Optional<Authenticator> authenticator() {
                return Optional.of(authenticator);
            }

            @Override
            public List<ConfigurationProblem> reload() {
                RELOADS.incrementAndGet();
                current = problems;
                return problems;
            }

            @Override
            public List<ConfigurationProblem> problems() {
                return current;
            }

            @Override
            public void close() {
                CLOSES.incrementAndGet();
            }
        };
    }
}
