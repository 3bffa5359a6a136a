package io.mqttauth.examples.hivemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.after;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import io.mqttauth.ReasonCodes;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Expiry timers, with HiveMQ's client service and connection information as unit seams: an identity that has already
 * expired is disconnected at once, a timer retries while HiveMQ has not finished connecting the client, the timer of a
 * connection that was taken over never disconnects the newer connection with the same client id, and the code is the
 * one configured for {@code IDENTITY_EXPIRED}.
 */
class ConnectionsTest {

    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    private final ClientService clients = mock(ClientService.class);
    private final MqttAuth auth = MqttAuth.builder()
            .reasonCodes(FailureReason.IDENTITY_EXPIRED, ReasonCodes.ack(0x83)).build();
    private final Connections connections = new Connections(Clock.systemUTC(),
            () -> Configured.of(auth, HiveMqOptions.defaults()), () -> executor, () -> clients);

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        auth.close();
    }

    private static ConnectionInformation connection() {
        Map<String, ByteBuffer> attributes = new ConcurrentHashMap<>();
        ConnectionAttributeStore store = mock(ConnectionAttributeStore.class);
        org.mockito.Mockito.doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1)))
                .when(store).put(anyString(), any());
        when(store.get(anyString())).thenAnswer(i -> Optional.ofNullable(attributes.get(i.<String>getArgument(0))));
        ConnectionInformation c = mock(ConnectionInformation.class);
        when(c.getConnectionAttributeStore()).thenReturn(store);
        return c;
    }

    private static Identity expiring(String name, Instant at) {
        return Identity.builder(name, "c1").expiresAt(at).build();
    }

    private void disconnects(boolean result) {
        when(clients.disconnectClient(anyString(), anyBoolean(), any(), any()))
                .thenReturn(CompletableFuture.completedFuture(result));
    }

    @Test
    void anIdentityThatHasExpiredAlreadyIsDisconnectedAtOnceWithTheConfiguredCode() {
        disconnects(true);
        connections.opened(connection(), "c1", expiring("alice", Instant.now().minusSeconds(1)));

        verify(clients, timeout(2000)).disconnectClient(eq("c1"), eq(false),
                eq(DisconnectReasonCode.IMPLEMENTATION_SPECIFIC_ERROR), eq("Implementation specific error"));
    }

    @Test
    void aClientNotYetConnectedIsDisconnectedOnceHiveMqHasIt() {
        when(clients.disconnectClient(anyString(), anyBoolean(), any(), any()))
                .thenReturn(CompletableFuture.completedFuture(false), CompletableFuture.completedFuture(true));
        connections.opened(connection(), "c1", expiring("alice", Instant.now()));

        verify(clients, timeout(3000).times(2)).disconnectClient(eq("c1"), eq(false), any(), any());
        verify(clients, after(600).times(2)).disconnectClient(anyString(), anyBoolean(), any(), any());
    }

    @Test
    void theTimerOfAConnectionTakenOverNeverDisconnectsTheNewerConnection() {
        disconnects(true);
        // A second ahead: the newer connection below must open before the timer fires, even on a loaded machine.
        connections.opened(connection(), "c1", expiring("alice", Instant.now().plusSeconds(1)));
        // A newer connection with the same client id, before HiveMQ reported the old one's disconnect.
        connections.opened(connection(), "c1", Identity.builder("bob", "c1").build());

        verify(clients, after(1800).never()).disconnectClient(anyString(), anyBoolean(), any(), any());
        assertThat(executor.getCompletedTaskCount()).as("the old connection's timer ran").isPositive();
        assertThat(connections.size()).isEqualTo(2);
    }

    @Test
    void aDisconnectCancelsTheTimer() {
        disconnects(true);
        ConnectionInformation c = connection();
        // Far enough ahead that a slow machine cannot reach it before the disconnect: the timer must be gone from the
        // executor's queue, not merely late.
        connections.opened(c, "c1", expiring("alice", Instant.now().plusSeconds(600)));
        assertThat(executor.getQueue()).hasSize(1);
        DisconnectEventInput event = mock(DisconnectEventInput.class);
        when(event.getConnectionInformation()).thenReturn(c);
        connections.onDisconnect(event);

        assertThat(executor.getQueue()).singleElement()
                .satisfies(timer -> assertThat(((java.util.concurrent.Future<?>) timer).isCancelled()).isTrue());
        assertThat(connections.size()).isZero();
        verify(clients, never()).disconnectClient(anyString(), anyBoolean(), any(), any());
    }

    @Test
    void anIdentityWithoutExpiryHasNoTimer() {
        connections.opened(connection(), "c1", Identity.builder("alice", "c1").build());
        assertThat(executor.getQueue()).isEmpty();
        verify(clients, times(0)).disconnectClient(anyString());
        verify(clients, never()).disconnectClient(anyString(), anyBoolean(), any(), any());
    }
}
