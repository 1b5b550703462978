package io.digitstream.model;

/** Combines several readings of one image: the normalized geometric mean of their probabilities. */
final class Readings {

    /** Keeps a probability the engine rounded to 0 from making the logarithm minus infinity. */
    private static final double FLOOR = 1e-9;

    private Readings() {
    }

    /** The combination of {@code readings[from]} to {@code readings[from + count - 1]}. */
    static float[] geometricMean(float[][] readings, int from, int count) {
        int classes = readings[from].length;
        double[] logSum = new double[classes];
        for (int r = from; r < from + count; r++) {
            for (int c = 0; c < classes; c++) {
                logSum[c] += Math.log(Math.max(FLOOR, readings[r][c]));
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logSum) {
            max = Math.max(max, v);
        }
        double total = 0;
        double[] p = new double[classes];
        for (int c = 0; c < classes; c++) {
            p[c] = Math.exp((logSum[c] - max) / count);
            total += p[c];
        }
        float[] combined = new float[classes];
        for (int c = 0; c < classes; c++) {
            combined[c] = (float) (p[c] / total);
        }
        return combined;
    }
}
