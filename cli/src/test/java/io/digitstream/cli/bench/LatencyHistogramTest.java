package io.digitstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    /** Not a multiple of 1,000, so no percentile's rank is a whole number that rounding could move by one. */
    private static final int N = 10_007;

    @Test
    void percentilesMatchTheSortedValuesWithinThreeSignificantDigits() {
        Random random = new Random(16);
        long[] values = new long[N];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < N; i++) {
            // log-uniform from 100 us to 10 s: every magnitude a latency can have
            values[i] = (long) Math.pow(10, 2 + 5 * random.nextDouble());
            histogram.recordMicros(values[i]);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);

        assertThat(histogram.count()).isEqualTo(N);
        for (double percentile : new double[] {50, 95, 99, 99.9}) {
            long exact = sorted[nearestRank(percentile, N) - 1];
            assertThat(histogram.percentileMillis(percentile) * 1000).as("p%s", percentile)
                    .isBetween((double) exact, exact * 1.001 + 1);
        }
        long max = sorted[N - 1];
        assertThat(histogram.maxMillis() * 1000).isBetween((double) max, max * 1.001 + 1);
        assertThat(histogram.percentiles()).containsOnlyKeys("p50Millis", "p95Millis", "p99Millis", "p999Millis",
                "maxMillis");
        assertThat(histogram.percentiles().get("p999Millis")).isEqualTo(histogram.percentileMillis(99.9));
    }

    /** The smallest rank r with r / n >= percentile / 100, in exact integer arithmetic (percentiles in tenths). */
    private static int nearestRank(double percentile, int n) {
        long tenths = Math.round(percentile * 10);
        return (int) ((tenths * n + 999) / 1000);
    }

    @Test
    void anEmptyHistogramHasNoPercentiles() {
        LatencyHistogram histogram = new LatencyHistogram();

        assertThat(histogram.percentileMillis(99)).isNaN();
        assertThat(histogram.maxMillis()).isNaN();
    }

    @Test
    void aNegativeLatencyCountsAsZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordMicros(-5);

        assertThat(histogram.count()).isEqualTo(1);
        assertThat(histogram.maxMillis()).isZero();
    }
}
