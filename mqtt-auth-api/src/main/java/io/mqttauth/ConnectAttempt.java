package io.mqttauth;

import jakarta.annotation.Nullable;
import java.net.InetAddress;

/**
 * A connect request as it may be shown and kept: what {@link DecisionListener}s receive, what the engine logs, and what
 * brokers should log ({@link MqttAuth#attempt}). It holds no secret: whether a password was sent, never the password;
 * never the MQTT 5 authentication data; and, when an authenticator reads a secret from the user name
 * ({@link Authenticator#secretInUsername()}, such as the JWT provider with {@code jwt.token-from = username}), not the
 * user name but {@link #HIDDEN_USERNAME}.
 *
 * @param clientId the client id sent (may be empty)
 * @param username the user name sent, {@link #HIDDEN_USERNAME} in its place, or {@code null} for none
 * @param passwordGiven whether a password was sent
 * @param mqttVersion the MQTT version of the CONNECT
 * @param remoteAddress the client's IP address, or {@code null} if unknown
 * @param listener the broker's name for the listener, or {@code null}
 * @param tls what TLS established, or {@code null} for a connection without TLS
 * @param authenticationMethod the MQTT 5 authentication method, or {@code null}
 */
public record ConnectAttempt(
        String clientId,
        @Nullable String username,
        boolean passwordGiven,
        MqttVersion mqttVersion,
        @Nullable InetAddress remoteAddress,
        @Nullable String listener,
        @Nullable TlsFacts tls,
        @Nullable String authenticationMethod) {

    /** What stands for a user name that carries a secret. */
    public static final String HIDDEN_USERNAME = "<secret in user name>";

    /** The attempt of {@code request}; its user name replaced by {@link #HIDDEN_USERNAME} if {@code hideUsername}. */
    static ConnectAttempt of(ConnectRequest request, boolean hideUsername) {
        String username = request.username().orElse(null);
        return new ConnectAttempt(request.clientId(), hideUsername && username != null ? HIDDEN_USERNAME : username,
                request.hasPassword(), request.mqttVersion(), request.remoteAddress().orElse(null),
                request.listener().orElse(null), request.tls().orElse(null),
                request.authenticationMethod().orElse(null));
    }

    /** Every field, client-supplied text in quotes and escaped ({@link SafeText#quote}). */
    @Override
    public String toString() {
        return "ConnectAttempt[clientId=" + SafeText.quote(clientId)
                + ", username=" + (username == null ? "none" : SafeText.quote(username))
                + ", password=" + (passwordGiven ? "given" : "none")
                + ", mqttVersion=" + mqttVersion
                + ", remoteAddress=" + (remoteAddress == null ? null : remoteAddress.getHostAddress())
                + ", listener=" + (listener == null ? null : SafeText.quote(listener))
                + ", tls=" + tls
                + ", authenticationMethod="
                + (authenticationMethod == null ? null : SafeText.quote(authenticationMethod))
                + "]";
    }
}
