package io.mqttauth.examples.hivemq;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import io.mqttauth.ConfigurationException;
import io.mqttauth.MqttAuth;
import jakarta.annotation.Nullable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HiveMQ extension. Dropped into HiveMQ's {@code extensions/} folder (the {@code mqtt-auth} folder built under
 * {@code target/}), it reads {@code mqtt-auth.properties} from its own folder; a configuration mistake stops the
 * extension from starting, naming the key and the fix, so HiveMQ never runs with authentication half-configured.
 * Embedded, it uses the engine it is given, which stays the caller's to close.
 */
public final class MqttAuthExtension implements ExtensionMain {

    /** The configuration file's name in the extension folder. */
    public static final String CONFIGURATION_FILE = "mqtt-auth.properties";

    private static final Logger LOG = LoggerFactory.getLogger(MqttAuthExtension.class);

    private final @Nullable MqttAuthHiveMq given;
    private @Nullable MqttAuth owned;

    /** For HiveMQ's extension loader: the configuration is read from the extension folder at start. */
    public MqttAuthExtension() {
        this.given = null;
    }

    /** For embedded HiveMQ: registers the given wrapper at start. */
    public MqttAuthExtension(MqttAuthHiveMq wrapper) {
        this.given = wrapper;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        if (given != null) {
            given.register();
            return;
        }
        Path file = input.getExtensionInformation().getExtensionHomeFolder().toPath().resolve(CONFIGURATION_FILE);
        if (!Files.isRegularFile(file)) {
            output.preventExtensionStartup("mqtt-auth: " + file + " not found; copy " + CONFIGURATION_FILE
                    + ".example beside it and adjust it");
            return;
        }
        try {
            owned = MqttAuth.builder()
                    .configuration(file)
                    .hostKeys(HiveMqOptions.KEYS)
                    .classLoader(MqttAuthExtension.class.getClassLoader())
                    .build();
            new MqttAuthHiveMq(owned, HiveMqOptions.fromFile(file)).register();
            LOG.info("mqtt-auth started from {}: authenticators {}, authorizers {}", file,
                    owned.authenticatorNames(), owned.authorizerNames());
        } catch (ConfigurationException e) {
            if (owned != null) {
                owned.close();
                owned = null;
            }
            output.preventExtensionStartup("mqtt-auth: " + e.getMessage());
        }
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        if (owned != null) {
            owned.close();
            owned = null;
        }
    }
}
