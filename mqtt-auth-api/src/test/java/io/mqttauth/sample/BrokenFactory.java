package io.mqttauth.sample;

import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import java.util.Set;

/** A test provider that cannot even be instantiated: ServiceLoader reports it as broken. */
public final class BrokenFactory implements ProviderFactory {

    /** Fails, as a factory whose dependencies are missing would. */
    public BrokenFactory() {
        throw new IllegalStateException("BrokenFactory cannot start: missing dependency");
    }

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
        throw new UnsupportedOperationException();
    }
}
