package io.mqttauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What both compatibility kits share: the provider's factory is found by name through {@link java.util.ServiceLoader},
 * and the provider is built from its configuration in a fresh folder before each check and closed after it. Extend
 * {@link AuthenticatorCompatibilityKit} or {@link AuthorizerCompatibilityKit}, not this class.
 */
public abstract class ProviderCompatibilityKit {

    /** A fresh folder for the provider's files; relative paths in the configuration resolve against it. */
    @TempDir
    protected Path directory;

    private Map<String, String> configuration;
    private Provider provider;

    ProviderCompatibilityKit() {
    }

    /** The provider's name, as in {@code authenticators = NAME} or {@code authorizers = NAME}. */
    protected abstract String providerName();

    /**
     * Writes the files the provider needs into {@code directory} and returns its configuration keys without the
     * {@code name.} prefix; relative paths resolve against {@code directory}.
     */
    protected abstract Map<String, String> configuration(Path directory) throws IOException;

    /** The clock the provider gets; the system clock by default (override with a fixed clock for tokens). */
    protected Clock clock() {
        return Clock.systemUTC();
    }

    /** The provider under test, built before each check. */
    protected final Provider provider() {
        return provider;
    }

    /** The configuration keys the provider under test was built from. */
    protected final Map<String, String> providerConfiguration() {
        return configuration;
    }

    @BeforeEach
    final void createProvider() throws IOException {
        configuration = configuration(directory);
        provider = KitSupport.find(providerName())
                .create(ProviderContext.of(providerName(), configuration, directory, clock(), () -> { }));
        assertThat(provider).as("the provider built by the factory").isNotNull();
    }

    @AfterEach
    final void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void factoryIsFoundByNameAndDeclaresItsKeys() {
        var factory = KitSupport.find(providerName());
        assertThat(factory.keys()).as("keys()").isNotNull().doesNotContainNull();
        assertThat(configuration.keySet()).as("keys the configuration uses, each accepted by isKnownKey()")
                .allMatch(factory::isKnownKey);
    }
}
