package io.mqttauth.examples.hivemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.hivemq.extension.sdk.api.parameter.ExtensionInformation;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import io.mqttauth.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extension loaded from a folder refuses to start, saying why, when its configuration is missing or wrong. */
class MqttAuthExtensionTest {

    @TempDir
    Path folder;

    private ExtensionStartOutput start() {
        ExtensionInformation info = mock(ExtensionInformation.class);
        when(info.getExtensionHomeFolder()).thenReturn(folder.toFile());
        ExtensionStartInput input = mock(ExtensionStartInput.class);
        when(input.getExtensionInformation()).thenReturn(info);
        ExtensionStartOutput output = mock(ExtensionStartOutput.class);
        new MqttAuthExtension().extensionStart(input, output);
        return output;
    }

    @Test
    void aMissingConfigurationPreventsTheStart() {
        verify(start()).preventExtensionStartup(argThat(m -> m.contains("mqtt-auth.properties not found")));
    }

    @Test
    void aConfigurationMistakePreventsTheStartNamingTheKey() throws IOException {
        Files.writeString(folder.resolve("mqtt-auth.properties"), "authenticators = password-file\n");
        verify(start()).preventExtensionStartup(argThat(m -> m.contains("password-file.path")));
    }

    @Test
    void aWrongWrapperOptionNamesTheKeyAndTheWords() throws IOException {
        Path file = Files.writeString(folder.resolve("x.properties"), "publish-denial = drop\n");
        assertThatThrownBy(() -> HiveMqOptions.fromFile(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("publish-denial")
                .hasMessageContaining("ack or disconnect");
        assertThat(HiveMqOptions.fromFile(Files.writeString(folder.resolve("y.properties"), "")))
                .isEqualTo(HiveMqOptions.defaults());
    }
}
