package io.mqttauth;

import jakarta.annotation.Nullable;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a connected client is, as vouched for by an authenticator, together with the connection facts that authorizers
 * need (client id, user name as sent, address). Immutable; equal when all fields are equal.
 *
 * <p>An identity never holds a secret.
 */
public final class Identity {

    /** The attribute holding the common name of the client certificate, for {@code ${cert_cn}} in ACLs. */
    public static final String CERT_CN = "cert_cn";

    /** The attribute holding the client certificate's subject distinguished name (RFC 4514). */
    public static final String CERT_DN = "cert_dn";

    /** The attribute holding the client certificate's issuer distinguished name (RFC 4514). */
    public static final String CERT_ISSUER = "cert_issuer";

    /** The attribute holding the client certificate's serial number, in lower-case hexadecimal. */
    public static final String CERT_SERIAL = "cert_serial";

    /** The attribute holding the SHA-256 fingerprint of the client certificate's DER encoding, in lower-case hex. */
    public static final String CERT_FINGERPRINT = "cert_fingerprint";

    private final String name;
    private final String provider;
    private final String clientId;
    private final @Nullable String username;
    private final @Nullable InetAddress remoteAddress;
    private final boolean anonymous;
    private final boolean superuser;
    private final Set<String> roles;
    private final Map<String, String> attributes;
    private final List<Permission> permissions;
    private final @Nullable Instant expiresAt;
    /** The hash code, computed when first asked for (0 until then); every thread computes the same value. */
    private int hash;

    private Identity(Builder b) {
        this.name = b.name;
        this.provider = b.provider;
        this.clientId = b.clientId;
        this.username = b.username;
        this.remoteAddress = b.remoteAddress;
        this.anonymous = b.anonymous;
        this.superuser = b.superuser;
        this.roles = Set.copyOf(b.roles);
        this.attributes = Map.copyOf(b.attributes);
        this.permissions = List.copyOf(b.permissions);
        this.expiresAt = b.expiresAt;
    }

    /** A copy of {@code from} with another provider and superuser flag, sharing its immutable collections. */
    private Identity(Identity from, String provider, boolean superuser) {
        this.name = from.name;
        this.provider = provider;
        this.clientId = from.clientId;
        this.username = from.username;
        this.remoteAddress = from.remoteAddress;
        this.anonymous = from.anonymous;
        this.superuser = superuser;
        this.roles = from.roles;
        this.attributes = from.attributes;
        this.permissions = from.permissions;
        this.expiresAt = from.expiresAt;
    }

    /**
     * This identity as accepted by the engine: named after the authenticator {@code provider} that accepted it, a
     * superuser if {@code superuser}. Cheaper than {@link #toBuilder()} on every connect: nothing is copied.
     */
    Identity acceptedBy(String provider, boolean superuser) {
        return provider.equals(this.provider) && superuser == this.superuser ? this
                : new Identity(this, provider, superuser);
    }

    /**
     * Starts an identity named {@code name} for the client of {@code request}: client id, user name and address are
     * taken from the request. Providers call this when they accept a client.
     */
    public static Builder builder(String name, ConnectRequest request) {
        return new Builder(name, request.clientId())
                .username(request.username().orElse(null))
                .remoteAddress(request.remoteAddress().orElse(null));
    }

    /** Starts an identity from scratch, for tests and for brokers that authenticate clients themselves. */
    public static Builder builder(String name, String clientId) {
        return new Builder(name, clientId);
    }

    /** The identity of an anonymous client that was let in by {@code anonymous = allow}. */
    public static Identity anonymous(ConnectRequest request) {
        Builder b = builder("anonymous", request).provider("anonymous");
        b.anonymous = true;
        return b.build();
    }

    /** The authenticated name: the user name, a certificate's mapped name, a token's subject. */
    public String name() {
        return name;
    }

    /** The name of the provider that vouched for this identity, such as {@code password-file}. */
    public String provider() {
        return provider;
    }

    /** The client id of the connection. */
    public String clientId() {
        return clientId;
    }

    /** The user name the client sent in CONNECT, if any; unverified unless a password login vouched for it. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** The client's address, if known (for address rules). */
    public Optional<InetAddress> remoteAddress() {
        return Optional.ofNullable(remoteAddress);
    }

    /** Whether the client connected without credentials under {@code anonymous = allow}. */
    public boolean isAnonymous() {
        return anonymous;
    }

    /** Whether authorization is skipped for this identity. */
    public boolean isSuperuser() {
        return superuser;
    }

    /** The roles or groups the identity carries, for role rules. */
    public Set<String> roles() {
        return roles;
    }

    /** Further facts about the identity, such as {@link #CERT_CN}; never secrets. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** One attribute, if present. */
    public Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    /** Topic permissions carried by the identity itself, checked in order before any authorizer. */
    public List<Permission> permissions() {
        return permissions;
    }

    /** When the broker should disconnect the client (for example when its token expires), if ever. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** Returns a builder holding this identity's values. */
    public Builder toBuilder() {
        Builder b = new Builder(name, clientId)
                .provider(provider)
                .username(username)
                .remoteAddress(remoteAddress)
                .superuser(superuser)
                .roles(roles)
                .attributes(attributes)
                .permissions(permissions)
                .expiresAt(expiresAt);
        b.anonymous = anonymous;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Identity i && hashCode() == i.hashCode() && name.equals(i.name)
                && provider.equals(i.provider) && clientId.equals(i.clientId) && Objects.equals(username, i.username)
                && Objects.equals(remoteAddress, i.remoteAddress) && anonymous == i.anonymous
                && superuser == i.superuser && roles.equals(i.roles) && attributes.equals(i.attributes)
                && permissions.equals(i.permissions) && Objects.equals(expiresAt, i.expiresAt);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hash(name, provider, clientId, username, remoteAddress, anonymous, superuser, roles,
                    attributes, permissions, expiresAt);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return SafeText.escape("Identity[" + name + " via " + provider + ", clientId=" + clientId + ", username=" + username
                + (anonymous ? ", anonymous" : "") + (superuser ? ", superuser" : "")
                + (roles.isEmpty() ? "" : ", roles=" + roles)
                + (attributes.isEmpty() ? "" : ", attributes=" + new java.util.TreeMap<>(attributes))
                + (permissions.isEmpty() ? "" : ", permissions=" + permissions)
                + (expiresAt == null ? "" : ", expiresAt=" + expiresAt) + "]");
    }

    /** Builds an {@link Identity}. Defaults: provider {@code "unknown"}, not a superuser, no roles, no expiry. */
    public static final class Builder {
        private final String name;
        private final String clientId;
        private String provider = "unknown";
        private @Nullable String username;
        private @Nullable InetAddress remoteAddress;
        private boolean anonymous;
        private boolean superuser;
        private Set<String> roles = Set.of();
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private List<Permission> permissions = List.of();
        private @Nullable Instant expiresAt;

        private Builder(String name, String clientId) {
            this.name = Objects.requireNonNull(name, "name");
            this.clientId = Objects.requireNonNull(clientId, "clientId");
        }

        /** The provider's name; the engine sets it to the deciding provider's configured name. */
        public Builder provider(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** The user name sent in CONNECT, or {@code null}. */
        public Builder username(@Nullable String username) {
            this.username = username;
            return this;
        }

        /** The client's address, or {@code null}. */
        public Builder remoteAddress(@Nullable InetAddress remoteAddress) {
            this.remoteAddress = remoteAddress;
            return this;
        }

        /** Whether authorization is skipped. */
        public Builder superuser(boolean superuser) {
            this.superuser = superuser;
            return this;
        }

        /** The roles or groups (copied). */
        public Builder roles(Set<String> roles) {
            this.roles = Set.copyOf(roles);
            return this;
        }

        /** Adds one attribute. */
        public Builder attribute(String key, String value) {
            attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Replaces the attributes (copied). */
        public Builder attributes(Map<String, String> attributes) {
            this.attributes.clear();
            this.attributes.putAll(attributes);
            return this;
        }

        /** The identity's own topic permissions, in order (copied). */
        public Builder permissions(List<Permission> permissions) {
            this.permissions = List.copyOf(permissions);
            return this;
        }

        /** When the broker should disconnect the client, or {@code null} for never. */
        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** Builds the immutable identity. */
        public Identity build() {
            return new Identity(this);
        }
    }
}
