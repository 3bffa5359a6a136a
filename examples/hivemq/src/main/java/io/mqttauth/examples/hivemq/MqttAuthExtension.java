package io.mqttauth.examples.hivemq;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import jakarta.annotation.Nullable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The HiveMQ extension. Dropped into HiveMQ's {@code extensions/} folder (the {@code mqtt-auth} folder of
 * {@code target/mqtt-auth-hivemq-extension.zip}), it reads {@code mqtt-auth.properties} from its own folder and watches
 * it. It fails closed: HiveMQ lets every client in when no extension registers an authenticator, so the authenticator
 * and the authorizers are registered whatever happens, and while the configuration is missing or wrong, or a provider
 * cannot start, every client is refused with CONNACK server unavailable (MQTT 5 0x88, 3.1.1 return code 3) and the
 * problem is logged with file, line and fix. Fixing the file lets clients in without restarting HiveMQ.
 * Embedded, it uses the wrapper it is given, whose engine stays the caller's to close.
 */
public final class MqttAuthExtension implements ExtensionMain {

    /** The configuration file's name in the extension folder. */
    public static final String CONFIGURATION_FILE = "mqtt-auth.properties";
    /** How often the configuration file is checked for changes. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final @Nullable MqttAuthHiveMq given;
    private @Nullable WatchedConfiguration owned;

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
        owned = new WatchedConfiguration(file, MqttAuthExtension.class.getClassLoader(),
                Services.extensionExecutorService(), CHECK_INTERVAL);
        new MqttAuthHiveMq(owned).register();
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        if (owned != null) {
            owned.close();
            owned = null;
        }
    }
}
