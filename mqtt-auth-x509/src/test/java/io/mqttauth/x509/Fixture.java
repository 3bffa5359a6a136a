package io.mqttauth.x509;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConnectRequest;
import io.mqttauth.TlsFacts;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Files in a folder, a clock at {@link TestPki#NOW}, and providers built from keys, as the engine builds them. */
final class Fixture implements AutoCloseable {

    final Path dir;
    final MutableClock clock = new MutableClock(TestPki.NOW);
    final AtomicInteger reloads = new AtomicInteger();
    private Provider provider;

    Fixture(Path dir) {
        this.dir = dir;
    }

    Path write(String name, String content) {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    Path write(String name, byte[] content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds the provider (closing the previous one) from {@code keys} given in pairs, reload off unless given. */
    Provider provider(String... keys) {
        Map<String, String> config = new HashMap<>();
        config.put("reload", "off");
        for (int i = 0; i < keys.length; i += 2) {
            config.put(keys[i], keys[i + 1]);
        }
        close();
        provider = new X509ProviderFactory().create(ProviderContext.of("x509", config, dir, clock,
                reloads::incrementAndGet));
        return provider;
    }

    /** The authenticator of a provider built from {@code keys}. */
    Authenticator authenticator(String... keys) {
        return provider(keys).authenticator().orElseThrow();
    }

    /** A CONNECT over TLS presenting {@code chain}. */
    static ConnectRequest connect(X509Certificate... chain) {
        return ConnectRequest.builder("client-1").tls(new TlsFacts(List.of(chain), null, "TLSv1.3", null)).build();
    }

    /** The result for a CONNECT presenting {@code chain}. */
    static AuthenticationResult authenticate(Authenticator a, X509Certificate... chain) {
        return a.authenticate(connect(chain));
    }

    @Override
    public void close() {
        if (provider != null) {
            provider.close();
            provider = null;
        }
    }
}
