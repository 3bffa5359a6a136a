package io.mqttauth.examples.hivemq;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuthBuilder;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Small blocking helpers over the HiveMQ MQTT client, answering with the broker's codes as numbers. */
public final class Mqtt {

    private Mqtt() {
    }

    public static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static Mqtt5BlockingClient v5(int port, String clientId) {
        return Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port).buildBlocking();
    }

    public static Mqtt5BlockingClient v5(InetSocketAddress address, String clientId, MqttClientSslConfig ssl) {
        return Mqtt5Client.builder().identifier(clientId).serverAddress(address).sslConfig(ssl).buildBlocking();
    }

    public static Mqtt3BlockingClient v3(int port, String clientId) {
        return Mqtt3Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port).buildBlocking();
    }

    /** The CONNACK of an MQTT 5 connect; {@code user}/{@code password} null for none. */
    public static Mqtt5ConnAck connack(Mqtt5BlockingClient c, String user, String password) {
        try {
            if (user == null && password == null) {
                return c.connect();
            }
            Mqtt5SimpleAuthBuilder.Complete auth = user != null
                    ? Mqtt5SimpleAuth.builder().username(user)
                    : Mqtt5SimpleAuth.builder().password(bytes(password));
            if (user != null && password != null) {
                auth = auth.password(bytes(password));
            }
            return c.connectWith().simpleAuth(auth.build()).send();
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage();
        }
    }

    /** The CONNACK reason code of an MQTT 5 connect. */
    public static int connect5(Mqtt5BlockingClient c, String user, String password) {
        return connack(c, user, password).getReasonCode().getCode();
    }

    /** The CONNACK return code of an MQTT 3.1.1 connect ({@code password} only with a {@code user}). */
    public static int connect3(Mqtt3BlockingClient c, String user, String password) {
        try {
            if (user == null) {
                return c.connect().getReturnCode().getCode();
            }
            Mqtt3SimpleAuthBuilder.Complete auth = Mqtt3SimpleAuth.builder().username(user);
            if (password != null) {
                auth = auth.password(bytes(password));
            }
            return c.connectWith().simpleAuth(auth.build()).send().getReturnCode().getCode();
        } catch (Mqtt3ConnAckException e) {
            return e.getMqttMessage().getReturnCode().getCode();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The PUBACK of a QoS 1 MQTT 5 publish. */
    public static Mqtt5PubAck publish5(Mqtt5BlockingClient c, String topic, boolean retain) {
        try {
            Mqtt5PublishResult r = c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain)
                    .payload(topic.getBytes(StandardCharsets.UTF_8)).send();
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) r).getPubAck();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage();
        }
    }

    public static int publish5(Mqtt5BlockingClient c, String topic) {
        return publish5(c, topic, false).getReasonCode().getCode();
    }

    /** Publishes at QoS 1 with MQTT 3.1.1 (returns when the PUBACK arrives). */
    public static void publish3(Mqtt3BlockingClient c, String topic) {
        c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(topic.getBytes(StandardCharsets.UTF_8))
                .send();
    }

    /** The SUBACK reason code of an MQTT 5 subscription to one filter. */
    public static int subscribe5(Mqtt5BlockingClient c, String filter) {
        try {
            return c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes().get(0)
                    .getCode();
        } catch (Mqtt5SubAckException e) {
            List<Mqtt5SubAckReasonCode> codes = e.getMqttMessage().getReasonCodes();
            return codes.get(0).getCode();
        }
    }

    /** The SUBACK return code of an MQTT 3.1.1 subscription to one filter. */
    public static int subscribe3(Mqtt3BlockingClient c, String filter) {
        try {
            return c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReturnCodes().get(0)
                    .getCode();
        } catch (Mqtt3SubAckException e) {
            List<Mqtt3SubAckReturnCode> codes = e.getMqttMessage().getReturnCodes();
            return codes.get(0).getCode();
        }
    }

    /** The topic of the next message, or empty if none arrives within 10 s. */
    public static Optional<String> next(Mqtt5BlockingClient.Mqtt5Publishes publishes) throws InterruptedException {
        return publishes.receive(10, TimeUnit.SECONDS).map(p -> p.getTopic().toString());
    }

    public static Mqtt5BlockingClient.Mqtt5Publishes publishes(Mqtt5BlockingClient c) {
        return c.publishes(MqttGlobalPublishFilter.ALL);
    }

    public static String payload(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }
}
