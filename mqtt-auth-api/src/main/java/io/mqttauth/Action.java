package io.mqttauth;

import java.util.Objects;

/**
 * Something an authenticated client wants to do: publish to a topic, subscribe to a topic filter, or receive a message
 * that is about to be delivered to it on a concrete topic.
 *
 * <p>The topic is not validated here: an invalid topic is refused by the decision with
 * {@link FailureReason#INVALID_TOPIC}, never thrown.
 *
 * @param type what the client does
 * @param topic the topic name (PUBLISH, RECEIVE) or topic filter (SUBSCRIBE)
 * @param qos the QoS of the publish, subscription or delivery (0, 1 or 2)
 * @param retain the retain flag of a PUBLISH or delivery; {@code false} for SUBSCRIBE
 */
public record Action(Type type, String topic, int qos, boolean retain) {

    /** The kinds of action. */
    public enum Type {
        /** The client sends a PUBLISH. */
        PUBLISH,
        /** The client sends a SUBSCRIBE for a topic filter. */
        SUBSCRIBE,
        /** A message on a concrete topic is about to be delivered to the client. */
        RECEIVE
    }

    /** Checks that type and topic are present and QoS is 0, 1 or 2. */
    public Action {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(topic, "topic");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2, not " + qos);
        }
    }

    /** A PUBLISH. */
    public static Action publish(String topic, int qos, boolean retain) {
        return new Action(Type.PUBLISH, topic, qos, retain);
    }

    /** A QoS 0 PUBLISH without retain. */
    public static Action publish(String topic) {
        return publish(topic, 0, false);
    }

    /** A SUBSCRIBE to one topic filter. */
    public static Action subscribe(String topicFilter, int qos) {
        return new Action(Type.SUBSCRIBE, topicFilter, qos, false);
    }

    /** A QoS 0 SUBSCRIBE. */
    public static Action subscribe(String topicFilter) {
        return subscribe(topicFilter, 0);
    }

    /** A delivery of a message on a concrete topic to the client. */
    public static Action receive(String topic, int qos, boolean retain) {
        return new Action(Type.RECEIVE, topic, qos, retain);
    }

    /** A QoS 0 delivery. */
    public static Action receive(String topic) {
        return receive(topic, 0, false);
    }

    /** Formats as {@code PUBLISH a/b (qos 1, retain)}, non-printable characters of the topic escaped. */
    @Override
    public String toString() {
        return type + " " + SafeText.escape(topic) + " (qos " + qos + (retain ? ", retain)" : ")");
    }
}
