package io.mqttauth.examples.hivemq;

import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import io.mqttauth.Decision;
import io.mqttauth.MqttVersion;
import jakarta.annotation.Nullable;
import java.util.Locale;

/** Turns a refusing {@link Decision} into what HiveMQ sends: the reason code and the reason string. */
final class Answers {

    private final HiveMqOptions.ReasonStrings reasonStrings;

    Answers(HiveMqOptions.ReasonStrings reasonStrings) {
        this.reasonStrings = reasonStrings;
    }

    /**
     * The CONNACK reason code. For an MQTT 3.1.1 client HiveMQ derives the return code from the MQTT 5 code, so the
     * code chosen is one that HiveMQ turns into the decision's MQTT 3.1.1 code (which an operator may have set apart
     * from the MQTT 5 code with {@code reason-codes.<REASON>}).
     */
    static ConnackReasonCode connack(Decision d, MqttVersion version) {
        if (!version.hasReasonCodes()) {
            return switch (d.codes().mqtt3()) {
                case 1 -> ConnackReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
                case 2 -> ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
                case 3 -> ConnackReasonCode.SERVER_UNAVAILABLE;
                case 4 -> ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD;
                default -> ConnackReasonCode.NOT_AUTHORIZED;
            };
        }
        return switch (d.codes().mqtt5()) {
            case 0x81 -> ConnackReasonCode.MALFORMED_PACKET;
            case 0x82 -> ConnackReasonCode.PROTOCOL_ERROR;
            case 0x83 -> ConnackReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
            case 0x84 -> ConnackReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
            case 0x85 -> ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
            case 0x86 -> ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD;
            case 0x87 -> ConnackReasonCode.NOT_AUTHORIZED;
            case 0x88 -> ConnackReasonCode.SERVER_UNAVAILABLE;
            case 0x89 -> ConnackReasonCode.SERVER_BUSY;
            case 0x8A -> ConnackReasonCode.BANNED;
            case 0x8C -> ConnackReasonCode.BAD_AUTHENTICATION_METHOD;
            case 0x90 -> ConnackReasonCode.TOPIC_NAME_INVALID;
            case 0x95 -> ConnackReasonCode.PACKET_TOO_LARGE;
            case 0x97 -> ConnackReasonCode.QUOTA_EXCEEDED;
            case 0x99 -> ConnackReasonCode.PAYLOAD_FORMAT_INVALID;
            case 0x9A -> ConnackReasonCode.RETAIN_NOT_SUPPORTED;
            case 0x9B -> ConnackReasonCode.QOS_NOT_SUPPORTED;
            case 0x9C -> ConnackReasonCode.USE_ANOTHER_SERVER;
            case 0x9D -> ConnackReasonCode.SERVER_MOVED;
            case 0x9F -> ConnackReasonCode.CONNECTION_RATE_EXCEEDED;
            default -> ConnackReasonCode.UNSPECIFIED_ERROR;
        };
    }

    /** The PUBACK/PUBREC reason code of a denied publish. */
    static AckReasonCode puback(Decision d) {
        return switch (d.codes().mqtt5()) {
            case 0x83 -> AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
            case 0x87 -> AckReasonCode.NOT_AUTHORIZED;
            case 0x90 -> AckReasonCode.TOPIC_NAME_INVALID;
            case 0x91 -> AckReasonCode.PACKET_IDENTIFIER_IN_USE;
            case 0x97 -> AckReasonCode.QUOTA_EXCEEDED;
            case 0x99 -> AckReasonCode.PAYLOAD_FORMAT_INVALID;
            default -> AckReasonCode.UNSPECIFIED_ERROR;
        };
    }

    /** The SUBACK reason code of a denied subscription (HiveMQ sends 0x80 to an MQTT 3.1.1 client). */
    static SubackReasonCode suback(Decision d) {
        return switch (d.codes().mqtt5()) {
            case 0x83 -> SubackReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
            case 0x87 -> SubackReasonCode.NOT_AUTHORIZED;
            case 0x8F -> SubackReasonCode.TOPIC_FILTER_INVALID;
            case 0x91 -> SubackReasonCode.PACKET_IDENTIFIER_IN_USE;
            case 0x97 -> SubackReasonCode.QUOTA_EXCEEDED;
            case 0x9E -> SubackReasonCode.SHARED_SUBSCRIPTION_NOT_SUPPORTED;
            case 0xA1 -> SubackReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED;
            case 0xA2 -> SubackReasonCode.WILDCARD_SUBSCRIPTION_NOT_SUPPORTED;
            default -> SubackReasonCode.UNSPECIFIED_ERROR;
        };
    }

    /**
     * The reason string for a refusal answered with {@code code}: the code's name ("Not authorized"), with
     * {@code detailed} reason strings the failure reason and what was checked, with {@code none} nothing.
     */
    @Nullable String reasonString(Decision d, Enum<?> code) {
        return switch (reasonStrings) {
            case DETAILED -> d.reason().orElseThrow().code() + ": " + d.detail();
            case GENERIC -> genericReason(code);
            case NONE -> null;
        };
    }

    /** The DISCONNECT reason code of a refusal that ends a connection (an identity that expired). */
    static DisconnectReasonCode disconnect(Decision d) {
        return switch (d.codes().mqtt5()) {
            case 0x83 -> DisconnectReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
            case 0x87 -> DisconnectReasonCode.NOT_AUTHORIZED;
            case 0x89 -> DisconnectReasonCode.SERVER_BUSY;
            case 0x98 -> DisconnectReasonCode.ADMINISTRATIVE_ACTION;
            default -> DisconnectReasonCode.UNSPECIFIED_ERROR;
        };
    }

    /** The name of a reason code in words: {@code NOT_AUTHORIZED} becomes "Not authorized". */
    String genericReason(Enum<?> code) {
        String words = code.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
