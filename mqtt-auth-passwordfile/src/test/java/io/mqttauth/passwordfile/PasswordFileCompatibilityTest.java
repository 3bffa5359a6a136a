package io.mqttauth.passwordfile;

import io.mqttauth.ConnectRequest;
import io.mqttauth.MqttVersion;
import io.mqttauth.testkit.AuthenticatorCompatibilityKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The test kit's authenticator contract, run against the password-file provider on the conformance file. */
class PasswordFileCompatibilityTest extends AuthenticatorCompatibilityKit {

    @Override
    protected String providerName() {
        return "password-file";
    }

    @Override
    protected Map<String, String> configuration(Path directory) throws IOException {
        Files.write(directory.resolve("passwd"), Fixtures.resource("mosquitto-2.0.11/passwd"));
        return Map.of("path", "passwd", "reload", "off", "cache", "on");
    }

    @Override
    protected ConnectRequest acceptedRequest() {
        return ConnectRequest.builder("c1").username("zoe").password("zoe-pw").mqttVersion(MqttVersion.V5).build();
    }

    @Override
    protected String acceptedName() {
        return "zoe";
    }

    @Override
    protected List<ConnectRequest> sampleRequests() {
        return List.of(
                ConnectRequest.builder("c2").username("yuri").password("not-yuri-pw").build(),
                ConnectRequest.builder("c3").username("nobody").password("nobody-pw").build(),
                ConnectRequest.builder("c4").username("xena").build());
    }
}
