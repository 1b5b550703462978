package io.digitstream.metrics;

/**
 * The population stability index of two histograms over the same bins: {@code Σ (a − e) · ln(a / e)}, where
 * {@code e} and {@code a} are each bin's share of the expected (reference) and the actual (observed) counts. A bin
 * empty on either side would make the logarithm infinite, so a share below {@link #EPSILON} counts as
 * {@code EPSILON} (the shares are not renormalized). 0 means the same distribution; by the usual rule of thumb,
 * below 0.1 is stable and above 0.25 a significant shift.
 */
public final class PopulationStability {

    /** The smallest share a bin counts with: one in ten thousand. */
    public static final double EPSILON = 1e-4;

    private PopulationStability() {
    }

    /**
     * @return the index, or NaN when either histogram is empty
     * @throws IllegalArgumentException when the histograms have different bins or a negative count
     */
    public static double index(long[] expected, long[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("histograms of " + expected.length + " and " + actual.length + " bins");
        }
        double expectedTotal = total(expected);
        double actualTotal = total(actual);
        if (expectedTotal == 0 || actualTotal == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(EPSILON, expected[i] / expectedTotal);
            double a = Math.max(EPSILON, actual[i] / actualTotal);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    private static long total(long[] counts) {
        long total = 0;
        for (long count : counts) {
            if (count < 0) {
                throw new IllegalArgumentException("negative count " + count);
            }
            total += count;
        }
        return total;
    }
}
