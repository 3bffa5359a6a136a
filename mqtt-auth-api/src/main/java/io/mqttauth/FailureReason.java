package io.mqttauth;

/**
 * Why a client was refused: a connection, a publish, a subscription or a delivery. Every constant carries a stable
 * code (its name), a {@link Category}, default MQTT codes, a description and a remedy, so that operators learn more
 * than "not authorized".
 *
 * <p>The default codes follow the MQTT specifications and Mosquitto 2.0: refused credentials are 3.1.1 code 5 / MQTT 5
 * {@code 0x87}; malformed user name or password data 4 / {@code 0x86}; banned {@code 0x8A}; an unavailable provider
 * {@code 0x88}; throttling {@code 0x9F}; authorization refusals PUBACK/SUBACK {@code 0x87} (SUBACK {@code 0x80} on
 * 3.1.1). Operators may override them per reason ({@code reason-codes.<REASON>} in the configuration).
 */
public enum FailureReason {

    /** No provider knows the user name (or client id). */
    NO_CREDENTIALS_FOUND(Category.CREDENTIALS, ReasonCodes.connack(0x87),
            "No credentials are known for this user name or client id.",
            "Check the user name for typos, or add the user to a configured authenticator "
                    + "(for a password file: mqtt-auth passwd FILE USER)."),
    /** The user is known, the password is wrong. */
    PASSWORD_MISMATCH(Category.CREDENTIALS, ReasonCodes.connack(0x87),
            "The user is known but the password does not match.",
            "Check the client's password; to set a new one: mqtt-auth passwd FILE USER."),
    /** A user name was sent without a password. */
    NO_PASSWORD(Category.CREDENTIALS, ReasonCodes.connack(0x87),
            "The client sent a user name but no password.",
            "Configure the client to send the user's password."),
    /** The user name or password data is not well-formed. */
    MALFORMED_CREDENTIALS(Category.CREDENTIALS, ReasonCodes.connack(0x86),
            "The user name or password is malformed (for example a password without a user name in MQTT 3.1.1).",
            "Fix the client's user name and password settings."),
    /** The client sent no credentials and anonymous access is denied. */
    ANONYMOUS_NOT_ALLOWED(Category.CREDENTIALS, ReasonCodes.connack(0x87),
            "The client sent no credentials and anonymous access is not allowed.",
            "Give the client a user name and password (or a certificate or token), or set anonymous = allow."),

    /** The authenticator needs a client certificate and the connection has none (not TLS, or no verified peer). */
    NO_CLIENT_CERTIFICATE(Category.CERTIFICATE, ReasonCodes.connack(0x87),
            "The client presented no certificate (or the broker did not verify the peer).",
            "Connect over TLS with a client certificate, and require client authentication on the listener."),
    /** The TLS layer reported an empty certificate chain. */
    EMPTY_CERTIFICATE_CHAIN(Category.CERTIFICATE, ReasonCodes.connack(0x87),
            "The client's certificate chain is empty.",
            "Configure the client to send its certificate and intermediates."),
    /** The certificate chain cannot be parsed. */
    CERTIFICATE_UNPARSEABLE(Category.CERTIFICATE, ReasonCodes.connack(0x87),
            "The client's certificate chain cannot be parsed.",
            "Reissue the client certificate; check its encoding."),
    /** The chain does not lead to a configured trust anchor. */
    CERTIFICATE_UNTRUSTED(Category.CERTIFICATE, ReasonCodes.connack(0x87),
            "The client's certificate does not chain to a trusted certificate authority.",
            "Issue the client certificate from a trusted CA, or add its CA to the trust anchors."),
    /** The certificate has expired. */
    CERTIFICATE_EXPIRED(Category.CERTIFICATE, ReasonCodes.connack(0x87),
            "The client's certificate has expired.",
            "Renew the client certificate; check the clocks of client and broker."),
    /** The certificate is not valid yet. */
    CERTIFICATE_NOT_YET_VALID(Category.CERTIFICATE, ReasonCodes.connack(0x87),
            "The client's certificate is not valid yet.",
            "Check the certificate's notBefore and the broker's clock."),
    /** The certificate has been revoked. */
    CERTIFICATE_REVOKED(Category.CERTIFICATE, ReasonCodes.connack(0x87),
            "The client's certificate has been revoked.",
            "Issue the client a new certificate."),
    /** The certificate's subject has no common name. */
    CERTIFICATE_NO_CN(Category.CERTIFICATE, ReasonCodes.connack(0x87),
            "The client's certificate subject has no common name (CN).",
            "Issue the certificate with a CN, or map identities from another field."),
    /** No mapping rule turns the certificate into an identity. */
    CERTIFICATE_NO_MAPPING(Category.CERTIFICATE, ReasonCodes.connack(0x87),
            "No mapping rule turns the client's certificate into an identity.",
            "Add a mapping rule for this certificate's subject or issuer."),
    /** The certificate's key usage or extended key usage does not allow TLS client authentication. */
    CERTIFICATE_KEY_USAGE(Category.CERTIFICATE, ReasonCodes.connack(0x87),
            "The client's certificate may not be used for client authentication (its key usage or extended key "
                    + "usage does not allow it).",
            "Issue the client certificate with key usage digitalSignature and extended key usage clientAuth (or "
                    + "without an extended key usage)."),
    /** The certificate lacks the subject alternative name that identities are taken from. */
    CERTIFICATE_NO_IDENTITY(Category.CERTIFICATE, ReasonCodes.connack(0x87),
            "The client's certificate has no subject alternative name of the kind identities are taken from.",
            "Issue the certificate with that subject alternative name, or take identities from another field."),
    /** The user name (or client id) sent differs from the certificate's identity. */
    CERTIFICATE_NAME_MISMATCH(Category.CERTIFICATE, ReasonCodes.connack(0x87),
            "The user name (or client id) the client sent differs from the identity of its certificate.",
            "Configure the client to send its certificate's identity as the user name (or client id), or turn the "
                    + "check off."),
    /** The CRL that covers the certificate has passed its next update, so revocation cannot be checked. */
    CERTIFICATE_REVOCATION_UNKNOWN(Category.CERTIFICATE, ReasonCodes.connack(0x87),
            "The revocation status of the client's certificate is unknown: the CRL of its issuer has passed its "
                    + "next update.",
            "Install a fresh CRL from the certificate authority, or accept stale CRLs with a warning."),

    /** The token is not a well-formed token. */
    TOKEN_MALFORMED(Category.TOKEN, ReasonCodes.connack(0x86),
            "The token in the password field is malformed.",
            "Send a compact-serialized JWT as the password."),
    /** The token exceeds the configured size limit. */
    TOKEN_TOO_LARGE(Category.TOKEN, ReasonCodes.connack(0x86),
            "The token is larger than the configured limit.",
            "Issue a smaller token, or raise the size limit."),
    /** The token's signing algorithm is not on the allow-list. */
    TOKEN_ALGORITHM_NOT_ALLOWED(Category.TOKEN, ReasonCodes.connack(0x87),
            "The token's signing algorithm is not allowed.",
            "Sign tokens with an allowed algorithm, or add it to the allow-list."),
    /** The token names a key that is not known. */
    TOKEN_UNKNOWN_KEY(Category.TOKEN, ReasonCodes.connack(0x87),
            "The token was signed with a key that is not known.",
            "Check the token's kid and the configured keys or JWKS."),
    /** The signature does not verify. */
    TOKEN_BAD_SIGNATURE(Category.TOKEN, ReasonCodes.connack(0x87),
            "The token's signature does not verify.",
            "Check that the issuer signs with the configured key."),
    /** The token has expired or has no expiry although one is required. */
    TOKEN_EXPIRED(Category.TOKEN, ReasonCodes.connack(0x87),
            "The token has expired (or carries no expiry although one is required).",
            "Issue the client a fresh token; check the clocks."),
    /** The token is not valid yet. */
    TOKEN_NOT_YET_VALID(Category.TOKEN, ReasonCodes.connack(0x87),
            "The token is not valid yet (nbf or iat in the future).",
            "Check the issuer's and the broker's clocks."),
    /** A claim does not have the required value; the detail names the claim. */
    TOKEN_CLAIM_MISMATCH(Category.TOKEN, ReasonCodes.connack(0x87),
            "A claim of the token does not have the required value.",
            "Issue the token with the required claim values (issuer, audience, ...)."),
    /** The signing keys cannot be fetched right now. */
    TOKEN_KEYS_UNAVAILABLE(Category.TOKEN, ReasonCodes.connack(0x88),
            "The token signing keys are unavailable.",
            "Check that the key source (JWKS URL or file) is reachable."),

    /** No rule allows the action and the default is to deny. */
    NO_MATCHING_RULE(Category.AUTHORIZATION, ReasonCodes.ack(0x87),
            "No rule allows this action for this client.",
            "Add a rule that allows the action, or check the topic for typos."),
    /** A rule denies the action; the detail names the file and line. */
    DENIED_BY_RULE(Category.AUTHORIZATION, ReasonCodes.ack(0x87),
            "A rule denies this action.",
            "Change or remove the rule named in the detail."),
    /** The topic name or filter is not valid MQTT. */
    INVALID_TOPIC(Category.AUTHORIZATION, ReasonCodes.ack(0x90),
            "The topic name or topic filter is not valid MQTT.",
            "Fix the topic: names contain no + or #; # only last; wildcards occupy whole levels."),
    /** The identity expired before the action; the detail names when. */
    IDENTITY_EXPIRED(Category.AUTHORIZATION, ReasonCodes.ack(0x87),
            "The client's identity has expired: its credentials (token, certificate) ran out at the time the broker "
                    + "was told.",
            "Reconnect the client with fresh credentials; the broker should disconnect a client when its identity "
                    + "expires."),

    /** The client id, user name or address is on the ban list. */
    BANNED(Category.POLICY, ReasonCodes.connack(0x8A),
            "The client is banned.",
            "Remove the entry from the ban list if the ban is no longer wanted."),
    /**
     * Too many recent refusals for the client's user name or from its address ({@code throttle.*}); the detail names
     * which, and when the block ends.
     */
    THROTTLED(Category.POLICY, ReasonCodes.connack(0x9F),
            "Too many failed attempts; the client is throttled.",
            "Wait, and fix the client's credentials before it retries."),
    /** The client did not connect over TLS and {@code tls.required = true}. */
    TLS_REQUIRED(Category.POLICY, ReasonCodes.connack(0x87),
            "The client connected without TLS, and this broker requires TLS (tls.required = true).",
            "Connect with TLS: use an mqtts:// URL (or the client library's TLS option) and the broker's TLS listener "
                    + "(port 8883 by default, not the plain port 1883)."),
    /** The client connected over TLS without SNI, and {@code tls.sni-hosts} lists the names the broker accepts. */
    SNI_MISSING(Category.POLICY, ReasonCodes.connack(0x87),
            "The client connected over TLS but sent no server name (SNI), and this broker accepts only the host "
                    + "names in tls.sni-hosts.",
            "The client sent no SNI: connect by host name, not IP address; most TLS libraries send SNI only for host "
                    + "names (on ESP32/mbedTLS set the host name with mbedtls_ssl_set_hostname or the client's "
                    + "host name option); check that the client library sets SNI."),
    /** The client's SNI is not on {@code tls.sni-hosts}; the detail names the SNI sent and the allowed names. */
    SNI_NOT_ALLOWED(Category.POLICY, ReasonCodes.connack(0x87),
            "The server name (SNI) the client sent is not one of the host names in tls.sni-hosts.",
            "Connect to one of the allowed host names named in the detail (fix the host name in the client's URL), "
                    + "or add the name the client uses to tls.sni-hosts."),

    /** A provider cannot decide right now. */
    PROVIDER_UNAVAILABLE(Category.SERVER, ReasonCodes.connack(0x88),
            "An authentication or authorization provider is unavailable.",
            "Check the broker log for the provider's error."),
    /** An unexpected error in a provider; the broker log has the cause. */
    INTERNAL_ERROR(Category.SERVER, ReasonCodes.connack(0x80),
            "An internal error occurred while deciding.",
            "Check the broker log for the stack trace and report it.");

    /** What kind of failure a reason is. */
    public enum Category {
        /** User name and password. */
        CREDENTIALS,
        /** Client certificates. */
        CERTIFICATE,
        /** Tokens such as JWTs. */
        TOKEN,
        /** Publish, subscribe and receive decisions. */
        AUTHORIZATION,
        /** Bans, throttling and the TLS policy. */
        POLICY,
        /** Problems on the broker's side. */
        SERVER
    }

    private final Category category;
    private final ReasonCodes codes;
    private final String description;
    private final String remedy;

    FailureReason(Category category, ReasonCodes codes, String description, String remedy) {
        this.category = category;
        this.codes = codes;
        this.description = description;
        this.remedy = remedy;
    }

    /** The stable, machine-readable code: the constant's name, such as {@code PASSWORD_MISMATCH}. */
    public String code() {
        return name();
    }

    /** The kind of failure. */
    public Category category() {
        return category;
    }

    /** Whether this reason refuses an action (publish, subscribe, receive) rather than a connection. */
    public boolean isAuthorization() {
        return category == Category.AUTHORIZATION;
    }

    /** The default MQTT codes (before operator overrides). */
    public ReasonCodes defaultCodes() {
        return codes;
    }

    /** The default MQTT 3.1.1 code: CONNACK return code, or SUBACK {@code 0x80} for authorization reasons. */
    public int mqtt3Code() {
        return codes.mqtt3();
    }

    /** The default MQTT 5 reason code: CONNACK, or PUBACK/SUBACK for authorization reasons. */
    public int mqtt5Code() {
        return codes.mqtt5();
    }

    /** One sentence that says what went wrong. */
    public String description() {
        return description;
    }

    /** One sentence that says how to fix it. */
    public String remedy() {
        return remedy;
    }
}
