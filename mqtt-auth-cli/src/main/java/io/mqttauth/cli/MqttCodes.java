package io.mqttauth.cli;

/**
 * What CONNACK, SUBACK and PUBACK codes mean: the name and meaning the MQTT 3.1.1 and 5 specifications give, and what
 * each usually means in practice, with what to do.
 */
final class MqttCodes {

    private MqttCodes() {
    }

    /** A code's meaning: its name in the specification, the specification's words, and what to do about it. */
    record Meaning(String name, String spec, String practice) {
    }

    private static final String CREDENTIALS = "the broker read your user name and password and rejected them: check "
            + "the user name and the password (a --password-file is sent as is, byte for byte: no trailing newline); "
            + "for a token, check its expiry, audience, issuer and signing key";
    private static final String NOT_ALLOWED = "authenticated or not, this client is not allowed: check the broker's "
            + "ACLs, client id rules and certificate mapping, and whether it accepts anonymous clients; the broker "
            + "log names the reason. Mosquitto 2 also answers a wrong user name or password with this code";

    /** An MQTT 5 CONNACK reason code. */
    static Meaning connack5(int code) {
        return switch (code) {
            case 0x00 -> new Meaning("Success", "The connection is accepted.", "");
            case 0x80 -> new Meaning("Unspecified error", "The server does not wish to reveal the reason for the "
                    + "failure, or none of the other reason codes apply.", "read the broker's log");
            case 0x81 -> new Meaning("Malformed Packet", "Data within the CONNECT packet could not be correctly "
                    + "parsed.", "the client library sent a CONNECT the broker could not parse");
            case 0x82 -> new Meaning("Protocol Error", "Data in the CONNECT packet does not conform to this "
                    + "specification.", "the CONNECT breaks a protocol rule the broker enforces; read the broker's "
                    + "log");
            case 0x83 -> new Meaning("Implementation specific error", "The CONNECT is valid but is not accepted by "
                    + "this server.", "a broker-specific refusal; the reason string or the broker's log says why");
            case 0x84 -> new Meaning("Unsupported Protocol Version", "The server does not support the version of "
                    + "the MQTT protocol requested by the client.", "use the MQTT version the broker speaks");
            case 0x85 -> new Meaning("Client Identifier not valid", "The Client Identifier is a valid string but is "
                    + "not allowed by the server.", "the broker rejected the client id: use one it accepts (length, "
                    + "characters, prefix rules; not empty)");
            case 0x86 -> new Meaning("Bad User Name or Password", "The server does not accept the User Name or "
                    + "Password specified by the client.", CREDENTIALS);
            case 0x87 -> new Meaning("Not authorized", "The Client is not authorized to connect.", NOT_ALLOWED);
            case 0x88 -> new Meaning("Server unavailable", "The MQTT server is not available.",
                    "the broker is up but cannot serve clients right now: retry later, with backoff");
            case 0x89 -> new Meaning("Server busy", "The server is busy. Try again later.",
                    "retry later, with backoff");
            case 0x8A -> new Meaning("Banned", "This Client has been banned by administrative action.",
                    "this client id, user or address is banned: ask the broker's operator");
            case 0x8C -> new Meaning("Bad authentication method", "The authentication method is not supported or "
                    + "does not match the authentication method currently in use.",
                    "the broker expects another enhanced authentication method");
            case 0x90 -> new Meaning("Topic Name invalid", "The Will Topic Name is not malformed, but is not "
                    + "accepted by this server.", "change the will topic");
            case 0x95 -> new Meaning("Packet too large", "The CONNECT packet exceeded the maximum permissible "
                    + "size.", "send a smaller CONNECT (shorter token or will message)");
            case 0x97 -> new Meaning("Quota exceeded", "An implementation or administrative imposed limit has been "
                    + "exceeded.", "a connection limit was reached: retry later or ask the operator");
            case 0x99 -> new Meaning("Payload format invalid", "The Will Payload does not match the specified "
                    + "Payload Format Indicator.", "fix the will payload");
            case 0x9A -> new Meaning("Retain not supported", "The Server does not support retained messages, and "
                    + "Will Retain was set to 1.", "do not retain the will");
            case 0x9B -> new Meaning("QoS not supported", "The Server does not support the QoS set in Will QoS.",
                    "lower the will QoS");
            case 0x9C -> new Meaning("Use another server", "The Client should temporarily use another server.",
                    "connect to the server the broker names (server reference)");
            case 0x9D -> new Meaning("Server moved", "The Client should permanently use another server.",
                    "connect to the server the broker names (server reference)");
            case 0x9F -> new Meaning("Connection rate exceeded", "The connection rate limit has been exceeded.",
                    "connect less often: retry later, with backoff");
            default -> new Meaning("unknown code", "Not a CONNACK reason code of MQTT 5.", "read the broker's log");
        };
    }

    /** An MQTT 3.1.1 CONNACK return code. */
    static Meaning connack3(int code) {
        return switch (code) {
            case 0 -> new Meaning("Connection Accepted", "Connection accepted.", "");
            case 1 -> new Meaning("Connection Refused, unacceptable protocol version", "The Server does not support "
                    + "the level of the MQTT protocol requested by the Client.", "use the MQTT version the broker "
                    + "speaks");
            case 2 -> new Meaning("Connection Refused, identifier rejected", "The Client identifier is correct "
                    + "UTF-8 but not allowed by the Server.", connack5(0x85).practice());
            case 3 -> new Meaning("Connection Refused, Server unavailable", "The Network Connection has been made "
                    + "but the MQTT service is unavailable.", connack5(0x88).practice());
            case 4 -> new Meaning("Connection Refused, bad user name or password", "The data in the user name or "
                    + "password is malformed.", CREDENTIALS);
            case 5 -> new Meaning("Connection Refused, not authorized", "The Client is not authorized to connect.",
                    NOT_ALLOWED + ", and MQTT 3.1.1 brokers use it for bans and rate limits too");
            default -> new Meaning("unknown code", "Not a CONNACK return code of MQTT 3.1.1.",
                    "read the broker's log");
        };
    }

    /**
     * The MQTT 3.1.1 return code a broker sends for an MQTT 5 reason code, as the specifications pair them (and as
     * brokers map them: every other refusal becomes 5), so the answers of the two versions can be compared.
     */
    static int v3Equivalent(int v5) {
        return switch (v5) {
            case 0x00 -> 0;
            case 0x84 -> 1;
            case 0x85 -> 2;
            case 0x88, 0x89 -> 3;
            case 0x86 -> 4;
            default -> 5;
        };
    }

    /** A SUBACK code, either version (MQTT 3.1.1 knows 0, 1, 2 and 0x80). */
    static Meaning suback(int code) {
        return switch (code) {
            case 0x00, 0x01, 0x02 -> new Meaning("Granted QoS " + code, "The subscription is accepted with "
                    + "maximum QoS " + code + ".", "");
            case 0x80 -> new Meaning("Unspecified error / Failure", "The subscription is not accepted.",
                    "the broker refused the subscription; with mqtt-auth or Mosquitto most often an ACL that does "
                    + "not allow reading this filter: check the read rules for the client's user");
            case 0x83 -> new Meaning("Implementation specific error", "The SUBSCRIBE is valid but the Server does "
                    + "not accept it.", "the reason string or the broker's log says why");
            case 0x87 -> new Meaning("Not authorized", "The Client is not authorized to make this subscription.",
                    "an ACL does not allow reading this filter: check the read rules for the client's user");
            case 0x8F -> new Meaning("Topic Filter invalid", "The Topic Filter is correctly formed but is not "
                    + "allowed for this Client.", "use a filter the broker accepts");
            case 0x91 -> new Meaning("Packet Identifier in use", "The specified Packet Identifier is already in "
                    + "use.", "a client library bug");
            case 0x97 -> new Meaning("Quota exceeded", "An implementation or administrative imposed limit has been "
                    + "exceeded.", "too many subscriptions");
            case 0x9E -> new Meaning("Shared Subscriptions not supported", "The Server does not support Shared "
                    + "Subscriptions for this Client.", "subscribe without $share/");
            case 0xA1 -> new Meaning("Subscription Identifiers not supported", "The Server does not support "
                    + "Subscription Identifiers.", "subscribe without a subscription identifier");
            case 0xA2 -> new Meaning("Wildcard Subscriptions not supported", "The Server does not support Wildcard "
                    + "Subscriptions.", "subscribe to exact topics");
            default -> new Meaning("unknown code", "Not a SUBACK code.", "read the broker's log");
        };
    }

    /** An MQTT 5 PUBACK reason code. */
    static Meaning puback(int code) {
        return switch (code) {
            case 0x00 -> new Meaning("Success", "The message is accepted.", "");
            case 0x10 -> new Meaning("No matching subscribers", "The message is accepted but there are no "
                    + "subscribers.", "");
            case 0x80 -> new Meaning("Unspecified error", "The receiver does not accept the publish.",
                    "the reason string or the broker's log says why");
            case 0x83 -> new Meaning("Implementation specific error", "The PUBLISH is valid but the receiver is not "
                    + "willing to accept it.", "the reason string or the broker's log says why");
            case 0x87 -> new Meaning("Not authorized", "The PUBLISH is not authorized.",
                    "an ACL does not allow writing this topic: check the write rules for the client's user");
            case 0x90 -> new Meaning("Topic Name invalid", "The Topic Name is not malformed, but is not accepted.",
                    "publish to a topic the broker accepts");
            case 0x91 -> new Meaning("Packet identifier in use", "The Packet Identifier is already in use.",
                    "a client library bug");
            case 0x97 -> new Meaning("Quota exceeded", "An implementation or administrative imposed limit has been "
                    + "exceeded.", "publish less");
            case 0x99 -> new Meaning("Payload format invalid", "The payload format does not match the specified "
                    + "Payload Format Indicator.", "fix the payload format indicator");
            default -> new Meaning("unknown code", "Not a PUBACK reason code.", "read the broker's log");
        };
    }

    /** {@code 0x87}-style hexadecimal. */
    static String hex(int code) {
        return String.format("0x%02X", code);
    }
}
