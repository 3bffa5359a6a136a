package io.mqttauth.examples.hivemq;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import io.mqttauth.Identity;
import jakarta.annotation.Nullable;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity of every authenticated connection. Each connection gets a token in its HiveMQ connection attribute
 * store, so a client that takes over an older connection's client id never sees (or loses) the older identity.
 * Identities that expire are disconnected when they expire.
 */
final class Connections implements ClientLifecycleEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
    private static final String TOKEN = "io.mqttauth.connection";

    /** One authenticated connection. */
    record Session(String clientId, Identity identity, @Nullable ScheduledFuture<?> expiry) {
    }

    private final AtomicLong nextToken = new AtomicLong();
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Supplier<Configured> configured;

    Connections(Clock clock, Supplier<Configured> configured) {
        this.clock = clock;
        this.configured = configured;
    }

    /** Records an authenticated connection; schedules its disconnect if the identity expires. */
    void opened(ConnectionInformation connection, String clientId, Identity identity) {
        long token = nextToken.incrementAndGet();
        connection.getConnectionAttributeStore().put(TOKEN, ByteBuffer.allocate(Long.BYTES).putLong(0, token));
        ScheduledFuture<?> expiry = identity.expiresAt()
                .map(at -> Services.extensionExecutorService().schedule(() -> expire(token, at),
                        Math.max(0, Duration.between(clock.instant(), at).toMillis()), TimeUnit.MILLISECONDS))
                .orElse(null);
        sessions.put(token, new Session(clientId, identity, expiry));
    }

    /** The identity of the connection, if it was authenticated by mqtt-auth. */
    Optional<Identity> identity(ConnectionInformation connection) {
        return token(connection).map(sessions::get).map(Session::identity);
    }

    /** The number of open authenticated connections. */
    int size() {
        return sessions.size();
    }

    private void expire(long token, Instant at) {
        Session s = sessions.get(token);
        if (s == null) {
            return;
        }
        LOG.info("mqtt-auth disconnects client '{}' ({}): its identity expired at {}", s.clientId(),
                s.identity().name(), at);
        String reason = configured.get().answers().expiredReason();
        Services.clientService().disconnectClient(s.clientId(), false, DisconnectReasonCode.NOT_AUTHORIZED, reason);
    }

    private static Optional<Long> token(ConnectionInformation connection) {
        return connection.getConnectionAttributeStore().get(TOKEN)
                .filter(b -> b.remaining() == Long.BYTES)
                .map(b -> b.getLong(b.position()));
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
        // nothing to do before authentication
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        // recorded by the authenticator, which has the identity
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        token(input.getConnectionInformation()).map(sessions::remove).ifPresent(s -> {
            if (s.expiry() != null) {
                s.expiry().cancel(false);
            }
        });
    }
}
