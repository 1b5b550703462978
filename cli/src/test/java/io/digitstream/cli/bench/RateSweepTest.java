package io.digitstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.cli.Digits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bench e2e --rates}: shares of the maximum, images per second, the burst, and what is not a rate. */
class RateSweepTest {

    private static final double MAX = 1_200;

    @Test
    void sharesOfTheMeasuredMaximum() {
        RateSweep sweep = RateSweep.parse(List.of("25%", "50%", "75%", "90%", "100%"), 20);

        assertThat(sweep.rates()).extracting(TargetRate::label).containsExactly("25%", "50%", "75%", "90%", "100%");
        assertThat(sweep.rates()).extracting(rate -> rate.perSecond(MAX)).containsExactly(300.0, 600.0, 900.0, 1080.0, 1200.0);
        assertThat(sweep.rates().get(0).images(MAX, 20)).isEqualTo(6_000);
        assertThat(sweep.halfRateIndex()).isEqualTo(1);
    }

    @Test
    void absoluteRatesIgnoreTheMaximum() {
        RateSweep sweep = RateSweep.parse(List.of("500", " 1000 ", "12.5"), 10);

        assertThat(sweep.rates()).extracting(rate -> rate.perSecond(MAX)).containsExactly(500.0, 1000.0, 12.5, 600.0);
        assertThat(sweep.rates().get(1).images(MAX, 10)).isEqualTo(10_000);
    }

    @Test
    void aPhaseHasAtLeastOneHundredImages() {
        assertThat(TargetRate.parse("9.9").images(MAX, 10)).isEqualTo(TargetRate.MIN_IMAGES);
        assertThat(TargetRate.parse("10").images(MAX, 10)).isEqualTo(100);
        assertThat(TargetRate.parse("10.1").images(MAX, 10)).isEqualTo(101);
        assertThat(TargetRate.parse("1").images(MAX, 1)).isEqualTo(100);
    }

    @Test
    void theBurstIsTenTimesTheMaximumForFiveSeconds() {
        TargetRate burst = RateSweep.parse(List.of("burst"), 20).rates().get(0);

        assertThat(burst.perSecond(MAX)).isEqualTo(12_000.0);
        assertThat(burst.seconds(20)).isEqualTo(5);
        assertThat(burst.images(MAX, 20)).isEqualTo(60_000);
        assertThat(TargetRate.parse("BURST").kind()).isEqualTo(TargetRate.Kind.BURST);
    }

    @Test
    void theHalfRateIsAddedWhenMissingForTheHalfRateFields() {
        RateSweep sweep = RateSweep.parse(List.of("100%", "burst"), 20);

        assertThat(sweep.rates()).extracting(TargetRate::label).containsExactly("100%", "burst", "50%");
        assertThat(sweep.halfRateIndex()).isEqualTo(2);
        assertThat(RateSweep.halfRate(30).rates()).containsExactly(TargetRate.HALF);
        assertThat(RateSweep.parse(List.of("50.0%"), 20).rates()).hasSize(1);
    }

    @Test
    void sharesAreMoreThanZeroAndAtMostTenTimesTheMaximum() {
        assertThat(TargetRate.parse("999%").perSecond(MAX)).isEqualTo(9.99 * MAX);
        assertThat(TargetRate.parse("1000%").perSecond(MAX)).isEqualTo(10 * MAX);
        assertThatThrownBy(() -> TargetRate.parse("1001%")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1001% is out of range; a share of the measured maximum is more than 0% and at most 1000%");
        assertThatThrownBy(() -> TargetRate.parse("0%")).hasMessageContaining("more than 0%");
        assertThat(TargetRate.parse("0.5%").perSecond(MAX)).isEqualTo(6.0);
    }

    @Test
    void imagesPerSecondAreMoreThanZeroAndAtMostOneHundredThousand() {
        assertThat(TargetRate.parse("99999").perSecond(MAX)).isEqualTo(99_999.0);
        assertThat(TargetRate.parse("100000").perSecond(MAX)).isEqualTo(100_000.0);
        assertThatThrownBy(() -> TargetRate.parse("100001")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("100001 is out of range; images per second are more than 0 and at most 100000");
        assertThatThrownBy(() -> TargetRate.parse("0")).hasMessageContaining("more than 0");
    }

    @Test
    void whatIsNotARateSaysWhatARateLooksLike() {
        for (String bad : List.of("abc", "", "-50%", "50 %", "1e3", "NaN", "Infinity", "0x10", "50%%", "%", "fast")) {
            assertThatThrownBy(() -> TargetRate.parse(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is not a rate; give a share of the measured maximum (50%), images per"
                            + " second (500) or burst");
        }
        assertThatThrownBy(() -> RateSweep.parse(List.of(), 20)).hasMessageStartingWith("no rate given");
    }

    @Test
    void eachRateLastsFromOneSecondToAnHour() {
        assertThatThrownBy(() -> RateSweep.parse(List.of("50%"), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seconds per rate must be from 1 to 3600, not 0");
        assertThat(RateSweep.parse(List.of("50%"), 1).seconds()).isEqualTo(1);
        assertThat(RateSweep.parse(List.of("50%"), 2).seconds()).isEqualTo(2);
        assertThat(RateSweep.parse(List.of("50%"), 3_599).seconds()).isEqualTo(3_599);
        assertThat(RateSweep.parse(List.of("50%"), 3_600).seconds()).isEqualTo(3_600);
        assertThatThrownBy(() -> RateSweep.parse(List.of("50%"), 3_601)).hasMessage("seconds per rate must be from 1 to"
                + " 3600, not 3601");
    }

    @Test
    void theCommandRefusesABadRateOrDurationBeforeStartingAnything() {
        long start = System.nanoTime();
        StringWriter badRate = new StringWriter();
        StringWriter badSeconds = new StringWriter();

        int rateExit = run(badRate, "bench", "e2e", "--rates", "50%,fast", "--json");
        int secondsExit = run(badSeconds, "bench", "e2e", "--rates", "50%", "--rate-seconds", "3601", "--json");

        assertThat(rateExit).isEqualTo(1);
        assertThat(badRate.toString()).contains("--rates: 'fast' is not a rate; give a share of the measured maximum"
                + " (50%), images per second (500) or burst");
        assertThat(secondsExit).isEqualTo(1);
        assertThat(badSeconds.toString()).contains("--rate-seconds: seconds per rate must be from 1 to 3600, not 3601");
        assertThat(System.nanoTime() - start).as("no broker, no service started").isLessThan(10_000_000_000L);
    }

    private static int run(StringWriter err, String... args) {
        CommandLine commandLine = Digits.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
