package io.mqttauth.examples.hivemq;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * How the HiveMQ wrapper answers refused clients. Read from two keys of {@code mqtt-auth.properties} that the wrapper
 * owns (pass {@link #KEYS} to {@link io.mqttauth.MqttAuth.Builder#hostKeys}):
 * <ul>
 *   <li>{@code client-reason-strings = generic | detailed | none} (default {@code generic}): the MQTT 5 reason
 *       string sent with a refusal. {@code generic} names only the reason code ("Not authorized"); {@code detailed}
 *       sends the failure reason and what was checked, which helps during development but tells a client which user
 *       names exist; {@code none} sends no reason string, as Mosquitto 2.0. The full explanation always goes to the
 *       broker log.</li>
 *   <li>{@code publish-denial = ack | disconnect} (default {@code ack}): {@code ack} answers a denied PUBLISH as
 *       Mosquitto 2.0 does (MQTT 5: PUBACK/PUBREC with the reason code; MQTT 3.1.1: a plain PUBACK; the message is
 *       dropped and the connection stays open); {@code disconnect} keeps HiveMQ's own behaviour, which disconnects the
 *       client after every denied PUBLISH.</li>
 * </ul>
 *
 * @param reasonStrings what refused clients are told
 * @param publishDenial how a denied PUBLISH is answered
 */
public record HiveMqOptions(ReasonStrings reasonStrings, PublishDenial publishDenial) {

    /** The key that selects the reason strings. */
    public static final String REASON_STRINGS_KEY = "client-reason-strings";
    /** The key that selects how a denied PUBLISH is answered. */
    public static final String PUBLISH_DENIAL_KEY = "publish-denial";
    /** Every key the wrapper reads from {@code mqtt-auth.properties}. */
    public static final Set<String> KEYS = Set.of(REASON_STRINGS_KEY, PUBLISH_DENIAL_KEY);

    /** What the reason string of a refusal says. */
    public enum ReasonStrings {
        /** The name of the reason code only, such as "Not authorized". */
        GENERIC,
        /** The failure reason and what was checked (development only). */
        DETAILED,
        /** No reason string, as Mosquitto 2.0. */
        NONE
    }

    /** How a denied PUBLISH is answered. */
    public enum PublishDenial {
        /** Acknowledge and drop, as Mosquitto 2.0 does; the connection stays open. */
        ACK,
        /** Disconnect the client, as HiveMQ does for a failed publish authorization. */
        DISCONNECT
    }

    /** Checks for nulls. */
    public HiveMqOptions {
        Objects.requireNonNull(reasonStrings, "reasonStrings");
        Objects.requireNonNull(publishDenial, "publishDenial");
    }

    /** Generic reason strings; denied publishes acknowledged as Mosquitto does. */
    public static HiveMqOptions defaults() {
        return new HiveMqOptions(ReasonStrings.GENERIC, PublishDenial.ACK);
    }

    /** These options with other reason strings. */
    public HiveMqOptions withReasonStrings(ReasonStrings value) {
        return new HiveMqOptions(value, publishDenial);
    }

    /** These options with another answer to denied publishes. */
    public HiveMqOptions withPublishDenial(PublishDenial value) {
        return new HiveMqOptions(reasonStrings, value);
    }

    /**
     * Reads the wrapper's keys from a properties file; keys it does not set keep their defaults.
     *
     * @throws ConfigurationException naming the file and key when a value is not one of the allowed words
     */
    public static HiveMqOptions fromFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(new ConfigurationProblem(file, 0, null,
                    "cannot read the configuration: " + e.getMessage(), "check the path and the file"));
        }
        return new HiveMqOptions(
                choice(file, p, REASON_STRINGS_KEY, ReasonStrings.class, ReasonStrings.GENERIC),
                choice(file, p, PUBLISH_DENIAL_KEY, PublishDenial.class, PublishDenial.ACK));
    }

    private static <E extends Enum<E>> E choice(Path file, Properties p, String key, Class<E> type, E dflt) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder words = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                words.append(words.length() == 0 ? "" : " or ").append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new ConfigurationException(new ConfigurationProblem(file, 0, key,
                    "is \"" + value.trim() + "\"", "write " + words));
        }
    }
}
