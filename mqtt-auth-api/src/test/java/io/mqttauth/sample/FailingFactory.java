package io.mqttauth.sample;

import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import java.util.Set;

/** A test provider that loads but fails with an unexpected exception when created. */
public final class FailingFactory implements ProviderFactory {
    @Override
    public String name() {
        return "failing";
    }

    @Override
    public Set<String> keys() {
        return Set.of();
    }

    @Override
    public Provider create(ProviderContext context) {
        throw new IllegalStateException("unexpected");
    }
}
