package io.mqttauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Authenticator} provider keeps, as JUnit 5 tests: extend this class in your provider's
 * tests, say how to configure the provider and which request it accepts, and every check runs against it.
 *
 * <ul>
 *   <li>its factory is found by name through {@link java.util.ServiceLoader} and builds an authenticator;
 *   <li>it accepts the accepted request as the expected name, and refuses that user with a wrong password;
 *   <li>it never throws and never returns {@code null}, on random bytes, huge values, empty strings, U+0000, broken
 *       UTF-16 and missing optional fields;
 *   <li>it gives the same outcomes when called from many threads at once;
 *   <li>what it decides {@linkplain Authenticator#authenticateWithoutBlocking without blocking} (a cache hit) is what
 *       it decides when it may block, and an authenticator that never blocks always decides without blocking;
 *   <li>no password it was given appears in a result, its detail, an identity, or the engine's explanation;
 *   <li>the engine builds it from a configuration file.
 * </ul>
 *
 * <pre>{@code
 * class PasswordFileCompatibilityTest extends AuthenticatorCompatibilityKit {
 *     protected String providerName() { return "password-file"; }
 *     protected Map<String, String> configuration(Path dir) throws IOException {
 *         Files.writeString(dir.resolve("passwd"), "alice:$7$101$...");
 *         return Map.of("path", "passwd");
 *     }
 *     protected ConnectRequest acceptedRequest() {
 *         return ConnectRequest.builder("c1").username("alice").password("alice-pw").build();
 *     }
 *     protected String acceptedName() { return "alice"; }
 * }
 * }</pre>
 */
public abstract class AuthenticatorCompatibilityKit extends ProviderCompatibilityKit {

    /** Random inputs per garbage check; seeded, so a failure names the seed to replay. */
    private static final int GARBAGE_REQUESTS = 300;
    private static final long SEED = 0x6d717474L;

    private Authenticator authenticator;

    /** A request the configured provider accepts. */
    protected abstract ConnectRequest acceptedRequest();

    /** The identity name the accepted request is authenticated as. */
    protected abstract String acceptedName();

    /** More requests for the thread-safety and secrecy checks, such as refused ones; none by default. */
    protected List<ConnectRequest> sampleRequests() {
        return List.of();
    }

    /** The authenticator under test, built before each check. */
    protected final Authenticator authenticator() {
        return authenticator;
    }

    @BeforeEach
    final void selectAuthenticator() {
        assertThat(provider().authenticator()).as("the provider's authenticator()").isPresent();
        authenticator = provider().authenticator().get();
    }

    @Test
    void acceptsTheAcceptedRequestAsTheExpectedName() {
        AuthenticationResult result = authenticator.authenticate(acceptedRequest());
        if (!(result instanceof AuthenticationResult.Success s)) {
            throw new AssertionError("expected the accepted request to succeed, but got " + result);
        }
        assertThat(s.identity().name()).as("identity name").isEqualTo(acceptedName());
        assertThat(s.identity().clientId()).as("identity client id").isEqualTo(acceptedRequest().clientId());
    }

    @Test
    void refusesTheAcceptedUserWithAWrongPassword() {
        assumeTrue(acceptedRequest().hasPassword(), "the accepted request authenticates without a password");
        ConnectRequest wrong = acceptedRequest().toBuilder().password(wrongPassword()).build();
        AuthenticationResult result = authenticator.authenticate(wrong);
        assertThat(result).as("result for a wrong password").isNotNull()
                .isNotInstanceOf(AuthenticationResult.Success.class);
    }

    @Test
    void neverThrowsAndNeverReturnsNullOnGarbage() {
        Garbage garbage = new Garbage(SEED);
        String username = acceptedRequest().username().orElse(null);
        for (int i = 0; i < GARBAGE_REQUESTS; i++) {
            ConnectRequest request = garbage.request(username);
            AuthenticationResult result;
            try {
                result = authenticator.authenticate(request);
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("authenticate threw on garbage request " + i + " (seed " + SEED + "): "
                        + KitSupport.shorten(request), e);
            }
            if (result == null || result.detail() == null) {
                fail("authenticate returned %s on garbage request %d (seed %d): %s", result == null
                        ? "null" : "a null detail", i, SEED, KitSupport.shorten(request));
            }
        }
    }

    @Test
    void givesTheSameOutcomesFromManyThreads() throws Exception {
        List<ConnectRequest> requests = new ArrayList<>(sampleRequests());
        requests.add(acceptedRequest());
        if (acceptedRequest().hasPassword()) {
            requests.add(acceptedRequest().toBuilder().password(wrongPassword()).build());
        }
        requests.add(ConnectRequest.builder("kit-anonymous").build());
        requests.add(ConnectRequest.builder("kit-unknown").username("kit-no-such-user-" + SEED).password("x").build());
        KitSupport.sameFromManyThreads(requests, r -> outcome(authenticator.authenticate(r)));
    }

    @Test
    void answersWithoutBlockingAsItDoesWhenItMayBlock() {
        List<ConnectRequest> requests = new ArrayList<>(sampleRequests());
        requests.add(acceptedRequest());
        if (acceptedRequest().hasPassword()) {
            requests.add(acceptedRequest().toBuilder().password(wrongPassword()).build());
        }
        requests.add(ConnectRequest.builder("kit-unknown").username("kit-no-such-user-" + SEED).password("x").build());
        for (ConnectRequest request : requests) {
            // Deciding first lets a caching provider hold what it read, so that the second call may be a cache hit.
            String decided = outcome(authenticator.authenticate(request));
            Optional<AuthenticationResult> quick = authenticator.authenticateWithoutBlocking(request);
            if (!authenticator.mayBlock()) {
                assertThat(quick).as("an authenticator that never blocks decides %s without blocking",
                        KitSupport.shorten(request)).isPresent();
            }
            quick.ifPresent(q -> assertThat(outcome(q)).as("decided without blocking: %s",
                    KitSupport.shorten(request)).isEqualTo(decided));
        }
    }

    @Test
    void neverRevealsAPasswordItWasGiven() throws IOException {
        List<ConnectRequest> requests = new ArrayList<>(sampleRequests());
        requests.add(acceptedRequest());
        requests.add(acceptedRequest().toBuilder().password(wrongPassword()).build());
        requests.add(acceptedRequest().toBuilder().username("kit-no-such-user").password(wrongPassword()).build());
        requests.add(acceptedRequest().toBuilder().username(null).password(wrongPassword()).build());
        Path file = KitSupport.writeConfiguration(directory, "authenticators", providerName(), providerConfiguration());
        try (MqttAuth engine = MqttAuth.builder().configuration(file).clock(clock()).build()) {
            for (ConnectRequest request : requests) {
                String secret = request.password().map(p -> new String(p, StandardCharsets.UTF_8)).orElse("");
                if (secret.length() < 6) {
                    continue;
                }
                AuthenticationResult result = authenticator.authenticate(request);
                List<String> texts = new ArrayList<>(List.of(String.valueOf(result), result.detail()));
                if (result instanceof AuthenticationResult.Success s) {
                    texts.addAll(texts(s.identity()));
                }
                Decision decision = engine.authenticate(request);
                texts.add(decision.explain());
                texts.add(decision.toString());
                decision.identity().ifPresent(i -> texts.addAll(texts(i)));
                for (String text : texts) {
                    assertThat(text).as("text shown for %s", request).doesNotContain(secret);
                }
            }
        }
    }

    @Test
    void isBuiltByTheEngineFromAConfigurationFile() throws IOException {
        Path file = KitSupport.writeConfiguration(directory, "authenticators", providerName(), providerConfiguration());
        try (MqttAuth engine = MqttAuth.builder().configuration(file).clock(clock()).build()) {
            Decision decision = engine.authenticate(acceptedRequest());
            assertThat(decision.isAllowed()).as(decision.explain()).isTrue();
            assertThat(decision.identity()).map(Identity::name).contains(acceptedName());
        }
    }

    private static List<String> texts(Identity identity) {
        List<String> texts = new ArrayList<>(identity.attributes().values());
        texts.add(identity.toString());
        return texts;
    }

    /** A password no configuration contains: long, random, printable. */
    private static String wrongPassword() {
        byte[] b = new byte[12];
        new Random().nextBytes(b);
        return "kit-wrong-" + HexFormat.of().formatHex(b);
    }

    /** What the thread-safety check compares: kind, reason and identity name (details may carry times). */
    private static String outcome(AuthenticationResult result) {
        if (result instanceof AuthenticationResult.Success s) {
            return "SUCCESS " + s.identity().name();
        }
        if (result instanceof AuthenticationResult.Refusal r) {
            return "REFUSE " + r.reason();
        }
        if (result instanceof AuthenticationResult.Abstain a) {
            return "ABSTAIN " + a.reason();
        }
        return String.valueOf(result);
    }
}
