package io.digitstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The index against examples worked by hand: Σ (a − e) · ln(a / e) over the bins' shares. */
class PopulationStabilityTest {

    @Test
    void theSameDistributionScoresZeroWhateverTheCounts() {
        assertThat(PopulationStability.index(new long[] {50, 50}, new long[] {5, 5})).isZero();
        assertThat(PopulationStability.index(new long[] {1, 2, 7}, new long[] {10, 20, 70})).isCloseTo(0, within(1e-15));
    }

    @Test
    void aShiftOfThirtyPointsBetweenTwoBins() {
        // e = (0.5, 0.5), a = (0.8, 0.2): 0.3 ln 1.6 + (−0.3) ln 0.4 = 0.141001 + 0.274887
        assertThat(PopulationStability.index(new long[] {50, 50}, new long[] {80, 20})).isCloseTo(0.415888, within(1e-6));
    }

    @Test
    void threeBins() {
        // e = (0.25, 0.25, 0.5), a = (0.5, 0.25, 0.25): 0.25 ln 2 + 0 + (−0.25) ln 0.5 = 0.5 ln 2
        assertThat(PopulationStability.index(new long[] {1, 1, 2}, new long[] {2, 1, 1})).isCloseTo(0.346574, within(1e-6));
    }

    @Test
    void anEmptyBinCountsWithTheEpsilonShare() {
        // e = (1, 0 → 1e-4), a = (0.5, 0.5): (−0.5) ln 0.5 + (0.5 − 1e-4) ln 5000 = 0.346574 + 4.257745
        assertThat(PopulationStability.index(new long[] {100, 0}, new long[] {50, 50})).isCloseTo(4.604319, within(1e-6));
        // both empty: the bin adds nothing
        assertThat(PopulationStability.index(new long[] {100, 0}, new long[] {100, 0})).isZero();
        // a share below epsilon (1/20,000) counts as epsilon: its bin adds nothing, only the first bin's 0.99995 does
        assertThat(PopulationStability.index(new long[] {10_000, 0}, new long[] {19_999, 1}))
                .isCloseTo(-0.00005 * Math.log(0.99995), within(1e-15));
        // one above it (2/10,000) counts as itself: (2e-4 − 1e-4) ln 2 + (−2e-4) ln 0.9998
        assertThat(PopulationStability.index(new long[] {10_000, 0}, new long[] {9_998, 2}))
                .isCloseTo(1e-4 * Math.log(2) - 2e-4 * Math.log(0.9998), within(1e-15));
    }

    @Test
    void isSymmetricWithoutEmptyBins() {
        long[] e = {30, 50, 20};
        long[] a = {10, 60, 30};
        assertThat(PopulationStability.index(e, a)).isCloseTo(PopulationStability.index(a, e), within(1e-12));
    }

    @Test
    void anEmptyHistogramHasNoIndex() {
        assertThat(PopulationStability.index(new long[] {0, 0}, new long[] {1, 2})).isNaN();
        assertThat(PopulationStability.index(new long[] {1, 2}, new long[] {0, 0})).isNaN();
    }

    @Test
    void refusesMismatchedBinsAndNegativeCounts() {
        assertThatThrownBy(() -> PopulationStability.index(new long[] {1, 2}, new long[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 and 3 bins");
        assertThatThrownBy(() -> PopulationStability.index(new long[] {1, -2}, new long[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void confidenceBinsResolveTheNines() {
        assertThat(PredictionHistogram.bin(0.0)).isZero();
        assertThat(PredictionHistogram.bin(0.4999)).isZero();
        assertThat(PredictionHistogram.bin(0.5)).isEqualTo(1);
        assertThat(PredictionHistogram.bin(0.98999)).isEqualTo(4);
        assertThat(PredictionHistogram.bin(0.99)).isEqualTo(5);
        assertThat(PredictionHistogram.bin(0.9999989)).isEqualTo(8);
        assertThat(PredictionHistogram.bin(0.999999)).isEqualTo(9);
        assertThat(PredictionHistogram.bin(1.0)).isEqualTo(9);
        assertThat(PredictionHistogram.bin(Double.NaN)).isZero();
    }

    @Test
    void aReferenceScoresAWindowOnBothDistributions() {
        PredictionHistogram reference = new PredictionHistogram();
        PredictionHistogram window = new PredictionHistogram();
        for (int digit = 0; digit < 10; digit++) {
            reference.add(digit, 0.9999999).add(digit, 0.9999999);
            window.add(digit, 0.9999999).add(digit, 0.6); // half the mass moves from bin 9 to bin 1
        }
        DriftReference.DriftScores scores = DriftReference.of("test", "onnx", reference).scores(window);
        // e: bin 9 = 1; a: bin 9 = 0.5, bin 1 = 0.5; the other 8 bins are 0 on both sides
        assertThat(scores.confidence()).isCloseTo(4.604319, within(1e-6));
        assertThat(scores.classes()).isZero();
        assertThat(scores.max()).isEqualTo(scores.confidence());
    }

    @Test
    void aReferenceWithOtherBinsIsNotComparable() {
        DriftReference made = DriftReference.of("test", "onnx", new PredictionHistogram().add(1, 0.99));
        assertThat(made.comparable()).isTrue();
        assertThat(new DriftReference("test", "onnx", java.util.List.of(0.0, 1.0), java.util.List.of(1L),
                made.classes()).comparable()).isFalse();
    }
}
