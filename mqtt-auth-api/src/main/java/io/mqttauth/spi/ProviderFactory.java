package io.mqttauth.spi;

import io.mqttauth.ConfigurationException;
import java.util.Set;

/**
 * Builds a configured {@link Provider}. Found with {@link java.util.ServiceLoader} and selected by {@link #name()},
 * the name operators write in the {@code authenticators} and {@code authorizers} keys.
 */
public interface ProviderFactory {

    /** The provider's name, such as {@code password-file}; also the prefix of its configuration keys. */
    String name();

    /**
     * The configuration keys this provider understands, without the {@code name + "."} prefix. Any other key with the
     * prefix is rejected at start-up with the list of these. A family of keys, such as the JWT provider's
     * {@code claims.<name>}, is listed as it is documented and accepted by {@link #isKnownKey}.
     */
    Set<String> keys();

    /**
     * Whether {@code key} (without the prefix) is one of this provider's keys. By default, whether {@link #keys()}
     * contains it; a provider with a family of keys such as {@code claims.<name>} overrides this to accept its members.
     */
    default boolean isKnownKey(String key) {
        return keys().contains(key);
    }

    /**
     * Builds the provider from its configuration; reads its files now.
     *
     * @throws ConfigurationException if a key is missing or wrong, or a file is broken (with file and line)
     */
    Provider create(ProviderContext context);
}
