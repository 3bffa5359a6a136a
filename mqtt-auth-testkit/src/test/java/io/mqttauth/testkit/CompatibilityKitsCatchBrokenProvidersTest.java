package io.mqttauth.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.test;

import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The kits fail for providers that break the contract: one that shows the password, throws on odd input and is not
 * thread-safe ({@code broken}), and one that allows invalid topics ({@code broken}'s authorizer). The kits run here
 * through the JUnit Platform test kit, so their failures are observed rather than reported.
 */
class CompatibilityKitsCatchBrokenProvidersTest {

    private static Events run(Class<?> kit) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute().testEvents();
    }

    @Test
    void authenticatorKitFailsABrokenAuthenticator() {
        Events events = run(BrokenAuthenticatorKit.class);
        events.assertThatEvents()
                .haveExactly(1, event(test("neverRevealsAPasswordItWasGiven"), finishedWithFailure()))
                .haveExactly(1, event(test("neverThrowsAndNeverReturnsNullOnGarbage"), finishedWithFailure()))
                .haveExactly(1, event(test("givesTheSameOutcomesFromManyThreads"), finishedWithFailure()))
                .haveExactly(1, event(test("answersWithoutBlockingAsItDoesWhenItMayBlock"), finishedWithFailure()))
                .haveExactly(1, event(test("acceptsTheAcceptedRequestAsTheExpectedName"), finishedSuccessfully()));
    }

    @Test
    void authorizerKitFailsABrokenAuthorizer() {
        Events events = run(BrokenAuthorizerKit.class);
        events.assertThatEvents()
                .haveExactly(1, event(test("neverAllowsAnInvalidTopic"), finishedWithFailure()))
                .haveExactly(1, event(test("neverThrowsAndNeverReturnsNullOnGarbage"), finishedWithFailure()))
                .haveExactly(1, event(test("answersWithoutBlockingAsItDoesWhenItMayBlock"), finishedWithFailure()))
                .haveExactly(1, event(test("allowsTheAllowedAction"), finishedSuccessfully()));
    }

    @Test
    void kitsFailAProviderThatServiceLoaderCannotFind() {
        run(MissingProviderKit.class).assertThatEvents()
                .haveExactly(1, event(test("factoryIsFoundByNameAndDeclaresItsKeys"), finishedWithFailure()));
    }

    /** The authenticator kit on the broken provider; run only through {@link EngineTestKit}. */
    static class BrokenAuthenticatorKit extends AuthenticatorCompatibilityKit {
        @Override
        protected String providerName() {
            return "broken";
        }

        @Override
        protected Map<String, String> configuration(Path directory) {
            return Map.of();
        }

        @Override
        protected ConnectRequest acceptedRequest() {
            return ConnectRequest.builder("c1").username("alice").password("open-sesame").build();
        }

        @Override
        protected String acceptedName() {
            return "alice";
        }
    }

    /** The authorizer kit on the broken provider; run only through {@link EngineTestKit}. */
    static class BrokenAuthorizerKit extends AuthorizerCompatibilityKit {
        @Override
        protected String providerName() {
            return "broken";
        }

        @Override
        protected Map<String, String> configuration(Path directory) throws IOException {
            Files.writeString(directory.resolve("unused"), "");
            return Map.of();
        }

        @Override
        protected Identity allowedIdentity() {
            return Identity.builder("alice", "c1").build();
        }

        @Override
        protected Action allowedAction() {
            return Action.publish("a/b");
        }
    }

    /** The authorizer kit on a provider that is not on the class path. */
    static class MissingProviderKit extends BrokenAuthorizerKit {
        @Override
        protected String providerName() {
            return "no-such-provider";
        }
    }
}
