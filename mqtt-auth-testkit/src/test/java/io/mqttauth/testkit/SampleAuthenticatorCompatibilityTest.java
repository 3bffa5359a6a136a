package io.mqttauth.testkit;

import io.mqttauth.ConnectRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The sample provider's authenticator passes the authenticator compatibility kit. */
class SampleAuthenticatorCompatibilityTest extends AuthenticatorCompatibilityKit {

    @Override
    protected String providerName() {
        return "sample";
    }

    @Override
    protected Map<String, String> configuration(Path directory) throws IOException {
        Files.writeString(directory.resolve("users"), "alice:alice-secret\nbob:bob-secret-2\n");
        return Map.of("users", "users");
    }

    @Override
    protected ConnectRequest acceptedRequest() {
        return ConnectRequest.builder("c1").username("alice").password("alice-secret").build();
    }

    @Override
    protected String acceptedName() {
        return "alice";
    }

    @Override
    protected List<ConnectRequest> sampleRequests() {
        return List.of(ConnectRequest.builder("c2").username("bob").password("bob-secret-2").build(),
                ConnectRequest.builder("c3").username("bob").build());
    }
}
