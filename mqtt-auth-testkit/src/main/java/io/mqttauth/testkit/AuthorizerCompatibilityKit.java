package io.mqttauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Authorizer} provider keeps, as JUnit 5 tests: extend this class in your provider's tests,
 * say how to configure the provider and one action it allows, and every check runs against it.
 *
 * <ul>
 *   <li>its factory is found by name through {@link java.util.ServiceLoader} and builds an authorizer;
 *   <li>it allows the allowed action;
 *   <li>it never throws and never returns {@code null}, on random identities and random actions with odd topics;
 *   <li>it never allows an invalid topic name or filter (a denial with {@link FailureReason#INVALID_TOPIC} or an
 *       abstention are both fine);
 *   <li>it gives the same outcomes when called from many threads at once;
 *   <li>what it decides {@linkplain Authorizer#authorizeWithoutBlocking without blocking} (a cache hit) is what it
 *       decides when it may block, and an authorizer that never blocks always decides without blocking;
 *   <li>none of {@link #secrets()} appears in a result or in the engine's explanation;
 *   <li>the engine builds it from a configuration file.
 * </ul>
 *
 * <pre>{@code
 * class AclCompatibilityTest extends AuthorizerCompatibilityKit {
 *     protected String providerName() { return "acl"; }
 *     protected Map<String, String> configuration(Path dir) throws IOException {
 *         Files.writeString(dir.resolve("acl"), "user alice\ntopic readwrite lab/#\n");
 *         return Map.of("path", "acl");
 *     }
 *     protected Identity allowedIdentity() {
 *         return Identity.builder("alice", "c1").username("alice").build();
 *     }
 *     protected Action allowedAction() { return Action.publish("lab/1"); }
 * }
 * }</pre>
 */
public abstract class AuthorizerCompatibilityKit extends ProviderCompatibilityKit {

    private static final int GARBAGE_IDENTITIES = 40;
    private static final int GARBAGE_ACTIONS = 25;
    private static final long SEED = 0x61636cL;

    private Authorizer authorizer;

    /** An identity that the configured provider allows {@link #allowedAction()}. */
    protected abstract Identity allowedIdentity();

    /** An action that the configured provider allows {@link #allowedIdentity()}. */
    protected abstract Action allowedAction();

    /** More identities for the thread-safety check; none by default. */
    protected List<Identity> sampleIdentities() {
        return List.of();
    }

    /** More actions for the thread-safety check, such as denied ones; none by default. */
    protected List<Action> sampleActions() {
        return List.of();
    }

    /** Strings in the provider's configuration that must never be shown (credentials of a database...); none by default. */
    protected Set<String> secrets() {
        return Set.of();
    }

    /** The authorizer under test, built before each check. */
    protected final Authorizer authorizer() {
        return authorizer;
    }

    @BeforeEach
    final void selectAuthorizer() {
        assertThat(provider().authorizer()).as("the provider's authorizer()").isPresent();
        authorizer = provider().authorizer().get();
    }

    @Test
    void allowsTheAllowedAction() {
        AuthorizationResult result = authorizer.authorize(allowedIdentity(), allowedAction());
        assertThat(result).as("result of %s for %s", allowedAction(), allowedIdentity())
                .isInstanceOf(AuthorizationResult.Allow.class);
    }

    @Test
    void neverThrowsAndNeverReturnsNullOnGarbage() {
        Garbage garbage = new Garbage(SEED);
        List<Identity> identities = new ArrayList<>(Garbage.many(GARBAGE_IDENTITIES, garbage::identity));
        identities.add(allowedIdentity());
        for (int i = 0; i < identities.size(); i++) {
            Identity identity = identities.get(i);
            for (int k = 0; k < GARBAGE_ACTIONS; k++) {
                Action action = garbage.action();
                AuthorizationResult result;
                try {
                    result = authorizer.authorize(identity, action);
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("authorize threw on garbage (seed " + SEED + ", identity " + i
                            + ", action " + k + "): " + KitSupport.shorten(identity) + " "
                            + KitSupport.shorten(action), e);
                }
                if (result == null || result.detail() == null) {
                    fail("authorize returned %s (seed %d): %s %s", result == null ? "null" : "a null detail", SEED,
                            KitSupport.shorten(identity), KitSupport.shorten(action));
                }
            }
        }
    }

    @Test
    void neverAllowsAnInvalidTopic() {
        List<Action> invalid = new ArrayList<>();
        for (String topic : Garbage.invalidTopicNames()) {
            invalid.add(Action.publish(topic));
            invalid.add(Action.receive(topic));
        }
        for (String filter : Garbage.invalidFilters()) {
            invalid.add(Action.subscribe(filter));
        }
        Identity superuser = allowedIdentity().toBuilder().superuser(true).build();
        for (Identity identity : List.of(allowedIdentity(), superuser)) {
            for (Action action : invalid) {
                AuthorizationResult result = authorizer.authorize(identity, action);
                assertThat(result).as("result of %s for %s", KitSupport.shorten(action), identity)
                        .isNotNull().isNotInstanceOf(AuthorizationResult.Allow.class);
                if (result instanceof AuthorizationResult.Deny d) {
                    assertThat(d.reason()).as("reason for %s", KitSupport.shorten(action))
                            .isEqualTo(FailureReason.INVALID_TOPIC);
                }
            }
        }
    }

    @Test
    void givesTheSameOutcomesFromManyThreads() throws Exception {
        List<Identity> identities = new ArrayList<>(sampleIdentities());
        identities.add(allowedIdentity());
        List<Action> actions = new ArrayList<>(sampleActions());
        actions.add(allowedAction());
        actions.add(Action.publish("kit/other/" + SEED));
        actions.add(Action.subscribe("#"));
        actions.add(Action.receive("$SYS/kit"));
        List<Object[]> pairs = new ArrayList<>();
        for (Identity identity : identities) {
            for (Action action : actions) {
                pairs.add(new Object[] {identity, action});
            }
        }
        KitSupport.sameFromManyThreads(pairs, p -> outcome(authorizer.authorize((Identity) p[0], (Action) p[1])));
    }

    @Test
    void answersWithoutBlockingAsItDoesWhenItMayBlock() {
        List<Identity> identities = new ArrayList<>(sampleIdentities());
        identities.add(allowedIdentity());
        List<Action> actions = new ArrayList<>(sampleActions());
        actions.add(allowedAction());
        actions.add(Action.publish("kit/other/" + SEED));
        actions.add(Action.subscribe("#"));
        for (Identity identity : identities) {
            for (Action action : actions) {
                // Deciding first lets a caching provider hold what it read, so that the second call may be a hit.
                String decided = outcome(authorizer.authorize(identity, action));
                Optional<AuthorizationResult> quick = authorizer.authorizeWithoutBlocking(identity, action);
                if (!authorizer.mayBlock()) {
                    assertThat(quick).as("an authorizer that never blocks decides %s without blocking", action)
                            .isPresent();
                }
                quick.ifPresent(q -> assertThat(outcome(q)).as("decided without blocking: %s for %s", action,
                        identity).isEqualTo(decided));
            }
        }
    }

    @Test
    void neverRevealsASecret() throws IOException {
        assertThat(secrets()).as("secrets() to look for").doesNotContainNull();
        List<Action> actions = new ArrayList<>(sampleActions());
        actions.add(allowedAction());
        actions.add(Action.publish("kit/denied/" + SEED));
        Path file = KitSupport.writeConfiguration(directory, "authorizers", providerName(), providerConfiguration());
        try (MqttAuth engine = MqttAuth.builder().configuration(file).clock(clock()).build()) {
            for (Action action : actions) {
                AuthorizationResult result = authorizer.authorize(allowedIdentity(), action);
                Decision decision = engine.authorize(allowedIdentity(), action);
                for (String text : List.of(String.valueOf(result), result.detail(), decision.explain())) {
                    for (String secret : secrets()) {
                        assertThat(text).as("text shown for %s", action).doesNotContain(secret);
                    }
                }
            }
        }
    }

    @Test
    void isBuiltByTheEngineFromAConfigurationFile() throws IOException {
        Path file = KitSupport.writeConfiguration(directory, "authorizers", providerName(), providerConfiguration());
        try (MqttAuth engine = MqttAuth.builder().configuration(file).clock(clock()).build()) {
            Decision decision = engine.authorize(allowedIdentity(), allowedAction());
            assertThat(decision.isAllowed()).as(decision.explain()).isTrue();
            assertThat(decision.provider()).isEqualTo(providerName());
        }
    }

    /** What the thread-safety check compares: kind and reason (details may carry times). */
    private static String outcome(AuthorizationResult result) {
        if (result instanceof AuthorizationResult.Deny d) {
            return "DENY " + d.reason();
        }
        return result == null ? "null" : result.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }
}
