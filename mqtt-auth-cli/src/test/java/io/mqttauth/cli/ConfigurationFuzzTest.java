package io.mqttauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.MqttAuth;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the properties configuration: any file builds an engine ({@link MqttAuth#fromFile}) or fails with a
 * {@link ConfigurationException} whose every problem names the configuration file (or the file it points to) and says
 * what is wrong, never another exception. Every provider is on the class path and the folder holds a password file,
 * an ACL, a ban list and an HMAC secret for the configuration to name. Inputs that name a URL or a path outside the
 * folder are skipped: the test must neither reach the network nor wander the file system. Run long: see
 * docs/fuzzing.md.
 */
class ConfigurationFuzzTest {

    private static final Path DIR = CliFuzzFiles.folder("configuration-fuzz");
    private static final Path FILE = DIR.resolve("mqtt-auth.properties");

    @AfterAll
    static void cleanUp() throws IOException {
        CliFuzzFiles.delete(DIR);
    }

    @FuzzTest
    void anyPropertiesFileBuildsOrNamesItsProblems(byte[] input) throws IOException {
        if (outsideTheFolder(new String(input, StandardCharsets.UTF_8))) {
            return;
        }
        Files.write(FILE, input);
        try (MqttAuth auth = MqttAuth.fromFile(FILE)) {
            assertThat(auth.authenticatorNames()).doesNotContainNull();
        } catch (ConfigurationException e) {
            assertThat(e.problems()).isNotEmpty();
            for (ConfigurationProblem p : e.problems()) {
                assertThat(p.file()).as("%s", p).isNotNull();
                assertThat(p.file().startsWith(DIR)).as("%s", p).isTrue();
                assertThat(p.message()).as("%s", p).isNotBlank();
            }
        }
    }

    /** Whether the configuration names a URL, or a path that is absolute or leaves the folder. */
    private static boolean outsideTheFolder(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return false; // the engine must report this itself
        }
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key).trim();
            if (key.toLowerCase(Locale.ROOT).contains("url") || key.toLowerCase(Locale.ROOT).endsWith("path")
                    && (value.contains("/") || value.contains("\\") || value.startsWith("~"))) {
                return true;
            }
        }
        return false;
    }
}
