package io.mqttauth.passwordfile;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.MqttVersion;
import io.mqttauth.spi.ProviderContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared helpers: fixture files, providers over temporary files, connect requests. */
final class Fixtures {

    private Fixtures() {
    }

    /** A classpath resource's bytes. */
    static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** user -> password from a TSV resource (tab-separated, not trimmed). */
    static Map<String, String> users(String tsv) {
        Map<String, String> users = new LinkedHashMap<>();
        for (String line : new String(resource(tsv), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                int tab = line.indexOf('\t');
                users.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return users;
    }

    /** Writes {@code content} to {@code dir/name}. */
    static Path write(Path dir, String name, String content) {
        return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A provider over {@code file} with reload off and the given extra keys (key, value, key, value, ...). */
    static PasswordFileProvider provider(Path file, Kdf kdf, String... keys) {
        return provider(file, kdf, Clock.systemUTC(), keys);
    }

    static PasswordFileProvider provider(Path file, Kdf kdf, Clock clock, String... keys) {
        Map<String, String> config = new HashMap<>();
        config.put("path", file.getFileName().toString());
        config.put("reload", "off");
        for (int i = 0; i < keys.length; i += 2) {
            config.put(keys[i], keys[i + 1]);
        }
        return PasswordFileProviderFactory.create(
                ProviderContext.of("password-file", config, file.getParent(), clock, () -> { }), kdf);
    }

    static ConnectRequest connect(String username, String password) {
        return connect(username, password == null ? null : password.getBytes(StandardCharsets.UTF_8));
    }

    static ConnectRequest connect(String username, byte[] password) {
        return ConnectRequest.builder("client-1").username(username).password(password)
                .mqttVersion(MqttVersion.V5).build();
    }

    /** Whether the result is a success. */
    static boolean accepted(AuthenticationResult result) {
        return result instanceof AuthenticationResult.Success;
    }
}
