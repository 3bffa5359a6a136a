package io.mqttauth.examples.hivemq;

import io.mqttauth.ConfigurationProblem;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the wrapper decides with at one moment: the engine and the wrapper's options, or, while the configuration
 * cannot be loaded, no engine and the problems that keep it from loading.
 *
 * @param auth the engine, or {@code null} while the configuration is broken
 * @param options the wrapper's options (the defaults while the configuration is broken)
 * @param answers how refusals are answered under these options
 * @param problems why there is no engine; empty when there is one
 */
record Configured(@Nullable MqttAuth auth, HiveMqOptions options, Answers answers,
        List<ConfigurationProblem> problems) {

    /** The provider name that unavailable refusals carry. */
    static final String UNAVAILABLE_PROVIDER = "mqtt-auth-extension";

    Configured {
        problems = List.copyOf(problems);
    }

    /** A working engine with its options. */
    static Configured of(MqttAuth auth, HiveMqOptions options) {
        return new Configured(auth, options, new Answers(options.reasonStrings()), List.of());
    }

    /** No engine: every client is refused as server unavailable until the problems are fixed. */
    static Configured unavailable(List<ConfigurationProblem> problems) {
        HiveMqOptions defaults = HiveMqOptions.defaults();
        return new Configured(null, defaults, new Answers(defaults.reasonStrings()), problems);
    }

    /**
     * The refusal of a connect while there is no engine: {@link FailureReason#PROVIDER_UNAVAILABLE} (MQTT 5 0x88
     * server unavailable, 3.1.1 return code 3), so that clients retry instead of concluding that their credentials are
     * wrong. The detail names the problems.
     */
    Decision unavailableConnect() {
        String detail = "mqtt-auth could not load its configuration, so it refuses every client until the problem is"
                + " fixed (the file is watched): " + problems.stream().map(ConfigurationProblem::toString)
                        .collect(Collectors.joining("; "));
        return Decision.deny(FailureReason.PROVIDER_UNAVAILABLE, FailureReason.PROVIDER_UNAVAILABLE.defaultCodes(),
                null, null, UNAVAILABLE_PROVIDER, detail, List.of(), Instant.now());
    }
}
