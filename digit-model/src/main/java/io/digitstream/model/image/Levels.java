package io.digitstream.model.image;

/** Gray-level statistics the denoise steps share: histograms, percentiles, Otsu's threshold. */
final class Levels {

    private Levels() {
    }

    static int[] histogram(float[] values) {
        int[] histogram = new int[256];
        for (float value : values) {
            histogram[bin(value)]++;
        }
        return histogram;
    }

    /** How many of {@code values} lie above {@code threshold}. */
    static int countAbove(float[] values, float threshold) {
        int count = 0;
        for (float v : values) {
            count += v > threshold ? 1 : 0;
        }
        return count;
    }

    static int bin(float value) {
        return Math.min(255, Math.max(0, (int) value));
    }

    /** The smallest level at or below which {@code fraction} of the counted pixels lie. */
    static int percentile(int[] histogram, double fraction) {
        long total = 0;
        for (int count : histogram) {
            total += count;
        }
        long wanted = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int level = 0; level < 256; level++) {
            seen += histogram[level];
            if (seen >= wanted && seen > 0) {
                return level;
            }
        }
        return 255;
    }

    /** The median level of the pixels whose level lies in {@code from..to}; {@code from} when there are none. */
    static int median(int[] histogram, int from, int to) {
        long count = 0;
        for (int level = from; level <= to; level++) {
            count += histogram[level];
        }
        long seen = 0;
        for (int level = from; level <= to; level++) {
            seen += histogram[level];
            if (2 * seen >= count && seen > 0) {
                return level;
            }
        }
        return from;
    }

    /**
     * Otsu's threshold: the level that best splits the histogram into two classes (maximal between-class
     * variance). Pixels above it are the brighter class.
     */
    static int otsu(int[] histogram) {
        long total = 0;
        double sumAll = 0;
        for (int level = 0; level < 256; level++) {
            total += histogram[level];
            sumAll += (double) level * histogram[level];
        }
        long below = 0;
        double sumBelow = 0;
        double bestVariance = -1;
        int best = 0;
        for (int level = 0; level < 255; level++) {
            below += histogram[level];
            sumBelow += (double) level * histogram[level];
            long above = total - below;
            if (below == 0 || above == 0) {
                continue;
            }
            double meanBelow = sumBelow / below;
            double meanAbove = (sumAll - sumBelow) / above;
            double variance = (double) below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (variance > bestVariance) {
                bestVariance = variance;
                best = level;
            }
        }
        return best;
    }

    /**
     * Half-way between the means of Otsu's two classes. Otsu's level itself sits anywhere in the gap between them (on
     * a two-valued image, at the lower value), so a mix of the two, such as a region's mean, is judged against this.
     */
    static float midpoint(int[] histogram) {
        int threshold = otsu(histogram);
        long below = 0;
        long above = 0;
        double sumBelow = 0;
        double sumAbove = 0;
        for (int level = 0; level < 256; level++) {
            if (level <= threshold) {
                below += histogram[level];
                sumBelow += (double) level * histogram[level];
            } else {
                above += histogram[level];
                sumAbove += (double) level * histogram[level];
            }
        }
        if (below == 0 || above == 0) {
            return threshold;
        }
        return (float) ((sumBelow / below + sumAbove / above) / 2);
    }

    /** Between-class over total variance of the split at {@code threshold}: 1 for two pure levels, 0 for one level. */
    static double separation(int[] histogram, int threshold) {
        long total = 0;
        long below = 0;
        double sum = 0;
        double sumBelow = 0;
        double squares = 0;
        for (int level = 0; level < 256; level++) {
            total += histogram[level];
            sum += (double) level * histogram[level];
            squares += (double) level * level * histogram[level];
            if (level <= threshold) {
                below += histogram[level];
                sumBelow += (double) level * histogram[level];
            }
        }
        long above = total - below;
        if (total == 0 || below == 0 || above == 0) {
            return 0;
        }
        double mean = sum / total;
        double variance = squares / total - mean * mean;
        double gap = sumBelow / below - (sum - sumBelow) / above;
        return variance <= 0 ? 0 : (double) below / total * above / total * gap * gap / variance;
    }
}
