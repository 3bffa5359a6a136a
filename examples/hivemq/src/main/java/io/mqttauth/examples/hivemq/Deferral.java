package io.mqttauth.examples.hivemq;

import com.hivemq.extension.sdk.api.async.Async;
import io.mqttauth.Decision;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Answers HiveMQ with a decision that the engine may still be making on HiveMQ's managed extension executor
 * ({@code MqttAuth.authenticateAsync}/{@code authorizeAsync}). A decision already made (a cheap one, a cache hit, or
 * a chain of providers that never block) is answered on the calling thread; otherwise HiveMQ's output is suspended
 * with {@code async(...)}, which frees HiveMQ's extension task thread for other clients, and resumed when the decision
 * is made.
 */
final class Deferral {

    /**
     * How long HiveMQ waits for a decision before it applies the fallback (a refusal): long enough for a queue of
     * password hashes during a connect storm, short enough that a stuck provider does not hold clients forever.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Deferral() {
    }

    /**
     * Answers at once if {@code decision} is made; otherwise suspends the output with {@code suspend} and answers and
     * resumes it when the decision is made. The engine's futures never complete exceptionally.
     */
    static <T> void answer(CompletableFuture<Decision> decision, Supplier<Async<T>> suspend,
            Consumer<Decision> answer) {
        if (decision.isDone()) {
            answer.accept(decision.join());
            return;
        }
        Async<T> async = suspend.get();
        decision.thenAccept(d -> {
            try {
                answer.accept(d);
            } finally {
                async.resume();
            }
        });
    }
}
