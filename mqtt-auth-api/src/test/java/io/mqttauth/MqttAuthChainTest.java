package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The authentication and authorization chains of {@link MqttAuth}. */
class MqttAuthChainTest {

    static final ConnectRequest ALICE = ConnectRequest.builder("c-alice").username("alice").password("pw").build();
    static final ConnectRequest ANONYMOUS = ConnectRequest.builder("c-anon").build();

    static Authenticator succeeds(String name) {
        return r -> AuthenticationResult.success(Identity.builder(name, r).build(), "accepted " + name);
    }

    static Authenticator abstains() {
        return r -> AuthenticationResult.notApplicable("not my kind");
    }

    static Authenticator doesNotKnow() {
        return r -> AuthenticationResult.unknown(FailureReason.NO_CREDENTIALS_FOUND, "user not in my file");
    }

    static Identity identity(String name) {
        return Identity.builder(name, "c-" + name).username(name).build();
    }

    @Nested
    class Authentication {

        @Test
        void authenticatorsRunInOrderAndTheFirstSuccessEndsTheChain() {
            List<String> calls = new ArrayList<>();
            MqttAuth auth = MqttAuth.builder()
                    .authenticator("a", r -> { calls.add("a"); return AuthenticationResult.notApplicable("a: no"); })
                    .authenticator("b", r -> { calls.add("b"); return succeeds("alice").authenticate(r); })
                    .authenticator("c", r -> { calls.add("c"); return succeeds("mallory").authenticate(r); })
                    .build();
            Decision d = auth.authenticate(ALICE);
            assertThat(calls).containsExactly("a", "b");
            assertThat(d.isAllowed()).isTrue();
            assertThat(d.provider()).isEqualTo("b");
            assertThat(d.identity().orElseThrow().name()).isEqualTo("alice");
            assertThat(d.identity().orElseThrow().provider()).as("the engine names the provider").isEqualTo("b");
            assertThat(d.trail()).extracting(Decision.Step::provider, Decision.Step::verdict)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "ABSTAIN"),
                            org.assertj.core.groups.Tuple.tuple("b", "SUCCESS"));
            assertThat(d.codes()).isEqualTo(new ReasonCodes(0, 0));
        }

        @Test
        void theFirstRefusalEndsTheChain() {
            Authenticator later = mock(Authenticator.class);
            MqttAuth auth = MqttAuth.builder()
                    .authenticator("a", abstains())
                    .authenticator("b", r -> AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "wrong"))
                    .authenticator("c", later)
                    .build();
            Decision d = auth.authenticate(ALICE);
            assertThat(d.isAllowed()).isFalse();
            assertThat(d.reason()).contains(FailureReason.PASSWORD_MISMATCH);
            assertThat(d.provider()).isEqualTo("b");
            assertThat(d.codeFor(MqttVersion.V5)).isEqualTo(0x87);
            assertThat(d.codeFor(MqttVersion.V3_1_1)).isEqualTo(5);
            verify(later, never()).authenticate(any());
        }

        @Test
        void allAbstainingReportsTheMostSpecificReasonSeen() {
            MqttAuth auth = MqttAuth.builder()
                    .authenticator("certs", abstains())
                    .authenticator("passwd", doesNotKnow())
                    .authenticator("tokens", abstains())
                    .build();
            Decision d = auth.authenticate(ALICE);
            assertThat(d.reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(d.provider()).isEqualTo("passwd");
            assertThat(d.detail()).isEqualTo("user not in my file");
            assertThat(d.trail()).extracting(Decision.Step::verdict).containsExactly("ABSTAIN", "ABSTAIN", "ABSTAIN");
        }

        @ParameterizedTest
        @CsvSource({"true", "false"})
        void anUnknownUsersReasonBeatsANotApplicableReasonInEitherOrder(boolean tokensFirst) {
            Authenticator tokens = r -> AuthenticationResult.notApplicable(FailureReason.TOKEN_MALFORMED, "not a JWT");
            MqttAuth.Builder builder = MqttAuth.builder();
            if (tokensFirst) {
                builder.authenticator("tokens", tokens).authenticator("passwd", doesNotKnow());
            } else {
                builder.authenticator("passwd", doesNotKnow()).authenticator("tokens", tokens);
            }
            Decision d = builder.build().authenticate(ALICE);
            assertThat(d.reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(d.provider()).isEqualTo("passwd");
            assertThat(d.detail()).isEqualTo("user not in my file");
            assertThat(d.trail()).extracting(Decision.Step::reason).contains(FailureReason.TOKEN_MALFORMED);
        }

        @Test
        void amongReasonsOfTheSameKindTheFirstStands() {
            Decision notApplicable = MqttAuth.builder()
                    .authenticator("certs", r -> AuthenticationResult.notApplicable(
                            FailureReason.NO_CLIENT_CERTIFICATE, "no certificate"))
                    .authenticator("tokens", r -> AuthenticationResult.notApplicable(
                            FailureReason.TOKEN_MALFORMED, "not a JWT"))
                    .build().authenticate(ALICE);
            assertThat(notApplicable.reason()).contains(FailureReason.NO_CLIENT_CERTIFICATE);
            assertThat(notApplicable.provider()).isEqualTo("certs");

            Decision unknown = MqttAuth.builder()
                    .authenticator("passwd", doesNotKnow())
                    .authenticator("db", r -> AuthenticationResult.unknown(FailureReason.TOKEN_UNKNOWN_KEY, "other"))
                    .build().authenticate(ALICE);
            assertThat(unknown.reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(unknown.provider()).isEqualTo("passwd");
        }

        @Test
        void anAbstentionThatRecognizedTheCredentialsNeedsAReason() {
            assertThat(new AuthenticationResult.Abstain(null, "d", false).recognized()).isFalse();
            assertThat(AuthenticationResult.unknown(FailureReason.NO_CREDENTIALS_FOUND, "d"))
                    .isEqualTo(new AuthenticationResult.Abstain(FailureReason.NO_CREDENTIALS_FOUND, "d", true));
            assertThat(AuthenticationResult.notApplicable(FailureReason.TOKEN_MALFORMED, "d"))
                    .isEqualTo(new AuthenticationResult.Abstain(FailureReason.TOKEN_MALFORMED, "d", false));
            assertThatThrownBy(() -> new AuthenticationResult.Abstain(null, "d", true))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void anUnknownUserIsNoCredentialsFoundEvenWhenNoProviderGivesAReason() {
            Decision d = MqttAuth.builder().authenticator("a", abstains()).build().authenticate(ALICE);
            assertThat(d.reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(d.detail()).contains("no authenticator knows user \"alice\"");

            Decision none = MqttAuth.builder().build().authenticate(ALICE);
            assertThat(none.reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(none.detail()).contains("no authenticators are configured");
        }

        @Test
        void aProviderThatThrowsIsAnInternalErrorNotAnException() {
            MqttAuth auth = MqttAuth.builder()
                    .authenticator("boom", r -> { throw new IllegalStateException("bug"); })
                    .build();
            Decision d = auth.authenticate(ALICE);
            assertThat(d.reason()).contains(FailureReason.INTERNAL_ERROR);
            assertThat(d.provider()).isEqualTo("boom");
            assertThat(d.detail()).isEqualTo("the provider failed: java.lang.IllegalStateException");
        }

        @Test
        void aProviderThatReturnsNullOrOverflowsTheStackIsAnInternalError() {
            assertThat(MqttAuth.builder().authenticator("null", r -> null).build().authenticate(ALICE).reason())
                    .contains(FailureReason.INTERNAL_ERROR);
            assertThat(MqttAuth.builder().authenticator("deep", r -> { throw new StackOverflowError(); }).build()
                    .authenticate(ALICE).reason()).contains(FailureReason.INTERNAL_ERROR);
        }

        @Test
        void mqtt311PasswordWithoutUsernameIsMalformed() {
            Authenticator unused = mock(Authenticator.class);
            MqttAuth auth = MqttAuth.builder().anonymous(true).authenticator("a", unused).build();
            Decision d = auth.authenticate(ConnectRequest.builder("c").password("pw")
                    .mqttVersion(MqttVersion.V3_1_1).build());
            assertThat(d.reason()).contains(FailureReason.MALFORMED_CREDENTIALS);
            assertThat(d.detail()).contains("[MQTT-3.1.2-22]");
            assertThat(d.codes()).isEqualTo(new ReasonCodes(4, 0x86));
            verify(unused, never()).authenticate(any());
        }

        @Test
        void mqtt5AllowsAPasswordWithoutUsername() {
            MqttAuth auth = MqttAuth.builder().authenticator("a", succeeds("token-subject")).build();
            Decision d = auth.authenticate(ConnectRequest.builder("c").password("jwt").build());
            assertThat(d.isAllowed()).isTrue();
        }

        @Test
        void usernameThatIsNotWellFormedUtf8IsMalformed() {
            MqttAuth auth = MqttAuth.builder().authenticator("a", succeeds("x")).build();
            for (String bad : new String[] {"a\u0000b", "a\ud800", "\udc00"}) {
                Decision d = auth.authenticate(ConnectRequest.builder("c").username(bad).password("p").build());
                assertThat(d.reason()).as(bad).contains(FailureReason.MALFORMED_CREDENTIALS);
            }
        }

        @Test
        void superuserListMarksTheIdentity() {
            MqttAuth auth = MqttAuth.builder().authenticator("a", succeeds("admin")).superusers(Set.of("admin"))
                    .build();
            assertThat(auth.authenticate(ALICE).identity().orElseThrow().isSuperuser()).isTrue();
            MqttAuth other = MqttAuth.builder().authenticator("a", succeeds("alice")).superusers(Set.of("admin"))
                    .build();
            assertThat(other.authenticate(ALICE).identity().orElseThrow().isSuperuser()).isFalse();
        }
    }

    /**
     * The anonymous truth table. Mosquitto 2.0 semantics: a client that sends a user name is always checked, so an
     * unknown user name is refused even with {@code anonymous = allow}; a client that sends none is let in by
     * {@code anonymous = allow} when no authenticator claims it.
     */
    @Nested
    class AnonymousTruthTable {

        @ParameterizedTest(name = "anonymous={0}, username sent={1}, authenticators {2} -> {3}")
        @CsvSource(delimiter = '|', textBlock = """
                allow | false | abstain | ALLOW anonymous
                allow | true  | abstain | NO_CREDENTIALS_FOUND
                allow | false | succeed | ALLOW a
                allow | true  | succeed | ALLOW a
                allow | false | refuse  | PASSWORD_MISMATCH
                allow | true  | refuse  | PASSWORD_MISMATCH
                deny  | false | abstain | ANONYMOUS_NOT_ALLOWED
                deny  | true  | abstain | NO_CREDENTIALS_FOUND
                deny  | false | succeed | ALLOW a
                deny  | true  | succeed | ALLOW a
                deny  | false | refuse  | PASSWORD_MISMATCH
                deny  | true  | refuse  | PASSWORD_MISMATCH
                """)
        void table(String anonymous, boolean usernameSent, String authenticators, String expected) {
            Authenticator a = switch (authenticators) {
                case "abstain" -> r -> r.username().isPresent()
                        ? AuthenticationResult.unknown(FailureReason.NO_CREDENTIALS_FOUND, "unknown user")
                        : AuthenticationResult.notApplicable("no user name");
                case "succeed" -> succeeds("someone");
                default -> r -> AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "wrong password");
            };
            MqttAuth auth = MqttAuth.builder().anonymous(anonymous.equals("allow")).authenticator("a", a).build();
            ConnectRequest request = usernameSent ? ALICE : ANONYMOUS;
            Decision d = auth.authenticate(request);
            if (expected.startsWith("ALLOW")) {
                assertThat(d.isAllowed()).isTrue();
                assertThat(d.provider()).isEqualTo(expected.substring(6));
                assertThat(d.identity().orElseThrow().isAnonymous()).isEqualTo(expected.endsWith("anonymous"));
            } else {
                assertThat(d.isAllowed()).isFalse();
                assertThat(d.reason()).contains(FailureReason.valueOf(expected));
            }
        }

        @Test
        void unknownUsernameIsRefusedEvenWhenAuthenticatorsGiveNoReasonAndAnonymousIsAllowed() {
            MqttAuth auth = MqttAuth.builder().anonymous(true).authenticator("a", abstains()).build();
            assertThat(auth.authenticate(ALICE).reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(MqttAuth.builder().anonymous(true).build().authenticate(ALICE).reason())
                    .contains(FailureReason.NO_CREDENTIALS_FOUND);
        }

        @Test
        void aZeroLengthUsernameIsAnonymousAndAZeroLengthPasswordIsNoneAsInMosquitto() {
            ConnectRequest empty = ConnectRequest.builder("c-empty").username("").password("").build();
            assertThat(empty.isAnonymous()).isTrue();
            assertThat(empty.hasPassword()).isFalse();
            assertThat(MqttAuth.builder().anonymous(true).build().authenticate(empty).isAllowed()).isTrue();
            assertThat(MqttAuth.builder().build().authenticate(empty).reason())
                    .contains(FailureReason.ANONYMOUS_NOT_ALLOWED);
            assertThat(ConnectRequest.builder("c").username("u").password(new byte[0]).build().hasPassword())
                    .isFalse();
        }

        @Test
        void theAnonymousIdentityCarriesTheConnectionFacts() {
            Decision d = MqttAuth.builder().anonymous(true).build().authenticate(ANONYMOUS);
            Identity id = d.identity().orElseThrow();
            assertThat(id.isAnonymous()).isTrue();
            assertThat(id.clientId()).isEqualTo("c-anon");
            assertThat(id.username()).isEmpty();
            assertThat(d.provider()).isEqualTo("anonymous");
        }
    }

    @Nested
    class Authorization {

        @Test
        void authorizersRunInOrderAndTheFirstAllowOrDenyEnds() {
            Authorizer last = mock(Authorizer.class);
            MqttAuth auth = MqttAuth.builder()
                    .authorizer("first", (i, a) -> AuthorizationResult.abstain("no rule"))
                    .authorizer("second", (i, a) -> a.topic().startsWith("ok/")
                            ? AuthorizationResult.allow("rule ok/# (acl:3)")
                            : AuthorizationResult.deny(FailureReason.DENIED_BY_RULE, "deny rule (acl:4)"))
                    .authorizer("third", last)
                    .build();
            Decision allowed = auth.authorize(identity("alice"), Action.publish("ok/1"));
            assertThat(allowed.isAllowed()).isTrue();
            assertThat(allowed.provider()).isEqualTo("second");
            assertThat(allowed.detail()).isEqualTo("rule ok/# (acl:3)");
            Decision denied = auth.authorize(identity("alice"), Action.publish("no/1", 1, false));
            assertThat(denied.reason()).contains(FailureReason.DENIED_BY_RULE);
            assertThat(denied.codes()).isEqualTo(new ReasonCodes(0x80, 0x87));
            assertThat(denied.trail()).extracting(Decision.Step::verdict).containsExactly("ABSTAIN", "DENY");
            verify(last, never()).authorize(any(), any());
        }

        @Test
        void whenAllAbstainTheNoMatchPolicyDecides() {
            Authorizer abstain = (i, a) -> AuthorizationResult.abstain("no rule");
            Decision denied = MqttAuth.builder().authorizer("x", abstain).build()
                    .authorize(identity("alice"), Action.subscribe("a/#"));
            assertThat(denied.reason()).contains(FailureReason.NO_MATCHING_RULE);
            assertThat(denied.detail()).contains("authorization.no-match = deny");
            assertThat(denied.codes()).isEqualTo(new ReasonCodes(0x80, 0x87));
            Decision allowed = MqttAuth.builder().authorizer("x", abstain).allowUnmatched(true).build()
                    .authorize(identity("alice"), Action.subscribe("a/#"));
            assertThat(allowed.isAllowed()).isTrue();
            assertThat(allowed.provider()).isEqualTo("no-match");
        }

        @Test
        void superusersSkipAuthorizers() {
            Authorizer authorizer = mock(Authorizer.class);
            Identity admin = identity("admin").toBuilder().superuser(true).build();
            Decision d = MqttAuth.builder().authorizer("acl", authorizer).build()
                    .authorize(admin, Action.publish("anything/at/all"));
            assertThat(d.isAllowed()).isTrue();
            assertThat(d.provider()).isEqualTo("superusers");
            verify(authorizer, never()).authorize(any(), any());
        }

        @Test
        void superusersFromTheListSkipAuthorizersEndToEnd() {
            Authorizer authorizer = mock(Authorizer.class);
            MqttAuth auth = MqttAuth.builder().authenticator("a", succeeds("admin")).superusers(List.of("admin"))
                    .authorizer("acl", authorizer).build();
            Identity admin = auth.authenticate(ALICE).identity().orElseThrow();
            assertThat(auth.authorize(admin, Action.subscribe("#")).isAllowed()).isTrue();
            verify(authorizer, never()).authorize(any(), any());
        }

        @Test
        void superusersStillGetInvalidTopicsRefused() {
            Identity admin = identity("admin").toBuilder().superuser(true).build();
            assertThat(MqttAuth.builder().build().authorize(admin, Action.publish("a/#")).reason())
                    .contains(FailureReason.INVALID_TOPIC);
        }

        @Test
        void identityPermissionsDecideBeforeAuthorizers() {
            Authorizer authorizer = mock(Authorizer.class);
            when(authorizer.authorize(any(), any())).thenReturn(AuthorizationResult.allow("acl allows"));
            Identity id = identity("dev").toBuilder().permissions(List.of(
                    Permission.deny("dev/secret/#", Action.Type.PUBLISH, Action.Type.SUBSCRIBE),
                    Permission.allow("dev/#", Action.Type.PUBLISH, Action.Type.SUBSCRIBE))).build();
            MqttAuth auth = MqttAuth.builder().authorizer("acl", authorizer).build();

            Decision allowed = auth.authorize(id, Action.publish("dev/x"));
            assertThat(allowed.isAllowed()).isTrue();
            assertThat(allowed.provider()).isEqualTo("identity:unknown");
            assertThat(allowed.detail()).contains("allow [PUBLISH, SUBSCRIBE] dev/#");

            Decision denied = auth.authorize(id, Action.publish("dev/secret/key"));
            assertThat(denied.reason()).contains(FailureReason.DENIED_BY_RULE);
            // A deny permission concerns a subscription whose filter intersects it: dev/+/key can match dev/secret/key.
            assertThat(auth.authorize(id, Action.subscribe("dev/+/key")).reason())
                    .contains(FailureReason.DENIED_BY_RULE);
            // An allow permission only grants subscriptions it covers entirely.
            Decision wide = auth.authorize(id, Action.subscribe("other/#"));
            assertThat(wide.provider()).isEqualTo("acl");
            verify(authorizer, never()).authorize(id, Action.publish("dev/x"));
            // RECEIVE is not among the permissions' actions: the authorizer decides.
            assertThat(auth.authorize(id, Action.receive("dev/secret/key")).provider()).isEqualTo("acl");
        }

        @ParameterizedTest
        @EnumSource(Action.Type.class)
        void invalidTopicsAreRefusedBeforeAnyAuthorizer(Action.Type type) {
            Authorizer authorizer = mock(Authorizer.class);
            MqttAuth auth = MqttAuth.builder().authorizer("acl", authorizer).allowUnmatched(true).build();
            String bad = type == Action.Type.SUBSCRIBE ? "a/#/b" : "a/+";
            Decision d = auth.authorize(identity("alice"), new Action(type, bad, 1, false));
            assertThat(d.reason()).contains(FailureReason.INVALID_TOPIC);
            assertThat(d.provider()).isEqualTo("topic");
            // MQTT 5: 0x8F topic filter invalid (SUBACK), 0x90 topic name invalid (PUBACK); 3.1.1 SUBACK 0x80.
            assertThat(d.codes()).isEqualTo(new ReasonCodes(0x80, type == Action.Type.SUBSCRIBE ? 0x8F : 0x90));
            verify(authorizer, never()).authorize(any(), any());
        }

        @Test
        void emptyTopicIsInvalid() {
            Decision d = MqttAuth.builder().allowUnmatched(true).build()
                    .authorize(identity("alice"), Action.publish(""));
            assertThat(d.reason()).contains(FailureReason.INVALID_TOPIC);
        }

        @Test
        void anAuthorizerThatThrowsOrReturnsNullIsAnInternalError() {
            Decision thrown = MqttAuth.builder().authorizer("boom", (i, a) -> { throw new IllegalArgumentException(); })
                    .build().authorize(identity("alice"), Action.publish("a"));
            assertThat(thrown.reason()).contains(FailureReason.INTERNAL_ERROR);
            assertThat(thrown.provider()).isEqualTo("boom");
            Decision none = MqttAuth.builder().authorizer("null", (i, a) -> null).build()
                    .authorize(identity("alice"), Action.publish("a"));
            assertThat(none.reason()).contains(FailureReason.INTERNAL_ERROR);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(textBlock = """
                INTERNAL_ERROR,       0x80
                PROVIDER_UNAVAILABLE, 0x80
                THROTTLED,            0x80
                PASSWORD_MISMATCH,    0x87
                """)
        void aConnectReasonRefusingAnActionIsSentWithAckCodes(FailureReason reason, String mqtt5) {
            Decision d = MqttAuth.builder().authorizer("x", (i, a) -> AuthorizationResult.deny(reason, "odd"))
                    .build().authorize(identity("alice"), Action.subscribe("a"));
            assertThat(d.reason()).contains(reason);
            assertThat(d.codes()).isEqualTo(new ReasonCodes(0x80, Integer.decode(mqtt5)));
        }

        @Test
        void anOperatorsImplementationSpecificCodeForAConnectReasonReachesActionsToo() {
            Decision d = MqttAuth.builder().reasonCodes(FailureReason.INTERNAL_ERROR, ReasonCodes.connack(0x83))
                    .authorizer("boom", (i, a) -> { throw new IllegalStateException(); })
                    .build().authorize(identity("alice"), Action.publish("a"));
            assertThat(d.codes()).isEqualTo(new ReasonCodes(0x80, 0x83));
        }

        @Test
        void theCacheServesRepeatsAndIsDroppedOnReload() {
            AtomicBoolean allow = new AtomicBoolean(true);
            AtomicInteger calls = new AtomicInteger();
            Authorizer flipping = (i, a) -> {
                calls.incrementAndGet();
                return allow.get() ? AuthorizationResult.allow("yes")
                        : AuthorizationResult.deny(FailureReason.DENIED_BY_RULE, "no");
            };
            MqttAuth auth = MqttAuth.builder().authorizer("flip", flipping)
                    .authorizationCache(100, java.time.Duration.ofHours(1)).build();
            Identity alice = identity("alice");
            assertThat(auth.authorize(alice, Action.publish("t")).isAllowed()).isTrue();
            allow.set(false);
            assertThat(auth.authorize(alice, Action.publish("t")).isAllowed()).as("cached").isTrue();
            assertThat(calls).hasValue(1);
            assertThat(auth.reload()).isEmpty();
            assertThat(auth.authorize(alice, Action.publish("t")).isAllowed()).as("after reload").isFalse();
            assertThat(calls).hasValue(2);
        }

        @Test
        void aDecisionComputedWhileAReloadRunsIsNotServedAfterIt() {
            java.util.concurrent.atomic.AtomicReference<MqttAuth> engine = new java.util.concurrent.atomic.AtomicReference<>();
            AtomicInteger calls = new AtomicInteger();
            Authorizer reloadedMidway = (i, a) -> {
                if (calls.incrementAndGet() == 1) {
                    engine.get().reload(); // the rules change while this decision is being made
                    return AuthorizationResult.allow("old rules");
                }
                return AuthorizationResult.deny(FailureReason.DENIED_BY_RULE, "new rules");
            };
            MqttAuth auth = MqttAuth.builder().authorizer("midway", reloadedMidway)
                    .authorizationCache(100, java.time.Duration.ofHours(1)).build();
            engine.set(auth);
            Identity alice = identity("alice");
            assertThat(auth.authorize(alice, Action.publish("t")).isAllowed()).isTrue();
            assertThat(auth.authorize(alice, Action.publish("t")).reason()).contains(FailureReason.DENIED_BY_RULE);
            assertThat(calls).hasValue(2);
        }

        @Test
        void withoutACacheEveryActionAsksTheAuthorizers() {
            AtomicInteger calls = new AtomicInteger();
            MqttAuth auth = MqttAuth.builder()
                    .authorizer("count", (i, a) -> { calls.incrementAndGet(); return AuthorizationResult.allow("ok"); })
                    .build();
            auth.authorize(identity("alice"), Action.publish("t"));
            auth.authorize(identity("alice"), Action.publish("t"));
            assertThat(calls).hasValue(2);
        }
    }

    @Nested
    class Listeners {

        @Test
        void listenersHearEveryDecisionAndAThrowingOneChangesNothing() {
            List<String> heard = new ArrayList<>();
            DecisionListener throwing = new DecisionListener() {
                @Override
                public void connectDecided(ConnectAttempt request, Decision decision) {
                    throw new IllegalStateException("listener bug");
                }

                @Override
                public void actionDecided(Identity identity, Action action, Decision decision) {
                    throw new IllegalStateException("listener bug");
                }
            };
            DecisionListener recording = new DecisionListener() {
                @Override
                public void connectDecided(ConnectAttempt request, Decision decision) {
                    heard.add("connect " + request.clientId() + " " + decision.isAllowed());
                }

                @Override
                public void actionDecided(Identity identity, Action action, Decision decision) {
                    heard.add(action.type() + " " + identity.name() + " " + decision.isAllowed());
                }
            };
            Authenticator namedOnly = r -> r.isAnonymous() ? AuthenticationResult.notApplicable("anonymous")
                    : succeeds("alice").authenticate(r);
            MqttAuth auth = MqttAuth.builder().authenticator("a", namedOnly).allowUnmatched(true)
                    .listener(throwing).listener(recording).build();
            Decision connect = auth.authenticate(ALICE);
            assertThat(connect.isAllowed()).isTrue();
            Decision action = auth.authorize(connect.identity().orElseThrow(), Action.subscribe("x/#"));
            assertThat(action.isAllowed()).isTrue();
            auth.authenticate(ConnectRequest.builder("anon").build());
            assertThat(heard).containsExactly("connect c-alice true", "SUBSCRIBE alice true", "connect anon false");
        }

        @Test
        void listenerDefaultsDoNothing() {
            MqttAuth auth = MqttAuth.builder().listener(new DecisionListener() { }).build();
            assertThat(auth.authenticate(ALICE).isAllowed()).isFalse();
        }
    }
}
