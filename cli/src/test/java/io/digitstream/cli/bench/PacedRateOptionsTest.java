package io.digitstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.cli.Digits;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code demo --rate} and {@code bench swap --rate} pace with the producers' {@code Pacer}: what it cannot pace is refused first. */
class PacedRateOptionsTest {

    @Test
    void theDemoRefusesANegativeRateBeforeStartingAnything() {
        StringWriter err = new StringWriter();
        long start = System.nanoTime();

        int exit = run(err, "demo", "--rate", "-1", "--limit", "10", "--http-port", "-1");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("--rate must be 0 (as fast as possible) or a number of images per second"
                + " above it, not -1.0");
        assertThat(System.nanoTime() - start).as("no broker, no service started").isLessThan(10_000_000_000L);
    }

    @Test
    void theSwapBenchRefusesARateOfZeroOrLess() {
        for (String rate : new String[] {"0", "-5"}) {
            StringWriter err = new StringWriter();

            int exit = run(err, "bench", "swap", "--rate", rate);

            assertThat(exit).as("--rate %s", rate).isEqualTo(1);
            assertThat(err.toString()).contains("--rate must be a number of images per second above 0, not "
                    + Double.parseDouble(rate));
        }
    }

    private static int run(StringWriter err, String... args) {
        CommandLine commandLine = Digits.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
