package io.mqttauth.passwordfile;

import static io.mqttauth.passwordfile.Fixtures.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timing classes, measured: in a file where one user in ten has an expensive setting, an unknown name whose
 * stand-in has that setting costs about what the expensive user costs with a wrong password, and far more than a cheap
 * name. With one stand-in of the most common (cheap) setting for every unknown name, one attempt told the expensive
 * user from an unknown one. Medians of interleaved runs and generous bounds keep it steady on a loaded machine; this is
 * a test of classes (a factor of about 10,000 apart), not a benchmark.
 */
class UnknownUserTimingTest {

    private static final int EXPENSIVE = 10_000;
    private static final int RUNS = 7;

    @TempDir
    Path dir;

    @Test
    void anUnknownNameWithAnExpensiveStandInCostsAboutWhatAnExpensiveUserWithAWrongPasswordCosts() {
        // u0..u8 cheap ($7$ with 1 iteration), u9 expensive: as a file where an admin kept Mosquitto's old lines.
        String lines = Settings.file(Settings.seven(1), 9, Settings.seven(EXPENSIVE), 1);
        PasswordTable table = Settings.parse(lines);
        String expensiveName = unknownNameWithStandIn(table, EXPENSIVE);
        String cheapName = unknownNameWithStandIn(table, 1);
        try (PasswordFileProvider p = Fixtures.provider(Fixtures.write(dir, "passwd", lines), DefaultKdf.INSTANCE)) {
            long[] knownExpensive = new long[RUNS];
            long[] unknownExpensive = new long[RUNS];
            long[] unknownCheap = new long[RUNS];
            for (int i = -2; i < RUNS; i++) {
                long a = time(p, "u9");
                long b = time(p, expensiveName);
                long c = time(p, cheapName);
                if (i >= 0) {
                    knownExpensive[i] = a;
                    unknownExpensive[i] = b;
                    unknownCheap[i] = c;
                }
            }
            double ratio = (double) median(unknownExpensive) / median(knownExpensive);
            assertThat(ratio).as("unknown name with the expensive stand-in / expensive user, medians of %d runs "
                    + "(ns: %s vs %s)", RUNS, Arrays.toString(unknownExpensive), Arrays.toString(knownExpensive))
                    .isBetween(1 / 3.0, 3.0);
            assertThat(median(unknownExpensive)).as("the expensive class is far above the cheap one (ns: %s vs %s)",
                    Arrays.toString(unknownExpensive), Arrays.toString(unknownCheap))
                    .isGreaterThan(20 * median(unknownCheap));
        }
    }

    /** The first of the names unknown-0, unknown-1, ... whose stand-in has {@code iterations}. */
    private static String unknownNameWithStandIn(PasswordTable table, int iterations) {
        for (int i = 0; ; i++) {
            String name = "unknown-" + i;
            if (table.standInFor(name.getBytes(StandardCharsets.UTF_8)).params().cost() == iterations) {
                return name;
            }
        }
    }

    private static long time(PasswordFileProvider p, String user) {
        long start = System.nanoTime();
        AuthenticationResult r = p.authenticate(connect(user, "wrong password"));
        long elapsed = System.nanoTime() - start;
        assertThat(r).isNotInstanceOf(AuthenticationResult.Success.class);
        return elapsed;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
