package io.mqttauth;

/** The MQTT protocol version a client connected with. */
public enum MqttVersion {
    /** MQTT 3.1 (protocol level 3). */
    V3_1(3),
    /** MQTT 3.1.1 (protocol level 4). */
    V3_1_1(4),
    /** MQTT 5.0 (protocol level 5). */
    V5(5);

    private final int protocolLevel;

    MqttVersion(int protocolLevel) {
        this.protocolLevel = protocolLevel;
    }

    /** The protocol level byte of the CONNECT packet. */
    public int protocolLevel() {
        return protocolLevel;
    }

    /** Whether this version reports MQTT 5 reason codes (otherwise MQTT 3.1.1 return codes). */
    public boolean hasReasonCodes() {
        return this == V5;
    }
}
