package io.mqttauth.examples.moquette;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.InterceptHandler;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import io.mqttauth.UnauthorizedClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Moquette wrapper in a real embedded Moquette 0.17 with the real password-file and ACL providers, driven by a
 * real MQTT 3.1.1 client over TCP, within Moquette's limits. Moquette runs with {@code allow_anonymous true} so that
 * anonymous clients reach mqtt-auth's anonymous policy (denied here). The takeover tests hold the wrapper's
 * connection-lost events back, as a busy interceptor thread would, to order them deterministically.
 */
class MoquetteWrapperTest {

    @TempDir
    static Path dir;
    private static MqttAuth auth;
    private static MqttAuthMoquette wrapper;
    private static HeldBack held;
    private static Server server;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        try (InputStream in = MoquetteWrapperTest.class.getResourceAsStream("/conformance/mosquitto-2.0.11/passwd")) {
            Files.copy(in, dir.resolve("passwd"));
        }
        Files.writeString(dir.resolve("acl"), String.join("\n",
                "user zoe",
                "topic readwrite lab/zoe/#",
                "topic read lab/+/status",
                "topic deny lab/q/status",
                "user pubber",
                "topic readwrite #",
                ""));
        Path file = Files.writeString(dir.resolve("mqtt-auth.properties"), String.join("\n",
                "authenticators = password-file",
                "authorizers = acl",
                "anonymous = deny",
                "password-file.path = passwd",
                "acl.path = acl",
                ""));
        auth = MqttAuth.fromFile(file);
        wrapper = new MqttAuthMoquette(auth);
        held = new HeldBack(wrapper.interceptHandler());
        port = freePort();
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        server = new Server();
        server.startServer(new MemoryConfig(p), List.of(held), null, wrapper, wrapper);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stopServer();
        }
        if (auth != null) {
            auth.close();
        }
    }

    /** The wrapper's intercept handler behind a gate: while held, connection-lost events wait before reaching it. */
    private static final class HeldBack extends AbstractInterceptHandler {
        private final InterceptHandler wrapped;
        private final BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        private volatile CountDownLatch gate = new CountDownLatch(0);

        HeldBack(InterceptHandler wrapped) {
            this.wrapped = wrapped;
        }

        @Override
        public String getID() {
            return "held-back " + wrapped.getID();
        }

        @Override
        public Class<?>[] getInterceptedMessageTypes() {
            return wrapped.getInterceptedMessageTypes();
        }

        @Override
        public void onConnectionLost(InterceptConnectionLostMessage msg) {
            String event = msg.getClientID() + " " + msg.getUsername();
            arrived.add(event);
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            wrapped.onConnectionLost(msg);
            handled.add(event);
        }

        @Override
        public void onSessionLoopError(Throwable error) {
            wrapped.onSessionLoopError(error);
        }

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        /** Waits until the connection-lost event of this client id and user name has reached the gate. */
        void awaitArrived(String clientId, String user) throws InterruptedException {
            await(arrived, clientId + " " + user);
        }

        /** Waits until the wrapper has handled the connection-lost event of this client id and user name. */
        void awaitHandled(String clientId, String user) throws InterruptedException {
            await(handled, clientId + " " + user);
        }

        /** Skips the events of earlier tests' clients. */
        private static void await(BlockingQueue<String> events, String event) throws InterruptedException {
            String e;
            do {
                e = events.poll(10, TimeUnit.SECONDS);
                assertThat(e).as("the connection-lost event of " + event).isNotNull();
            } while (!event.equals(e));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Mqtt3BlockingClient client(String clientId) {
        return Mqtt3Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port).buildBlocking();
    }

    private static int connect(Mqtt3BlockingClient c, String user, String password) {
        try {
            if (user == null) {
                return c.connect().getReturnCode().getCode();
            }
            var auth = Mqtt3SimpleAuth.builder().username(user);
            return c.connectWith().simpleAuth(password == null ? auth.build()
                    : auth.password(password.getBytes(StandardCharsets.UTF_8)).build()).send().getReturnCode()
                    .getCode();
        } catch (Mqtt3ConnAckException e) {
            return e.getMqttMessage().getReturnCode().getCode();
        }
    }

    private static Mqtt3BlockingClient connected(String clientId, String user) {
        Mqtt3BlockingClient c = client(clientId);
        assertThat(connect(c, user, user + "-pw")).isZero();
        return c;
    }

    private static int subscribe(Mqtt3BlockingClient c, String filter) {
        try {
            return c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReturnCodes().get(0)
                    .getCode();
        } catch (Mqtt3SubAckException e) {
            return e.getMqttMessage().getReturnCodes().get(0).getCode();
        }
    }

    @Test
    void everyRefusedLoginGetsReturnCode4AndItsSpecificReasonIsKept() {
        Mqtt3BlockingClient ok = client("m-ok");
        assertThat(connect(ok, "zoe", "zoe-pw")).isZero();
        ok.disconnect();
        for (Map.Entry<String, String[]> c : Map.of(
                "m-pw", new String[] {"zoe", "bad"},
                "m-unknown", new String[] {"nobody", "x"},
                "m-nopw", new String[] {"zoe", null}).entrySet()) {
            assertThat(connect(client(c.getKey()), c.getValue()[0], c.getValue()[1])).as(c.getKey()).isEqualTo(4);
        }
        assertThat(auth.unauthorizedClients().list())
                .filteredOn(e -> e.clientId().startsWith("m-"))
                .extracting(UnauthorizedClient::clientId, UnauthorizedClient::reason)
                .contains(org.assertj.core.groups.Tuple.tuple("m-pw", FailureReason.PASSWORD_MISMATCH),
                        org.assertj.core.groups.Tuple.tuple("m-unknown", FailureReason.NO_CREDENTIALS_FOUND),
                        org.assertj.core.groups.Tuple.tuple("m-nopw", FailureReason.NO_PASSWORD));
    }

    @Test
    void subscriptionsAreGrantedOnlyWhereReadRulesCoverTheFilter() {
        Mqtt3BlockingClient zoe = connected("m-sub", "zoe");
        assertThat(subscribe(zoe, "lab/zoe/#")).isEqualTo(1);
        assertThat(subscribe(zoe, "lab/#")).isEqualTo(0x80);
        assertThat(subscribe(zoe, "lab/+/status")).isEqualTo(0x80);
        assertThat(subscribe(zoe, "lab/r/status")).isEqualTo(1);
        assertThat(zoe.getState().isConnected()).isTrue();
        zoe.disconnect();
    }

    @Test
    void aDeniedPublishIsDroppedAndTheConnectionStays() throws Exception {
        Mqtt3BlockingClient pubber = connected("m-pubber", "pubber");
        Mqtt3BlockingClient zoe = connected("m-pub", "zoe");
        try (var received = pubber.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(subscribe(pubber, "#")).isEqualTo(1);
            zoe.publishWith().topic("other/x").qos(MqttQos.AT_MOST_ONCE).send();
            zoe.publishWith().topic("lab/zoe/marker").qos(MqttQos.AT_LEAST_ONCE).send();

            assertThat(received.receive(10, TimeUnit.SECONDS).map(m -> m.getTopic().toString()))
                    .contains("lab/zoe/marker");
            assertThat(zoe.getState().isConnected()).isTrue();
        }
        zoe.disconnect();
        pubber.disconnect();
    }

    @Test
    void anAnonymousClientMoquetteLetsInMayDoNothingUnderAnonymousDeny() throws Exception {
        Mqtt3BlockingClient pubber = connected("m-watch", "pubber");
        Mqtt3BlockingClient anonymous = client("m-anon");
        assertThat(connect(anonymous, null, null)).isZero();
        try (var received = pubber.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(subscribe(pubber, "#")).isEqualTo(1);
            assertThat(subscribe(anonymous, "lab/zoe/#")).isEqualTo(0x80);
            anonymous.publishWith().topic("lab/zoe/x").qos(MqttQos.AT_MOST_ONCE).send();
            pubber.publishWith().topic("lab/marker").qos(MqttQos.AT_LEAST_ONCE).send();

            Optional<String> first = received.receive(10, TimeUnit.SECONDS).map(m -> m.getTopic().toString());
            assertThat(first).contains("lab/marker");
        }
        assertThat(auth.unauthorizedClients().list())
                .anySatisfy(e -> {
                    assertThat(e.clientId()).isEqualTo("m-anon");
                    assertThat(e.reason()).isEqualTo(FailureReason.ANONYMOUS_NOT_ALLOWED);
                });
        anonymous.disconnect();
        pubber.disconnect();
    }

    @Test
    void anAnonymousClientTakingOverAUsersClientIdGetsNoneOfItsRightsBeforeOrAfterTheOldConnectionsLoss()
            throws Exception {
        Mqtt3BlockingClient pubber = connected("m-watch-takeover", "pubber");
        connected("m-takeover-anon", "zoe");
        Mqtt3BlockingClient anonymous = client("m-takeover-anon");
        held.hold();
        try (var received = pubber.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(subscribe(pubber, "#")).isEqualTo(1);
            assertThat(connect(anonymous, null, null)).isZero();
            held.awaitArrived("m-takeover-anon", "zoe");

            anonymous.publishWith().topic("lab/zoe/x").qos(MqttQos.AT_MOST_ONCE).send();
            assertThat(subscribe(anonymous, "lab/zoe/#")).isEqualTo(0x80);
            pubber.publishWith().topic("lab/marker").qos(MqttQos.AT_LEAST_ONCE).send();
            assertThat(received.receive(10, TimeUnit.SECONDS).map(m -> m.getTopic().toString()))
                    .contains("lab/marker");
        } finally {
            held.release();
        }
        held.awaitHandled("m-takeover-anon", "zoe");

        assertThat(subscribe(anonymous, "lab/zoe/#")).isEqualTo(0x80);
        assertThat(auth.unauthorizedClients().list())
                .filteredOn(e -> e.clientId().equals("m-takeover-anon"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.ANONYMOUS_NOT_ALLOWED);
                    assertThat(e.attempts()).as("anonymous decisions for one connection").isEqualTo(1);
                });
        anonymous.disconnect();
        pubber.disconnect();
    }

    @Test
    void aUserReconnectingWithItsClientIdKeepsItsRightsWhenTheOldConnectionsLossArrivesLate() throws Exception {
        connected("m-takeover-same", "zoe");
        held.hold();
        Mqtt3BlockingClient zoe;
        try {
            zoe = connected("m-takeover-same", "zoe");
            held.awaitArrived("m-takeover-same", "zoe");
        } finally {
            held.release();
        }
        held.awaitHandled("m-takeover-same", "zoe");

        assertThat(subscribe(zoe, "lab/zoe/#")).isEqualTo(1);
        zoe.disconnect();
    }

    @Test
    void aDifferentUserTakingOverAClientIdGetsItsOwnRightsBeforeAndAfterTheOldConnectionsLoss() throws Exception {
        connected("m-takeover-user", "pubber");
        held.hold();
        Mqtt3BlockingClient zoe;
        try {
            zoe = connected("m-takeover-user", "zoe");
            held.awaitArrived("m-takeover-user", "pubber");
            assertThat(subscribe(zoe, "other/#")).isEqualTo(0x80);
            assertThat(subscribe(zoe, "lab/zoe/#")).isEqualTo(1);
        } finally {
            held.release();
        }
        held.awaitHandled("m-takeover-user", "pubber");

        assertThat(subscribe(zoe, "other/#")).isEqualTo(0x80);
        assertThat(subscribe(zoe, "lab/zoe/#")).isEqualTo(1);
        zoe.disconnect();
    }

    /**
     * Moquette sends no event for a connection replaced by one that resumes its session, and checks the kept
     * subscriptions again with the new connection's user name.
     */
    @Test
    void anAnonymousClientResumingAUsersPersistentSessionLosesTheSubscriptionsItMayNotRead() throws Exception {
        Mqtt3BlockingClient zoe = client("m-resume");
        assertThat(zoe.connectWith().cleanSession(false).simpleAuth().username("zoe")
                .password("zoe-pw".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send().getReturnCode().getCode())
                .isZero();
        assertThat(subscribe(zoe, "lab/zoe/#")).isEqualTo(1);
        Mqtt3BlockingClient anonymous = client("m-resume");
        assertThat(anonymous.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
        Mqtt3BlockingClient pubber = connected("m-resume-pub", "pubber");

        try (var received = anonymous.publishes(MqttGlobalPublishFilter.ALL)) {
            pubber.publishWith().topic("lab/zoe/x").qos(MqttQos.AT_LEAST_ONCE).send();
            assertThat(subscribe(anonymous, "lab/zoe/#")).isEqualTo(0x80);
            assertThat(received.receiveNow()).isEmpty();
        }
        anonymous.disconnect();
        pubber.disconnect();
    }

    /** Moquette sends no event for a connection closed after its login but before its CONNECT was processed. */
    @Test
    void aLoginWhoseConnectNeverCameIsNotServedToAnotherClient() {
        assertThat(wrapper.checkValid("m-ghost", "zoe", "zoe-pw".getBytes(StandardCharsets.UTF_8))).isTrue();
        Mqtt3BlockingClient anonymous = client("m-ghost");
        assertThat(connect(anonymous, null, null)).isZero();

        assertThat(subscribe(anonymous, "lab/zoe/#")).isEqualTo(0x80);
        anonymous.disconnect();
    }
}
