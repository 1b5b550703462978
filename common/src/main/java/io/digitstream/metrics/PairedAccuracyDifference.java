package io.digitstream.metrics;

/**
 * The difference between two classifiers' accuracies on the same images, with a 95% confidence interval for
 * paired proportions. Only the discordant pairs tell the two apart: {@code firstOnly} images the first got right
 * and the second wrong, {@code secondOnly} the reverse, out of {@code n} images both classified.
 *
 * <p>The interval is Agresti and Min's adjusted Wald interval (A. Agresti, Y. Min, "Simple improved confidence
 * intervals for comparing matched proportions", Statistics in Medicine 24 (2005) 729-740): the Wald interval of
 * the paired difference after adding 1/2 to each of the four cells of the 2x2 table. With {@code n' = n + 2},
 * {@code p12 = (firstOnly + 1/2) / n'} and {@code p21 = (secondOnly + 1/2) / n'}: the difference is
 * {@code p21 - p12 = (secondOnly - firstOnly) / n'} and its standard error {@code sqrt((p12 + p21 - (p21 - p12)^2) / n')}.
 * Unlike the plain Wald interval it does not collapse to a point when there are no discordant pairs, and its
 * coverage stays near 95% for small samples. Clamped to -1..1.
 *
 * @param difference second's accuracy minus first's, on the {@code n} images (not adjusted)
 * @param low        lower end of the 95% interval on the difference
 * @param high       upper end
 */
public record PairedAccuracyDifference(double difference, double low, double high) {

    /** The standard normal quantile of 0.975. */
    static final double Z_95 = 1.959963984540054;

    public static PairedAccuracyDifference of(long firstOnly, long secondOnly, long n) {
        if (firstOnly < 0 || secondOnly < 0 || firstOnly + secondOnly > n) {
            throw new IllegalArgumentException("discordant pairs " + firstOnly + " and " + secondOnly + " of " + n);
        }
        if (n == 0) {
            return new PairedAccuracyDifference(0, -1, 1);
        }
        double adjusted = n + 2.0;
        double p12 = (firstOnly + 0.5) / adjusted;
        double p21 = (secondOnly + 0.5) / adjusted;
        double center = p21 - p12;
        double halfWidth = Z_95 * Math.sqrt((p12 + p21 - center * center) / adjusted);
        return new PairedAccuracyDifference((double) (secondOnly - firstOnly) / n, Math.max(-1, center - halfWidth),
                Math.min(1, center + halfWidth));
    }
}
