package io.mqttauth.x509;

import static io.mqttauth.x509.ValidationTest.ROOT;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.ConfigurationException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code x509.clock-skew} at its limit: one day is the most allowed, one second more is refused. */
class ClockSkewLimitTest {

    @TempDir
    Path dir;
    Fixture fixture;

    @BeforeEach
    void trustTheRoot() {
        fixture = new Fixture(dir);
        fixture.write("ca.pem", TestPki.pem(ROOT.certificate()));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aSkewOfOneDayIsAllowed() {
        assertThatCode(() -> fixture.provider("trust.path", "ca.pem", "clock-skew", "1d"))
                .doesNotThrowAnyException();
        assertThatCode(() -> fixture.provider("trust.path", "ca.pem", "clock-skew", "86400s"))
                .doesNotThrowAnyException();
    }

    @Test
    void aSkewOfOneDayAndOneSecondIsRefused() {
        assertThatThrownBy(() -> fixture.provider("trust.path", "ca.pem", "clock-skew", "86401s"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("x509.clock-skew: is 86401s, more than 1d");
    }
}
