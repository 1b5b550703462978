package io.digitstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedAccuracyDifferenceTest {

    /**
     * Worked by hand: 100 images, the first model alone right on 3, the second alone right on 8. Adding 1/2 to each
     * cell: n' = 102, p12 = 3.5/102 = 0.0343137, p21 = 8.5/102 = 0.0833333, centre 5/102 = 0.0490196;
     * variance (0.0343137 + 0.0833333 - 0.0490196^2) / 102 = 0.115244 / 102 = 0.00112985, standard error 0.0336133;
     * half width 1.959964 * 0.0336133 = 0.0658809: the interval is -0.0168610 .. 0.1149002 around a raw
     * difference of 5/100.
     */
    @Test
    void aHandWorkedExample() {
        PairedAccuracyDifference d = PairedAccuracyDifference.of(3, 8, 100);
        assertThat(d.difference()).isCloseTo(0.05, within(1e-12));
        assertThat(d.low()).isCloseTo(-0.0168610, within(1e-6));
        assertThat(d.high()).isCloseTo(0.1149002, within(1e-6));
    }

    @Test
    void itIsAntisymmetricInTheTwoModels() {
        PairedAccuracyDifference ab = PairedAccuracyDifference.of(3, 8, 100);
        PairedAccuracyDifference ba = PairedAccuracyDifference.of(8, 3, 100);
        assertThat(ba.difference()).isEqualTo(-ab.difference());
        assertThat(ba.low()).isCloseTo(-ab.high(), within(1e-12));
        assertThat(ba.high()).isCloseTo(-ab.low(), within(1e-12));
    }

    @Test
    void withoutDiscordantPairsItStillHasAWidthThatShrinksWithTheSample() {
        PairedAccuracyDifference few = PairedAccuracyDifference.of(0, 0, 10);
        PairedAccuracyDifference many = PairedAccuracyDifference.of(0, 0, 10_000);
        assertThat(few.difference()).isZero();
        assertThat(few.low()).isNegative();
        assertThat(few.high()).isPositive().isCloseTo(-few.low(), within(1e-12));
        assertThat(many.high()).isPositive().isLessThan(few.high() / 10);
    }

    @Test
    void theBoundsAreClampedAndTheCountsChecked() {
        PairedAccuracyDifference allSecond = PairedAccuracyDifference.of(0, 1, 1);
        assertThat(allSecond.difference()).isEqualTo(1);
        assertThat(allSecond.high()).isLessThanOrEqualTo(1);
        assertThat(allSecond.low()).isGreaterThanOrEqualTo(-1);
        assertThat(PairedAccuracyDifference.of(0, 0, 0)).isEqualTo(new PairedAccuracyDifference(0, -1, 1));
        assertThatThrownBy(() -> PairedAccuracyDifference.of(2, 2, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PairedAccuracyDifference.of(-1, 0, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
