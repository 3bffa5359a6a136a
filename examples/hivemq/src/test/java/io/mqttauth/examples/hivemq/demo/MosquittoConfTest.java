package io.mqttauth.examples.hivemq.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.Action;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a mosquitto.conf is read and translated. */
class MosquittoConfTest {

    @TempDir
    Path dir;

    private MosquittoConf read(String... lines) throws IOException {
        return MosquittoConf.read(Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n", lines)));
    }

    @Test
    void aFileWhoseFirstSettingHasNoEqualsSignIsAMosquittoConf() {
        assertThat(MosquittoConf.looksLikeMosquittoConf("# c\n\nlistener 1883\nx = y")).isTrue();
        assertThat(MosquittoConf.looksLikeMosquittoConf("# c\nauthenticators = password-file\n")).isFalse();
        assertThat(MosquittoConf.looksLikeMosquittoConf("# only comments\n")).isFalse();
    }

    @Test
    void filesResolveBesideTheConfigurationAndListenersAreKeptInOrder() throws IOException {
        MosquittoConf conf = read("port 1884", "listener 1885 127.0.0.2", "listener 1886",
                "password_file passwd", "acl_file /etc/acl");

        assertThat(conf.passwordFile()).isEqualTo(dir.toAbsolutePath().resolve("passwd").normalize());
        assertThat(conf.aclFile()).isEqualTo(Path.of("/etc/acl"));
        assertThat(conf.listeners()).containsExactly(new MosquittoConf.Listener(1884, null),
                new MosquittoConf.Listener(1885, "127.0.0.2"), new MosquittoConf.Listener(1886, null));
    }

    @Test
    void allowAnonymousDefaultsAsInMosquitto2() throws IOException {
        assertThat(read("listener 1883").allowAnonymous()).isFalse();
        assertThat(read("persistence false").allowAnonymous()).isTrue();
        assertThat(read("listener 1883", "allow_anonymous true").allowAnonymous()).isTrue();
    }

    @Test
    void directivesTheDemoCannotHonourAreErrorsWithTheirLine() throws IOException {
        assertThatThrownBy(() -> read("listener 1883", "plugin /usr/lib/x.so", "cafile ca.pem",
                "allow_anonymous maybe", "listener http"))
                .isInstanceOf(ConfigurationException.class)
                .extracting(e -> ((ConfigurationException) e).problems().stream().map(ConfigurationProblem::line)
                        .toList())
                .isEqualTo(List.of(2, 3, 4, 5));
    }

    @Test
    void otherDirectivesAreIgnoredWithANotice() throws IOException {
        assertThat(read("listener 1883", "log_type all").notices())
                .containsExactly("mosquitto.conf:2: log_type is not used by the demo broker (ignored)");
    }

    @Test
    void withoutPasswordFileAndWithAnonymousEveryUserNameIsAcceptedAsMosquittoDoes() throws IOException {
        try (MqttAuth auth = read("allow_anonymous true").toMqttAuth().build()) {
            ConnectRequest named = ConnectRequest.builder("c").username("anyone").password("anything").build();
            assertThat(auth.authenticate(named).identity()).map(Identity::name).contains("anyone");
            assertThat(auth.authenticate(ConnectRequest.builder("c").build()).isAllowed()).isTrue();
            Identity anyone = auth.authenticate(named).identity().orElseThrow();
            assertThat(auth.authorize(anyone, Action.publish("any/topic")).isAllowed()).isTrue();
        }
    }

    @Test
    void withoutPasswordFileAndWithoutAnonymousEveryClientIsRefused() throws IOException {
        try (MqttAuth auth = read("listener 1883").toMqttAuth().build()) {
            assertThat(auth.authenticate(ConnectRequest.builder("c").username("u").password("p").build())
                    .isAllowed()).isFalse();
            assertThat(auth.authenticate(ConnectRequest.builder("c").build()).isAllowed()).isFalse();
        }
    }
}
