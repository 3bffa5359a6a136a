package io.mqttauth;

import jakarta.annotation.Nullable;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An MQTT CONNECT as the broker received it, plus what the broker knows about the connection. Immutable, except that
 * {@link #clearSecrets()} wipes the secrets once the decision is made.
 *
 * <p>The password and the MQTT 5 authentication data are secrets: {@link #toString()} never shows them, and the
 * accessors return copies. Code that shows or keeps a request (logs, listeners, the unauthorized-clients log) uses a
 * {@link ConnectAttempt}, which holds no secret.
 *
 * <p>As in Mosquitto 2.0, which reads a zero-length field as absent, a zero-length user name counts as no user name
 * (the client is anonymous) and a zero-length password counts as no password.
 */
public final class ConnectRequest {

    private final String clientId;
    private final @Nullable String username;
    private final @Nullable byte[] password;
    private final MqttVersion mqttVersion;
    private final @Nullable InetAddress remoteAddress;
    private final @Nullable String listener;
    private final @Nullable TlsFacts tls;
    private final @Nullable String authenticationMethod;
    private final @Nullable byte[] authenticationData;
    private volatile boolean cleared;

    private ConnectRequest(Builder b) {
        this.clientId = b.clientId;
        this.username = b.username;
        this.password = b.password == null ? null : b.password.clone();
        this.mqttVersion = b.mqttVersion;
        this.remoteAddress = b.remoteAddress;
        this.listener = b.listener;
        this.tls = b.tls;
        this.authenticationMethod = b.authenticationMethod;
        this.authenticationData = b.authenticationData == null ? null : b.authenticationData.clone();
    }

    /** Starts a request for the given client id (may be empty: MQTT lets the broker assign one). */
    public static Builder builder(String clientId) {
        return new Builder(clientId);
    }

    /** The client identifier from CONNECT; may be empty. */
    public String clientId() {
        return clientId;
    }

    /** The user name from CONNECT, if the client sent one. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /**
     * Whether the client sent a password (MQTT 3.1.1 requires a user name with it; MQTT 5 does not); still true after
     * {@link #clearSecrets()}.
     */
    public boolean hasPassword() {
        return password != null;
    }

    /**
     * A copy of the password bytes, if the client sent a password and it was not {@linkplain #clearSecrets() cleared}.
     * Callers should clear the copy after use.
     */
    public Optional<byte[]> password() {
        return Optional.ofNullable(password == null || cleared ? null : password.clone());
    }

    /** The MQTT version of the CONNECT. */
    public MqttVersion mqttVersion() {
        return mqttVersion;
    }

    /** The client's IP address, if known. */
    public Optional<InetAddress> remoteAddress() {
        return Optional.ofNullable(remoteAddress);
    }

    /** The name of the broker listener the client connected to, if the broker names listeners. */
    public Optional<String> listener() {
        return Optional.ofNullable(listener);
    }

    /** What TLS established, or empty for a plain TCP (or WebSocket without TLS) connection. */
    public Optional<TlsFacts> tls() {
        return Optional.ofNullable(tls);
    }

    /** The MQTT 5 authentication method, if sent. */
    public Optional<String> authenticationMethod() {
        return Optional.ofNullable(authenticationMethod);
    }

    /** A copy of the MQTT 5 authentication data, if sent and not {@linkplain #clearSecrets() cleared}. */
    public Optional<byte[]> authenticationData() {
        return Optional.ofNullable(authenticationData == null || cleared ? null : authenticationData.clone());
    }

    /**
     * Overwrites this request's copies of the password and the MQTT 5 authentication data with zeros, so that they do
     * not linger in memory for as long as the request is referenced. Brokers call it once the connect is decided (when
     * {@link MqttAuth#authenticate} returns or the future of {@link MqttAuth#authenticateAsync} completes), never while
     * a provider may still read the request.
     *
     * <p>Afterwards the request says that a password was given but holds none: {@link #hasPassword()} is unchanged,
     * {@link #password()} and {@link #authenticationData()} are empty, and {@link #toBuilder()} builds a request
     * without them. Calling it again does nothing.
     */
    public void clearSecrets() {
        cleared = true;
        clear(password);
        clear(authenticationData);
    }

    /** Whether the client is anonymous, that is, sent no user name. */
    public boolean isAnonymous() {
        return username == null;
    }

    /** Returns a builder holding this request's values, to derive a changed request. */
    public Builder toBuilder() {
        byte[] data = authenticationData().orElse(null);
        Builder b = new Builder(clientId)
                .mqttVersion(mqttVersion)
                .remoteAddress(remoteAddress)
                .listener(listener)
                .tls(tls)
                .authentication(authenticationMethod, data);
        clear(data);
        b.username = username;
        b.password = password().orElse(null);
        return b;
    }

    /**
     * Shows every field except the secrets, which appear only as "given" or "none", with non-printable characters
     * escaped ({@link SafeText#escape}). The user name counts as a secret here, since a request cannot know whether an
     * authenticator reads a token from it: to show it, use {@link MqttAuth#attempt}, which shows it unless one does.
     */
    @Override
    public String toString() {
        return SafeText.escape("ConnectRequest[clientId=" + clientId
                + ", username=" + (username == null ? "none" : "given")
                + ", password=" + (password == null ? "none" : "given")
                + ", mqttVersion=" + mqttVersion
                + ", remoteAddress=" + (remoteAddress == null ? null : remoteAddress.getHostAddress())
                + ", listener=" + listener
                + ", tls=" + tls
                + ", authenticationMethod=" + authenticationMethod
                + ", authenticationData=" + (authenticationData == null ? "none" : "given")
                + "]");
    }

    /** Builds a {@link ConnectRequest}. Defaults: no user name, no password, MQTT 5, nothing else known. */
    public static final class Builder {
        private final String clientId;
        private @Nullable String username;
        private @Nullable byte[] password;
        private MqttVersion mqttVersion = MqttVersion.V5;
        private @Nullable InetAddress remoteAddress;
        private @Nullable String listener;
        private @Nullable TlsFacts tls;
        private @Nullable String authenticationMethod;
        private @Nullable byte[] authenticationData;

        private Builder(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
        }

        /** The user name, or {@code null} for none; an empty user name counts as none. */
        public Builder username(@Nullable String username) {
            this.username = username == null || username.isEmpty() ? null : username;
            return this;
        }

        /** The password bytes (copied), or {@code null} for none; an empty password counts as none. */
        public Builder password(@Nullable byte[] password) {
            this.password = password == null || password.length == 0 ? null : password.clone();
            return this;
        }

        /** The password as UTF-8, as MQTT clients encode a text password; {@code null} or empty for none. */
        public Builder password(@Nullable String password) {
            return password(password == null ? null : password.getBytes(StandardCharsets.UTF_8));
        }

        /** The MQTT version; default {@link MqttVersion#V5}. */
        public Builder mqttVersion(MqttVersion mqttVersion) {
            this.mqttVersion = Objects.requireNonNull(mqttVersion, "mqttVersion");
            return this;
        }

        /** The client's address, or {@code null} if unknown. */
        public Builder remoteAddress(@Nullable InetAddress remoteAddress) {
            this.remoteAddress = remoteAddress;
            return this;
        }

        /** The broker's name for the listener, or {@code null}. */
        public Builder listener(@Nullable String listener) {
            this.listener = listener;
            return this;
        }

        /** The TLS facts, or {@code null} for a connection without TLS. */
        public Builder tls(@Nullable TlsFacts tls) {
            this.tls = tls;
            return this;
        }

        /** The MQTT 5 authentication method and data (data copied); {@code null}s for none. */
        public Builder authentication(@Nullable String method, @Nullable byte[] data) {
            this.authenticationMethod = method;
            this.authenticationData = data == null ? null : data.clone();
            return this;
        }

        /** Builds the immutable request. */
        public ConnectRequest build() {
            return new ConnectRequest(this);
        }
    }

    /** Overwrites a copy of a secret returned by {@link #password()}; a convenience for providers. */
    public static void clear(@Nullable byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
