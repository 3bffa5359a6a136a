package io.mqttauth.examples.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import io.mqttauth.Action;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.DecisionListener;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import io.mqttauth.TlsFacts;
import io.mqttauth.UnauthorizedClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HiveMQ wrapper in a real embedded HiveMQ CE, driven by a real MQTT client over TCP and TLS, with default options
 * (generic reason strings, denied publishes acknowledged as Mosquitto does). The engine uses in-test authenticator and
 * authorizer so that each code path is reached on purpose.
 */
class HiveMqWrapperTest {

    private static final Map<String, String> PASSWORDS = Map.of(
            "alice", "alice-pw", "bob", "bob-pw", "root", "root-pw", "brief", "brief-pw",
            "expired", "expired-pw");
    private static final String SNI = "mqtt.test.local";

    /** Every denied delivery, as "client-id topic". */
    private static final Set<String> DENIED_RECEIVES = ConcurrentHashMap.newKeySet();
    /** Every connect the authenticator saw, by client id. */
    private static final Map<String, ConnectRequest> SEEN = new ConcurrentHashMap<>();
    /** The thread each client id's connect was decided on. */
    private static final Map<String, String> THREADS = new ConcurrentHashMap<>();

    @TempDir
    static Path tmp;
    private static MqttAuth auth;
    private static EmbeddedBroker broker;
    private static int tcpPort;
    private static int tlsPort;
    private static TestPki.Issued ca;
    private static KeyStore clientKeys;
    private static KeyStore trust;
    private static TestPki.Issued clientLeaf;

    @BeforeAll
    static void start() throws Exception {
        ca = TestPki.ca("Test CA");
        TestPki.Issued server = TestPki.leaf(ca, "broker", SNI);
        clientLeaf = TestPki.leaf(ca, "device-42", null);
        clientKeys = TestPki.keyStore(clientLeaf, ca);
        trust = TestPki.trustStore(ca.certificate());
        Path serverStore = TestPki.write(TestPki.keyStore(server, ca), tmp.resolve("server.p12"));
        Path trustStore = TestPki.write(trust, tmp.resolve("trust.p12"));

        auth = MqttAuth.builder()
                .authenticator("test", HiveMqWrapperTest::authenticate)
                .authorizer("test", HiveMqWrapperTest::authorize)
                .superusers(Set.of("root"))
                .listener(new DecisionListener() {
                    @Override
                    public void actionDecided(Identity identity, Action action, Decision decision) {
                        if (action.type() == Action.Type.RECEIVE && !decision.isAllowed()) {
                            DENIED_RECEIVES.add(identity.clientId() + " " + action.topic());
                        }
                    }
                })
                .build();
        tcpPort = Mqtt.freePort();
        tlsPort = Mqtt.freePort();
        broker = EmbeddedBroker.builder(new MqttAuthHiveMq(auth, HiveMqOptions.defaults()))
                .tcp("tcp", "127.0.0.1", tcpPort)
                .tls(new EmbeddedBroker.TlsListener("tls", "127.0.0.1", tlsPort, serverStore, "changeit",
                        trustStore, "changeit", EmbeddedBroker.ClientAuthentication.OPTIONAL))
                .start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    private static AuthenticationResult authenticate(ConnectRequest request) {
        SEEN.put(request.clientId(), request);
        THREADS.put(request.clientId(), Thread.currentThread().getName());
        if (request.clientId().startsWith("tls-")) {
            return request.tls().filter(TlsFacts::hasPeerCertificate)
                    .map(t -> AuthenticationResult.success(Identity.builder(
                            t.peerCertificates().get(0).getSubjectX500Principal().getName(), request).build(), "cert"))
                    .orElse(AuthenticationResult.refuse(FailureReason.NO_CLIENT_CERTIFICATE, "no client certificate"));
        }
        String user = request.username().orElse(null);
        if (user == null) {
            return AuthenticationResult.notApplicable("no user name");
        }
        if (user.equals("banned")) {
            return AuthenticationResult.refuse(FailureReason.BANNED, "on the test ban list");
        }
        if (user.equals("malformed")) {
            return AuthenticationResult.refuse(FailureReason.MALFORMED_CREDENTIALS, "test");
        }
        String expected = PASSWORDS.get(user);
        if (expected == null) {
            return AuthenticationResult.unknown(FailureReason.NO_CREDENTIALS_FOUND, "unknown user " + user);
        }
        byte[] given = request.password().orElse(null);
        if (given == null) {
            return AuthenticationResult.refuse(FailureReason.NO_PASSWORD, "no password");
        }
        boolean match = MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8));
        ConnectRequest.clear(given);
        if (!match) {
            return AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "wrong password for " + user);
        }
        Identity.Builder identity = Identity.builder(user, request);
        if (user.equals("brief")) {
            identity.expiresAt(Instant.now().plusMillis(500));
        } else if (user.equals("expired")) {
            identity.expiresAt(Instant.now().minusSeconds(1));
        }
        return AuthenticationResult.success(identity.build(), "password matches");
    }

    /** open/# for everyone, own/USER/# for each user; nobody receives open/secret. */
    private static AuthorizationResult authorize(Identity identity, Action action) {
        String topic = action.topic();
        if (action.type() == Action.Type.RECEIVE) {
            return topic.equals("open/secret")
                    ? AuthorizationResult.deny(FailureReason.DENIED_BY_RULE, "open/secret is never delivered")
                    : AuthorizationResult.allow("receive");
        }
        if (topic.startsWith("open/") || topic.startsWith("own/" + identity.name() + "/")) {
            return AuthorizationResult.allow("test rule");
        }
        return AuthorizationResult.deny(FailureReason.DENIED_BY_RULE, "test rule denies " + topic);
    }

    @Test
    void mqtt5ConnackCodesAreTheDecisionsCodes() {
        assertThat(connect5("c5-ok", "alice", "alice-pw")).isEqualTo(0x00);
        assertThat(connect5("c5-pw", "alice", "wrong")).isEqualTo(0x87);
        assertThat(connect5("c5-unknown", "nobody", "x")).isEqualTo(0x87);
        assertThat(connect5("c5-nopw", "alice", null)).isEqualTo(0x87);
        assertThat(connect5("c5-anon", null, null)).isEqualTo(0x87);
        assertThat(connect5("c5-banned", "banned", "x")).isEqualTo(0x8A);
        assertThat(connect5("c5-malformed", "malformed", "x")).isEqualTo(0x86);
    }

    @Test
    void mqtt311ReturnCodesAreTheDecisionsCodes() {
        assertThat(connect3("c3-ok", "alice", "alice-pw")).isEqualTo(0);
        assertThat(connect3("c3-pw", "alice", "wrong")).isEqualTo(5);
        assertThat(connect3("c3-unknown", "nobody", "x")).isEqualTo(5);
        assertThat(connect3("c3-anon", null, null)).isEqualTo(5);
        assertThat(connect3("c3-banned", "banned", "x")).isEqualTo(5);
        assertThat(connect3("c3-malformed", "malformed", "x")).isEqualTo(4);
    }

    @Test
    void refusedClientsAreToldOnlyTheGenericReasonAndLandInTheUnauthorizedClientsLog() {
        Mqtt5BlockingClient c = Mqtt.v5(tcpPort, "c5-generic");
        Mqtt5ConnAck connack = Mqtt.connack(c, "alice", "wrong");

        assertThat(connack.getReasonString()).map(Object::toString).contains("Not authorized");
        assertThat(auth.unauthorizedClients().list())
                .filteredOn(e -> e.clientId().equals("c5-generic"))
                .extracting(UnauthorizedClient::reason, UnauthorizedClient::username, UnauthorizedClient::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FailureReason.PASSWORD_MISMATCH, "alice",
                        "127.0.0.1"));
    }

    @Test
    void theAuthenticatorSeesVersionAddressAndListener() {
        connect3("c3-seen", "alice", "alice-pw");
        ConnectRequest r = SEEN.get("c3-seen");
        assertThat(r.mqttVersion()).isEqualTo(io.mqttauth.MqttVersion.V3_1_1);
        assertThat(r.remoteAddress()).map(InetAddress::getHostAddress).contains("127.0.0.1");
        assertThat(r.listener()).contains("tcp");
        assertThat(r.tls()).isEmpty();
    }

    @Test
    void deniedMqtt5PublishGetsPuback0x87AndTheConnectionStays() {
        Mqtt5BlockingClient alice = connected5("p5-alice", "alice");
        Mqtt5PubAck denied = Mqtt.publish5(alice, "bob/x", false);

        assertThat(denied.getReasonCode().getCode()).isEqualTo(0x87);
        assertThat(denied.getReasonString()).map(Object::toString).contains("Not authorized");
        assertThat(alice.getState().isConnected()).isTrue();
        assertThat(Mqtt.publish5(alice, "own/alice/x")).isIn(0x00, 0x10);
        alice.publishWith().topic("bob/qos0").qos(MqttQos.AT_MOST_ONCE).send();
        assertThat(Mqtt.publish5(alice, "own/alice/y")).isIn(0x00, 0x10);
        alice.disconnect();
    }

    @Test
    void aPublishToADollarTopicIsDeniedWith0x87EvenForASuperuserAsMosquittoDeniesSysWrites() {
        Mqtt5BlockingClient root = connected5("p5-dollar", "root");
        assertThat(Mqtt.publish5(root, "$SYS/x")).isEqualTo(0x87);
        assertThat(root.getState().isConnected()).isTrue();
        root.disconnect();
    }

    @Test
    void deniedMqtt311PublishIsAcknowledgedAndDropped() throws Exception {
        Mqtt5BlockingClient root = connected5("p3-root", "root");
        try (var received = Mqtt.publishes(root)) {
            assertThat(Mqtt.subscribe5(root, "#")).isEqualTo(1);
            Mqtt3BlockingClient alice = Mqtt.v3(tcpPort, "p3-alice");
            assertThat(Mqtt.connect3(alice, "alice", "alice-pw")).isZero();

            Mqtt.publish3(alice, "bob/x");
            Mqtt.publish3(alice, "own/alice/marker");

            assertThat(Mqtt.next(received)).contains("own/alice/marker");
            assertThat(alice.getState().isConnected()).isTrue();
            alice.disconnect();
        }
        root.disconnect();
    }

    @Test
    void subscriptionsGetTheirSubackCodes() {
        Mqtt5BlockingClient alice5 = connected5("s5-alice", "alice");
        assertThat(Mqtt.subscribe5(alice5, "open/#")).isEqualTo(1);
        assertThat(Mqtt.subscribe5(alice5, "bob/#")).isEqualTo(0x87);
        assertThat(Mqtt.subscribe5(alice5, "$share/g/own/alice/#")).isEqualTo(1);
        assertThat(Mqtt.subscribe5(alice5, "$share/g/bob/#")).isEqualTo(0x87);
        // The engine removes the prefix once: this is the filter "$share/h/own/alice/#", which no rule allows.
        assertThat(Mqtt.subscribe5(alice5, "$share/g/$share/h/own/alice/#")).isEqualTo(0x87);
        assertThat(alice5.getState().isConnected()).isTrue();
        alice5.disconnect();

        Mqtt3BlockingClient alice3 = Mqtt.v3(tcpPort, "s3-alice");
        assertThat(Mqtt.connect3(alice3, "alice", "alice-pw")).isZero();
        assertThat(Mqtt.subscribe3(alice3, "open/#")).isEqualTo(1);
        assertThat(Mqtt.subscribe3(alice3, "bob/#")).isEqualTo(0x80);
        alice3.disconnect();
    }

    @Test
    void deliveriesAreFilteredByReceiveRules() throws Exception {
        Mqtt5BlockingClient root = connected5("r-root", "root");
        Mqtt5BlockingClient alice = connected5("r-alice", "alice");
        try (var received = Mqtt.publishes(alice)) {
            assertThat(Mqtt.subscribe5(alice, "open/#")).isEqualTo(1);
            Mqtt.publish5(root, "open/secret");
            Mqtt.publish5(root, "open/news");

            assertThat(Mqtt.next(received)).contains("open/news");
        }
        alice.disconnect();
        root.disconnect();
    }

    @Test
    void retainedMessagesAreFilteredByReceiveRules() throws Exception {
        Mqtt5BlockingClient root = connected5("rr-root", "root");
        Mqtt.publish5(root, "open/secret", true);
        Mqtt.publish5(root, "open/retained", true);
        Mqtt5BlockingClient bob = connected5("rr-bob", "bob");
        List<String> topics = new ArrayList<>();
        try (var received = Mqtt.publishes(bob)) {
            assertThat(Mqtt.subscribe5(bob, "open/#")).isEqualTo(1);
            // HiveMQ sends retained messages after the SUBACK, in no fixed order: wait for the withheld one's decision.
            Instant deadline = Instant.now().plusSeconds(10);
            while (!DENIED_RECEIVES.contains("rr-bob open/secret") && Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }
            Mqtt.publish5(root, "open/marker");
            for (Optional<String> t = Mqtt.next(received); t.isPresent() && !t.get().equals("open/marker");
                    t = Mqtt.next(received)) {
                topics.add(t.get());
            }
        } finally {
            bob.disconnect();
            root.publishWith().topic("open/secret").retain(true).qos(MqttQos.AT_LEAST_ONCE).send();
            root.publishWith().topic("open/retained").retain(true).qos(MqttQos.AT_LEAST_ONCE).send();
            root.disconnect();
        }
        assertThat(DENIED_RECEIVES).contains("rr-bob open/secret");
        assertThat(topics).containsExactly("open/retained");
    }

    @Test
    void anExpiringIdentityIsDisconnectedWhenItExpires() throws Exception {
        assertThat(disconnectAfterConnect("x-brief", "brief", 20)).isEqualTo(Mqtt5DisconnectReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void anIdentityThatHasExpiredAlreadyIsDisconnectedAtOnce() throws Exception {
        assertThat(disconnectAfterConnect("x-expired", "expired", 5))
                .isEqualTo(Mqtt5DisconnectReasonCode.NOT_AUTHORIZED);
    }

    /** Connects {@code user} and returns the reason code of the DISCONNECT the broker sends within the time. */
    private static Mqtt5DisconnectReasonCode disconnectAfterConnect(String clientId, String user, int seconds)
            throws Exception {
        CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(tcpPort)
                .addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
                .buildBlocking();
        assertThat(Mqtt.connect5(client, user, user + "-pw")).isZero();

        Throwable cause = disconnected.get(seconds, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
        return ((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode();
    }

    @Test
    void passwordsAreCheckedOnHiveMqsManagedExtensionExecutorNotOnItsOwnThreads() {
        connect3("c3-thread", "alice", "alice-pw");
        assertThat(THREADS.get("c3-thread")).startsWith("managed-extension-executor-");
    }

    @Test
    void overTlsTheAuthenticatorSeesTheChainAndSniExactlyAsPresented() throws Exception {
        InetSocketAddress address = new InetSocketAddress(
                InetAddress.getByAddress(SNI, new byte[] {127, 0, 0, 1}), tlsPort);
        MqttClientSslConfig withCertificate = MqttClientSslConfig.builder()
                .keyManagerFactory(TestPki.keyManagers(clientKeys))
                .trustManagerFactory(TestPki.trustManagers(trust))
                .build();
        Mqtt5BlockingClient device = Mqtt.v5(address, "tls-device", withCertificate);

        assertThat(Mqtt.connect5(device, null, null)).isZero();
        TlsFacts tls = SEEN.get("tls-device").tls().orElseThrow();
        assertThat(tls.peerCertificates())
                .containsExactly(clientLeaf.certificate(), ca.certificate());
        assertThat(tls.sniHostName()).isEqualTo(SNI);
        assertThat(tls.protocol()).startsWith("TLSv1.");
        assertThat(tls.cipherSuite()).isNotBlank();
        assertThat(SEEN.get("tls-device").listener()).contains("tls");
        device.disconnect();

        MqttClientSslConfig withoutCertificate = MqttClientSslConfig.builder()
                .trustManagerFactory(TestPki.trustManagers(trust))
                .build();
        Mqtt5BlockingClient anonymous = Mqtt.v5(address, "tls-anonymous", withoutCertificate);
        assertThat(Mqtt.connect5(anonymous, null, null)).isEqualTo(0x87);
        assertThat(SEEN.get("tls-anonymous").tls().orElseThrow().peerCertificates()).isEmpty();
    }

    private static Mqtt5BlockingClient connected5(String clientId, String user) {
        Mqtt5BlockingClient c = Mqtt.v5(tcpPort, clientId);
        assertThat(Mqtt.connect5(c, user, PASSWORDS.get(user))).isZero();
        return c;
    }

    private static int connect5(String clientId, String user, String password) {
        Mqtt5BlockingClient c = Mqtt.v5(tcpPort, clientId);
        int code = Mqtt.connect5(c, user, password);
        if (c.getState().isConnected()) {
            c.disconnect();
        }
        return code;
    }

    private static int connect3(String clientId, String user, String password) {
        Mqtt3BlockingClient c = Mqtt.v3(tcpPort, clientId);
        int code = Mqtt.connect3(c, user, password);
        if (c.getState().isConnected()) {
            c.disconnect();
        }
        return code;
    }
}
