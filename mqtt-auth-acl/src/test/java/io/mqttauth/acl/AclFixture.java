package io.mqttauth.acl;

import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Builds the acl provider the way the engine does (through the public factory) on a file written by the test. */
final class AclFixture {

    private AclFixture() {
    }

    /** Writes {@code content} to {@code dir/acl} and creates the provider with reload off and the given keys. */
    static Provider provider(Path dir, String content, String... keyValues) {
        Path file = dir.resolve("acl");
        write(file, content);
        Map<String, String> config = new HashMap<>();
        config.put("path", file.toString());
        config.put("reload", "off");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return new AclProviderFactory().create(ProviderContext.of("acl", config, dir));
    }

    static Authorizer authorizer(Path dir, String content, String... keyValues) {
        return provider(dir, content, keyValues).authorizer().orElseThrow();
    }

    static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client that logged in as {@code user} (the password file's identity: name = user name). */
    static Identity user(String user, String clientId) {
        ConnectRequest request = ConnectRequest.builder(clientId).username(user).password("x").build();
        return Identity.builder(user, request).provider("password-file").build();
    }

    /** An anonymous client. */
    static Identity anonymous(String clientId) {
        return Identity.anonymous(ConnectRequest.builder(clientId).build());
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static boolean allowed(AuthorizationResult r) {
        return r instanceof AuthorizationResult.Allow;
    }

    static FailureReason reason(AuthorizationResult r) {
        return r instanceof AuthorizationResult.Deny d ? d.reason() : null;
    }

    static Action pub(String topic) {
        return Action.publish(topic);
    }

    static Action recv(String topic) {
        return Action.receive(topic);
    }

    static Action sub(String filter) {
        return Action.subscribe(filter);
    }
}
