package io.mqttauth.examples.hivemq;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.SafeText;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity of every authenticated connection. Each connection gets a token in its HiveMQ connection attribute
 * store, so a client that takes over an older connection's client id never sees (or loses) the older identity.
 * Identities that expire are disconnected when they expire (the engine denies their actions from then on in any case);
 * the timer of a connection that was taken over never disconnects the newer connection with the same client id.
 */
final class Connections implements ClientLifecycleEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
    private static final String TOKEN = "io.mqttauth.connection";
    /** How soon an expiry disconnect is tried again while HiveMQ has not finished connecting the client. */
    private static final long RETRY_MILLIS = 200;

    /** One authenticated connection. */
    record Session(String clientId, Identity identity) {
    }

    private final AtomicLong nextToken = new AtomicLong();
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private final Map<Long, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();
    /** The token of the newest authenticated connection of each client id. */
    private final Map<String, Long> newest = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Supplier<Configured> configured;
    private final Supplier<ScheduledExecutorService> executor;
    private final Supplier<ClientService> clients;

    /**
     * @param executor where expiry timers run (HiveMQ's managed extension executor, asked for when needed because
     *     HiveMQ's services exist only once it has started)
     * @param clients HiveMQ's client service, which disconnects clients
     */
    Connections(Clock clock, Supplier<Configured> configured, Supplier<ScheduledExecutorService> executor,
            Supplier<ClientService> clients) {
        this.clock = clock;
        this.configured = configured;
        this.executor = executor;
        this.clients = clients;
    }

    /**
     * Records an authenticated connection, then, if the identity expires, schedules its disconnect (at once if it has
     * expired already).
     */
    void opened(ConnectionInformation connection, String clientId, Identity identity) {
        long token = nextToken.incrementAndGet();
        connection.getConnectionAttributeStore().put(TOKEN, ByteBuffer.allocate(Long.BYTES).putLong(0, token));
        sessions.put(token, new Session(clientId, identity));
        newest.put(clientId, token);
        identity.expiresAt().ifPresent(at -> scheduleExpiry(token, at,
                Math.max(0, Duration.between(clock.instant(), at).toMillis())));
    }

    /** The identity of the connection, if it was authenticated by mqtt-auth. */
    Optional<Identity> identity(ConnectionInformation connection) {
        return token(connection).map(sessions::get).map(Session::identity);
    }

    /** The number of open authenticated connections. */
    int size() {
        return sessions.size();
    }

    private void scheduleExpiry(long token, Instant at, long delayMillis) {
        expiries.put(token, executor.get().schedule(() -> expire(token, at), delayMillis,
                TimeUnit.MILLISECONDS));
        if (!sessions.containsKey(token)) {
            // Disconnected while the timer was being set.
            cancelExpiry(token);
        }
    }

    private void expire(long token, Instant at) {
        Session s = sessions.get(token);
        if (s == null || !Long.valueOf(token).equals(newest.get(s.clientId()))) {
            return; // gone, or taken over by a newer connection with the same client id
        }
        Configured c = configured.get();
        FailureReason reason = FailureReason.IDENTITY_EXPIRED;
        Decision d = Decision.deny(reason, c.auth() == null ? reason.defaultCodes() : c.auth().codesOf(reason),
                s.identity(), null, "expiry", "the identity " + SafeText.quote(s.identity().name()) + " expired at " + at,
                List.of(), clock.instant());
        DisconnectReasonCode code = Answers.disconnect(d);
        LOG.info("mqtt-auth disconnects client {} ({}): its identity expired at {}", SafeText.quote(s.clientId()),
                SafeText.quote(s.identity().name()), at);
        clients.get().disconnectClient(s.clientId(), false, code, c.answers().reasonString(d, code))
                .thenAccept(disconnected -> {
                    if (!disconnected && sessions.containsKey(token)) {
                        // Authenticated but not yet connected: HiveMQ has no client to disconnect yet.
                        scheduleExpiry(token, at, RETRY_MILLIS);
                    }
                });
    }

    private void cancelExpiry(long token) {
        ScheduledFuture<?> f = expiries.remove(token);
        if (f != null) {
            f.cancel(false);
        }
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
        token(input.getConnectionInformation()).ifPresent(token -> {
            Session s = sessions.remove(token);
            if (s != null) {
                newest.remove(s.clientId(), token);
            }
            cancelExpiry(token);
        });
    }
}
