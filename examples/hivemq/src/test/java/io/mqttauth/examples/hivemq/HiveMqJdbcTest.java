package io.mqttauth.examples.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.mqttauth.MqttAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HiveMQ with {@code authenticators = jdbc} and {@code authorizers = jdbc}, driven by a real MQTT client: users and
 * rules in EMQX's tables on a real PostgreSQL ({@link TestDatabase}). The wrapper decides database misses on HiveMQ's
 * managed executor and cache hits on the extension task thread.
 */
class HiveMqJdbcTest {

    @TempDir
    Path tmp;

    @Test
    void aDeviceInTheDatabaseConnectsAndPublishesWhereItsRowsAllow() throws Exception {
        try (TestDatabase db = TestDatabase.create("mqtt_auth_hivemq_" + ProcessHandle.current().pid())) {
            Files.writeString(tmp.resolve("db-password"), db.password());
            Path conf = Files.writeString(tmp.resolve("mqtt-auth.properties"),
                    "authenticators = jdbc\nauthorizers = jdbc\n" + db.configuration());
            int port = Mqtt.freePort();
            try (MqttAuth auth = MqttAuth.builder().configuration(conf).hostKeys(HiveMqOptions.KEYS).build()) {
                EmbeddedBroker broker = EmbeddedBroker.builder(new MqttAuthHiveMq(auth,
                        HiveMqOptions.fromFile(conf))).tcp("tcp", "127.0.0.1", port).start();
                try {
                    assertThat(Mqtt.connect5(Mqtt.v5(port, "d1"), "device-1", "not-the-pw")).isEqualTo(0x87);
                    assertThat(Mqtt.connect5(Mqtt.v5(port, "d1"), "device-9", "device-pw")).isEqualTo(0x87);

                    Mqtt5BlockingClient device = Mqtt.v5(port, "d1");
                    assertThat(Mqtt.connect5(device, "device-1", "device-pw")).isZero();
                    assertThat(Mqtt.publish5(device, "devices/d1/temp")).isIn(0x00, 0x10);
                    assertThat(Mqtt.publish5(device, "devices/d2/temp")).isEqualTo(0x87);
                    device.disconnect();

                    Mqtt5BlockingClient again = Mqtt.v5(port, "d1");
                    assertThat(Mqtt.connect5(again, "device-1", "device-pw")).as("from the cache").isZero();
                    again.disconnect();
                } finally {
                    broker.close();
                }
            }
        }
    }
}
