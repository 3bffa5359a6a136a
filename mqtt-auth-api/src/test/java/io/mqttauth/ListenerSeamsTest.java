package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What metrics attach to: {@link MqttAuth#addListener} on an engine already built, and the time each provider took
 * ({@link DecisionListener#authenticatorTimed}, {@link DecisionListener#authorizerTimed}), told before the decision.
 */
class ListenerSeamsTest {

    /** Records every call, in order, as text. */
    static final class Recording implements DecisionListener {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void connectDecided(ConnectAttempt attempt, Decision decision) {
            calls.add("connect " + attempt.clientId() + " " + (decision.isAllowed() ? "ALLOW" : decision.reason()
                    .orElseThrow()));
        }

        @Override
        public void actionDecided(Identity identity, Action action, Decision decision) {
            calls.add("action " + action.topic() + " " + (decision.isAllowed() ? "ALLOW" : decision.reason()
                    .orElseThrow()));
        }

        @Override
        public void authenticatorTimed(String provider, long nanos) {
            calls.add("authenticator " + provider + (nanos >= 0 ? "" : " negative"));
        }

        @Override
        public void authorizerTimed(String provider, long nanos) {
            calls.add("authorizer " + provider + (nanos >= 0 ? "" : " negative"));
        }
    }

    private static MqttAuth engine() {
        return MqttAuth.builder()
                .authenticator("abstains", r -> AuthenticationResult.notApplicable("not mine"))
                .authenticator("users", r -> "alice".equals(r.username().orElse(null))
                        ? AuthenticationResult.success(Identity.builder("alice", r).build(), "known")
                        : AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "wrong"))
                .authorizer("rules", (i, a) -> a.topic().startsWith("ok/") ? AuthorizationResult.allow("rule")
                        : AuthorizationResult.abstain("no rule"))
                .authorizer("fails", (i, a) -> {
                    throw new IllegalStateException("broken");
                })
                .superusers(List.of("root"))
                .build();
    }

    @Test
    void aListenerAddedAfterBuildIsToldOfLaterDecisionsOnly() {
        try (MqttAuth auth = engine()) {
            auth.authenticate(ConnectRequest.builder("before").username("alice").build());
            Recording late = new Recording();
            auth.addListener(late);
            auth.authenticate(ConnectRequest.builder("after").username("mallory").build());
            assertThat(late.calls).containsExactly("authenticator abstains", "authenticator users",
                    "connect after PASSWORD_MISMATCH");
        }
    }

    @Test
    void listenersAddedLaterAreToldAfterTheBuildersInOrder() {
        Recording first = new Recording();
        List<String> order = new CopyOnWriteArrayList<>();
        try (MqttAuth auth = MqttAuth.builder().anonymous(true).listener(new DecisionListener() {
            @Override
            public void connectDecided(ConnectAttempt attempt, Decision decision) {
                order.add("builder");
            }
        }).build()) {
            auth.addListener(first);
            auth.addListener(new DecisionListener() {
                @Override
                public void connectDecided(ConnectAttempt attempt, Decision decision) {
                    order.add("second");
                }
            });
            auth.addListener(new DecisionListener() {
                @Override
                public void connectDecided(ConnectAttempt attempt, Decision decision) {
                    order.add("third:" + first.calls.size());
                }
            });
            auth.authenticate(ConnectRequest.builder("c").build());
            assertThat(order).containsExactly("builder", "second", "third:1");
        }
    }

    @Test
    void eachAuthorizerAskedIsTimedBeforeTheDecisionEvenWhenItFails() {
        Recording recording = new Recording();
        try (MqttAuth auth = engine()) {
            auth.addListener(recording);
            Identity alice = Identity.builder("alice", "c").build();
            auth.authorize(alice, Action.publish("ok/1"));
            auth.authorize(alice, Action.publish("other"));
            assertThat(recording.calls).containsExactly(
                    "authorizer rules", "action ok/1 ALLOW",
                    "authorizer rules", "authorizer fails", "action other INTERNAL_ERROR");
        }
    }

    @Test
    void decisionsMadeWithoutProvidersAreNotTimed() {
        Recording recording = new Recording();
        try (MqttAuth auth = engine()) {
            auth.addListener(recording);
            auth.authorize(Identity.builder("root", "c").superuser(true).build(), Action.publish("x"));
            auth.authorize(Identity.builder("alice", "c").build(), Action.publish("bad/#"));
            auth.authenticate(ConnectRequest.builder("c").username("a\u0000").build());
            assertThat(recording.calls).containsExactly("action x ALLOW", "action bad/# INVALID_TOPIC",
                    "connect c MALFORMED_CREDENTIALS");
        }
    }

    @Test
    void aListenerThatThrowsOnTimingDoesNotChangeTheDecision() {
        try (MqttAuth auth = engine()) {
            auth.addListener(new DecisionListener() {
                @Override
                public void authenticatorTimed(String provider, long nanos) {
                    throw new IllegalStateException("metrics broken");
                }
            });
            assertThat(auth.authenticate(ConnectRequest.builder("c").username("alice").build()).isAllowed())
                    .isTrue();
        }
    }
}
