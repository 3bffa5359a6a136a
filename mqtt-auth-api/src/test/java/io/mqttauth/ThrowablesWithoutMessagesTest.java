package io.mqttauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.internal.Throwables;
import org.junit.jupiter.api.Test;

/**
 * {@link Throwables#withoutMessages}: what the engine logs for a failing provider keeps every class and stack trace
 * and no message, down to sixteen causes.
 */
class ThrowablesWithoutMessagesTest {

    @Test
    void throwablesAreCopiedWithoutMessagesButWithStackTracesAndCauses() {
        IllegalStateException cause = new IllegalStateException("password=hunter2");
        RuntimeException e = new RuntimeException("token abc", cause);
        Throwable copy = Throwables.withoutMessages(e);
        assertThat(copy.getMessage()).isEqualTo("java.lang.RuntimeException (message withheld: it may quote a secret)");
        assertThat(copy.getStackTrace()).isEqualTo(e.getStackTrace());
        assertThat(copy.getCause().getMessage()).startsWith("java.lang.IllegalStateException");
        assertThat(copy.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
        assertThat(copy.getCause().getCause()).isNull();
    }

    @Test
    void atMostSixteenCausesAreCopied() {
        Throwable deep = new RuntimeException("0");
        for (int i = 1; i <= 20; i++) {
            deep = new RuntimeException(String.valueOf(i), deep);
        }
        int depth = 0;
        for (Throwable t = Throwables.withoutMessages(deep); t.getCause() != null; t = t.getCause()) {
            depth++;
        }
        assertThat(depth).isEqualTo(16);
    }
}
