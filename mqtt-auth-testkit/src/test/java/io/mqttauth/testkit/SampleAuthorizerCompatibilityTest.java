package io.mqttauth.testkit;

import io.mqttauth.Action;
import io.mqttauth.Identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The sample provider's authorizer passes the authorizer compatibility kit. */
class SampleAuthorizerCompatibilityTest extends AuthorizerCompatibilityKit {

    @Override
    protected String providerName() {
        return "sample";
    }

    @Override
    protected Map<String, String> configuration(Path directory) throws IOException {
        Files.writeString(directory.resolve("rules"), "alice publish lab/#\nalice subscribe news/+\n");
        return Map.of("rules", "rules");
    }

    @Override
    protected Identity allowedIdentity() {
        return Identity.builder("alice", "c1").username("alice").build();
    }

    @Override
    protected Action allowedAction() {
        return Action.publish("lab/1/temp");
    }

    @Override
    protected List<Action> sampleActions() {
        return List.of(Action.subscribe("news/today"), Action.subscribe("news/#"), Action.receive("lab/1"));
    }
}
