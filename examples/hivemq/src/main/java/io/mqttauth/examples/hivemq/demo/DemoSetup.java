package io.mqttauth.examples.hivemq.demo;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.MqttAuth;
import io.mqttauth.examples.hivemq.HiveMqOptions;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the demo broker runs with: the engine, the wrapper options, the listeners a mosquitto.conf asked for, and a
 * description for the start-up banner.
 *
 * @param auth the engine
 * @param options the HiveMQ wrapper options
 * @param listeners the TCP listeners of a mosquitto.conf (empty: the command line decides)
 * @param description where the configuration came from
 * @param bundledFolder the folder the bundled demo configuration was extracted to, or {@code null}
 * @param notices what was ignored in the configuration
 */
record DemoSetup(MqttAuth auth, HiveMqOptions options, List<MosquittoConf.Listener> listeners, String description,
        @Nullable Path bundledFolder, List<String> notices) {

    /** The bundled demo configuration's files, extracted next to each other. */
    static final List<String> BUNDLED_FILES = List.of("mqtt-auth.properties", "passwd", "acl");

    /** Reads {@code --config}: a mosquitto.conf or an mqtt-auth.properties, told apart by content. */
    static DemoSetup fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException(new ConfigurationProblem(file, 0, null,
                    "cannot read the configuration: " + e, "check the path"));
        }
        if (MosquittoConf.looksLikeMosquittoConf(text)) {
            MosquittoConf conf = MosquittoConf.read(file);
            // As Mosquitto 2.0: no reason strings.
            HiveMqOptions options = HiveMqOptions.defaults().withReasonStrings(HiveMqOptions.ReasonStrings.NONE);
            return new DemoSetup(conf.toMqttAuth().build(), options, conf.listeners(),
                    "mosquitto.conf " + file.toAbsolutePath() + " (password_file " + conf.passwordFile()
                            + ", acl_file " + conf.aclFile() + ", allow_anonymous " + conf.allowAnonymous() + ")",
                    null, conf.notices());
        }
        return fromProperties(file, "mqtt-auth.properties " + file.toAbsolutePath(), null);
    }

    /** Extracts the bundled demo configuration to a new temporary folder and reads it. */
    static DemoSetup bundled() {
        Path folder;
        try {
            folder = Files.createTempDirectory("mqtt-auth-demo");
            for (String name : BUNDLED_FILES) {
                try (InputStream in = DemoSetup.class.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalStateException("the demo resource " + name + " is missing from the jar");
                    }
                    Files.copy(in, folder.resolve(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the demo configuration", e);
        }
        Path file = folder.resolve("mqtt-auth.properties");
        return fromProperties(file, "bundled demo configuration, extracted to " + folder, folder);
    }

    private static DemoSetup fromProperties(Path file, String description, @Nullable Path bundledFolder) {
        MqttAuth auth = MqttAuth.builder().configuration(file).hostKeys(HiveMqOptions.KEYS).build();
        try {
            return new DemoSetup(auth, HiveMqOptions.fromFile(file), List.of(), description, bundledFolder,
                    List.of());
        } catch (ConfigurationException e) {
            auth.close();
            throw e;
        }
    }
}
