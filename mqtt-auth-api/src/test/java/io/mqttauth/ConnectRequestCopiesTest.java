package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A {@link ConnectRequest} hands out copies of its secrets and MQTT 5 authentication data, keeps them through
 * {@link ConnectRequest#toBuilder()}, and {@link ConnectRequest#clear} overwrites a copy.
 */
class ConnectRequestCopiesTest {

    @Test
    void authenticationMethodAndDataAreReturnedAsCopies() {
        byte[] data = {1, 2, 3};
        ConnectRequest r = ConnectRequest.builder("c").authentication("SCRAM-SHA-256", data).build();
        data[0] = 9;
        assertThat(r.authenticationMethod()).contains("SCRAM-SHA-256");
        byte[] first = r.authenticationData().orElseThrow();
        assertThat(first).containsExactly(1, 2, 3);
        first[1] = 9;
        assertThat(r.authenticationData().orElseThrow()).containsExactly(1, 2, 3);
        ConnectRequest none = ConnectRequest.builder("c").build();
        assertThat(none.authenticationMethod()).isEmpty();
        assertThat(none.authenticationData()).isEmpty();
    }

    @Test
    void toBuilderKeepsThePasswordOrItsAbsence() {
        ConnectRequest with = ConnectRequest.builder("c").username("u").password("pw").build();
        ConnectRequest copy = with.toBuilder().build();
        assertThat(copy.hasPassword()).isTrue();
        assertThat(copy.password().orElseThrow()).isEqualTo("pw".getBytes(StandardCharsets.UTF_8));
        ConnectRequest without = ConnectRequest.builder("c").username("u").build().toBuilder().build();
        assertThat(without.hasPassword()).isFalse();
        assertThat(without.username()).contains("u");
    }

    @Test
    void clearOverwritesTheCopyAndAcceptsNull() {
        byte[] secret = ConnectRequest.builder("c").password("pw").build().password().orElseThrow();
        ConnectRequest.clear(secret);
        assertThat(secret).containsOnly(0);
        ConnectRequest.clear(null);
    }
}
