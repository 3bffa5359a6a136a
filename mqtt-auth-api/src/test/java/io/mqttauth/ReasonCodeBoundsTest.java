package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bounds on reason codes, each checked at the values just inside and just outside: a code fits in a byte, an
 * override must refuse (MQTT 5 from 0x80, MQTT 3.1.1 CONNACK from 1 to 5, SUBACK 0x80).
 */
class ReasonCodeBoundsTest {

    @Test
    void codesFromZeroTo255FitAByte() {
        assertThat(new ReasonCodes(0, 0xFF)).isEqualTo(new ReasonCodes(0, 255));
        assertThat(new ReasonCodes(0xFF, 0).mqtt3()).isEqualTo(255);
    }

    @ParameterizedTest(name = "({0}, {1})")
    @CsvSource({"-1,0", "256,0", "0,-1", "0,256"})
    void codesOutsideAByteAreRefused(int mqtt3, int mqtt5) {
        assertThatThrownBy(() -> new ReasonCodes(mqtt3, mqtt5)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "CONNACK ({0}, {1})")
    @CsvSource({"1,0x80", "5,0xFF"})
    void aConnectOverrideAtTheBoundsIsAccepted(int mqtt3, String mqtt5) {
        ReasonCodes codes = new ReasonCodes(mqtt3, Integer.decode(mqtt5));
        MqttAuth auth = MqttAuth.builder().reasonCodes(FailureReason.PASSWORD_MISMATCH, codes).build();
        assertThat(auth.codesOf(FailureReason.PASSWORD_MISMATCH)).isEqualTo(codes);
    }

    @ParameterizedTest(name = "CONNACK ({0}, {1})")
    @CsvSource({"0,0x86", "6,0x86", "4,0x7F"})
    void aConnectOverrideThatDoesNotRefuseIsAConfigurationError(int mqtt3, String mqtt5) {
        ReasonCodes codes = new ReasonCodes(mqtt3, Integer.decode(mqtt5));
        assertThatThrownBy(() -> MqttAuth.builder().reasonCodes(FailureReason.PASSWORD_MISMATCH, codes))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("reason-codes.PASSWORD_MISMATCH")
                .hasMessageContaining("3.1.1 code from 1 to 5");
    }

    @Test
    void codesBelowTenPrintInDecimalAndFromTenInHex() {
        assertThat(new ReasonCodes(9, 10)).hasToString("MQTT 3.1.1: 9, MQTT 5: 0x0A");
    }

    @Test
    void anAuthorizationOverrideNeedsTheSubackFailureCode() {
        MqttAuth auth = MqttAuth.builder().reasonCodes(FailureReason.DENIED_BY_RULE, ReasonCodes.ack(0x80)).build();
        assertThat(auth.codesOf(FailureReason.DENIED_BY_RULE)).isEqualTo(new ReasonCodes(0x80, 0x80));
        assertThatThrownBy(() -> MqttAuth.builder().reasonCodes(FailureReason.DENIED_BY_RULE,
                new ReasonCodes(0x7F, 0x87))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("with the MQTT 3.1.1 code 0x80");
        assertThatThrownBy(() -> MqttAuth.builder().reasonCodes(FailureReason.DENIED_BY_RULE,
                ReasonCodes.ack(0x7F))).isInstanceOf(ConfigurationException.class);
    }
}
