package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Every {@link FailureReason} carries its meaning and the documented default codes; {@link ReasonCodes}' table. */
class FailureReasonTest {

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void everyReasonHasDescriptionRemedyCategoryAndRefusingCodes(FailureReason r) {
        assertThat(r.code()).isEqualTo(r.name());
        assertThat(r.category()).isNotNull();
        assertThat(r.description()).isNotBlank().endsWith(".");
        assertThat(r.remedy()).isNotBlank().endsWith(".");
        assertThat(r.mqtt5Code()).isBetween(0x80, 0xFF);
        assertThat(r.defaultCodes()).isEqualTo(new ReasonCodes(r.mqtt3Code(), r.mqtt5Code()));
        if (r.isAuthorization()) {
            assertThat(r.mqtt3Code()).isEqualTo(ReasonCodes.MQTT3_SUBACK_FAILURE);
        } else {
            assertThat(r.mqtt3Code()).isBetween(1, 5).isEqualTo(ReasonCodes.mqtt3ConnackCode(r.mqtt5Code()));
        }
        assertThat(r.isAuthorization()).isEqualTo(r.category() == FailureReason.Category.AUTHORIZATION);
    }

    @Test
    void theIssuesReasonsAllExist() {
        assertThat(Arrays.stream(FailureReason.values()).map(Enum::name)).contains(
                "NO_CREDENTIALS_FOUND", "PASSWORD_MISMATCH", "NO_PASSWORD", "MALFORMED_CREDENTIALS",
                "ANONYMOUS_NOT_ALLOWED", "NO_CLIENT_CERTIFICATE", "EMPTY_CERTIFICATE_CHAIN", "CERTIFICATE_UNPARSEABLE",
                "CERTIFICATE_UNTRUSTED", "CERTIFICATE_EXPIRED", "CERTIFICATE_NOT_YET_VALID", "CERTIFICATE_REVOKED",
                "CERTIFICATE_NO_CN", "CERTIFICATE_NO_MAPPING", "TOKEN_MALFORMED", "TOKEN_TOO_LARGE",
                "TOKEN_ALGORITHM_NOT_ALLOWED", "TOKEN_UNKNOWN_KEY", "TOKEN_BAD_SIGNATURE", "TOKEN_EXPIRED",
                "TOKEN_NOT_YET_VALID", "TOKEN_CLAIM_MISMATCH", "TOKEN_KEYS_UNAVAILABLE", "NO_MATCHING_RULE",
                "DENIED_BY_RULE", "INVALID_TOPIC", "BANNED", "THROTTLED", "TLS_REQUIRED", "SNI_MISSING",
                "SNI_NOT_ALLOWED", "PROVIDER_UNAVAILABLE", "INTERNAL_ERROR");
    }

    @ParameterizedTest(name = "{0} -> {1}/{2}")
    @CsvSource(textBlock = """
            NO_CREDENTIALS_FOUND,  5,    0x87
            PASSWORD_MISMATCH,     5,    0x87
            NO_PASSWORD,           5,    0x87
            ANONYMOUS_NOT_ALLOWED, 5,    0x87
            CERTIFICATE_UNTRUSTED, 5,    0x87
            TOKEN_BAD_SIGNATURE,   5,    0x87
            MALFORMED_CREDENTIALS, 4,    0x86
            TOKEN_MALFORMED,       4,    0x86
            BANNED,                5,    0x8A
            TLS_REQUIRED,          5,    0x87
            SNI_MISSING,           5,    0x87
            SNI_NOT_ALLOWED,       5,    0x87
            PROVIDER_UNAVAILABLE,  3,    0x88
            TOKEN_KEYS_UNAVAILABLE,3,    0x88
            THROTTLED,             3,    0x9F
            INTERNAL_ERROR,        3,    0x80
            NO_MATCHING_RULE,      0x80, 0x87
            DENIED_BY_RULE,        0x80, 0x87
            INVALID_TOPIC,         0x80, 0x90
            IDENTITY_EXPIRED,      0x80, 0x87
            """)
    void documentedDefaultCodes(FailureReason reason, String mqtt3, String mqtt5) {
        assertThat(reason.defaultCodes()).isEqualTo(new ReasonCodes(Integer.decode(mqtt3), Integer.decode(mqtt5)));
    }

    /** The one 3.1.1-from-5 table: 0x86 -> 4; 0x87, 0x8A, 0x8C -> 5; 0x88, 0x89, 0x9F -> 3; 0x85 -> 2. */
    @ParameterizedTest(name = "0x{0} -> {1}")
    @CsvSource(textBlock = """
            00, 0
            84, 1
            85, 2
            80, 3
            83, 3
            88, 3
            89, 3
            9F, 3
            86, 4
            87, 5
            8A, 5
            8C, 5
            81, 5
            82, 5
            95, 5
            9C, 5
            """)
    void mqtt311CodeOfAnMqtt5Code(String mqtt5Hex, int mqtt3) {
        int mqtt5 = Integer.parseInt(mqtt5Hex, 16);
        assertThat(ReasonCodes.mqtt3ConnackCode(mqtt5)).isEqualTo(mqtt3);
        assertThat(ReasonCodes.connack(mqtt5)).isEqualTo(new ReasonCodes(mqtt3, mqtt5));
    }

    @Test
    void reasonCodesFormatAndRange() {
        assertThat(ReasonCodes.connack(0x87)).hasToString("MQTT 3.1.1: 5, MQTT 5: 0x87");
        assertThat(ReasonCodes.ack(0x90)).hasToString("MQTT 3.1.1: 0x80, MQTT 5: 0x90");
        assertThatThrownBy(() -> new ReasonCodes(-1, 0x87)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReasonCodes(5, 0x100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void engineCodesAreTheDefaultsWithoutOverrides() {
        MqttAuth auth = MqttAuth.builder().build();
        for (FailureReason r : FailureReason.values()) {
            assertThat(auth.codesOf(r)).isEqualTo(r.defaultCodes());
        }
    }
}
