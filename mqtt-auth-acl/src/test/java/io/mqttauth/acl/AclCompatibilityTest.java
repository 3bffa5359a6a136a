package io.mqttauth.acl;

import io.mqttauth.Action;
import io.mqttauth.Identity;
import io.mqttauth.testkit.AuthorizerCompatibilityKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The test kit's authorizer contract, run against the acl provider with a Mosquitto file using every feature. */
class AclCompatibilityTest extends AuthorizerCompatibilityKit {

    @Override
    protected String providerName() {
        return "acl";
    }

    @Override
    protected Map<String, String> configuration(Path directory) throws IOException {
        Files.writeString(directory.resolve("acl"), MosquittoSemanticsTest.ACL3);
        return Map.of("path", "acl", "reload", "off");
    }

    @Override
    protected Identity allowedIdentity() {
        return AclFixture.user("alice", "a");
    }

    @Override
    protected Action allowedAction() {
        return Action.publish("alice/x");
    }

    @Override
    protected List<Identity> sampleIdentities() {
        return List.of(AclFixture.user("dave", "d"), AclFixture.user("carol", "c+d"), AclFixture.anonymous("cid1"));
    }

    @Override
    protected List<Action> sampleActions() {
        return List.of(Action.publish("alice/secret/x"), Action.receive("users/carol/x"), Action.subscribe("#"),
                Action.publish("$SYS/x"), Action.publish("clients/cid1/x"));
    }
}
