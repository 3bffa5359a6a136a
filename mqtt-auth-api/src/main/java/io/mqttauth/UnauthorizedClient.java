package io.mqttauth;

import jakarta.annotation.Nullable;
import java.time.Instant;

/**
 * One entry of the {@link UnauthorizedClients} log: a client (client id, user name, address) that was refused, with
 * its latest refusal. Holds no secret: only whether a password was given. A client id, user name or detail longer than
 * the log's string limit ({@code unauthorized-log.string-limit}, default 1024 characters) is kept truncated and marked
 * with a trailing {@code …(+N chars)}.
 *
 * @param firstSeen the first refusal kept for this client
 * @param lastSeen the latest refusal
 * @param clientId the client id sent
 * @param username the user name sent, {@link ConnectAttempt#HIDDEN_USERNAME} when an authenticator reads a secret from
 *     it, or {@code null}
 * @param passwordGiven whether a password was sent
 * @param tls whether the connection used TLS
 * @param address the client's IP address, or {@code null}
 * @param reason the latest refusal's reason
 * @param detail the latest refusal's operator-safe detail
 * @param attempts how many refusals since {@code firstSeen}
 */
public record UnauthorizedClient(
        Instant firstSeen,
        Instant lastSeen,
        String clientId,
        @Nullable String username,
        boolean passwordGiven,
        boolean tls,
        @Nullable String address,
        FailureReason reason,
        String detail,
        long attempts) {

    /** Every field, client-supplied text quoted and escaped ({@link SafeText#quote}). */
    @Override
    public String toString() {
        return "UnauthorizedClient[firstSeen=" + firstSeen + ", lastSeen=" + lastSeen + ", clientId="
                + SafeText.quote(clientId) + ", username=" + (username == null ? null : SafeText.quote(username))
                + ", passwordGiven=" + passwordGiven + ", tls=" + tls + ", address=" + address + ", reason=" + reason
                + ", detail=" + SafeText.escape(detail) + ", attempts=" + attempts + "]";
    }

    /** The key an entry is kept under: the same client id, user name and address count as one client. */
    public Key key() {
        return new Key(clientId, username, address);
    }

    /**
     * Identifies one entry.
     *
     * @param clientId the client id
     * @param username the user name, or {@code null}
     * @param address the IP address, or {@code null}
     */
    public record Key(String clientId, @Nullable String username, @Nullable String address) {
    }
}
