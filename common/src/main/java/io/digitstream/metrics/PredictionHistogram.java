package io.digitstream.metrics;

import java.util.Arrays;

/**
 * The distribution of a model's predictions, which needs no labels: how many predictions fell in each confidence
 * bin ({@link #CONFIDENCE_EDGES}) and how many named each digit. What drift detection compares, a stream window's
 * against the model's {@link DriftReference}.
 */
public final class PredictionHistogram {

    /**
     * Edges of the 10 confidence bins: bin i holds confidences in [edge i, edge i+1), the last also 1. A trained
     * model puts most of its predictions above 0.99, so the bins resolve the nines: a stream the model finds
     * strange moves mass from the top bins down long before it moves it below 0.5.
     */
    public static final double[] CONFIDENCE_EDGES = {0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999, 0.99999, 0.999999, 1};
    public static final int CONFIDENCE_BINS = CONFIDENCE_EDGES.length - 1;
    public static final int CLASSES = ConfusionMatrix.CLASSES;

    private final long[] confidence;
    private final long[] classes;

    public PredictionHistogram() {
        this(new long[CONFIDENCE_BINS], new long[CLASSES]);
    }

    public PredictionHistogram(long[] confidence, long[] classes) {
        if (confidence.length != CONFIDENCE_BINS || classes.length != CLASSES) {
            throw new IllegalArgumentException("a prediction histogram has " + CONFIDENCE_BINS + " confidence bins and "
                    + CLASSES + " classes, not " + confidence.length + " and " + classes.length);
        }
        this.confidence = confidence.clone();
        this.classes = classes.clone();
    }

    /** The bin of a confidence; below 0 (or NaN) counts in the first bin, above 1 in the last. */
    public static int bin(double confidence) {
        for (int i = CONFIDENCE_BINS - 1; i > 0; i--) {
            if (confidence >= CONFIDENCE_EDGES[i]) {
                return i;
            }
        }
        return 0;
    }

    /** Counts one prediction of {@code digit} (0..9) with {@code confidence}; returns this. */
    public PredictionHistogram add(int digit, double confidence) {
        if (digit < 0 || digit >= CLASSES) {
            throw new IllegalArgumentException("digit " + digit + " is not 0.." + (CLASSES - 1));
        }
        classes[digit]++;
        this.confidence[bin(confidence)]++;
        return this;
    }

    public long total() {
        return Arrays.stream(classes).sum();
    }

    public long[] confidence() {
        return confidence.clone();
    }

    public long[] classes() {
        return classes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PredictionHistogram h && Arrays.equals(confidence, h.confidence) && Arrays.equals(classes, h.classes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(confidence) + Arrays.hashCode(classes);
    }

    @Override
    public String toString() {
        return "confidence " + Arrays.toString(confidence) + ", classes " + Arrays.toString(classes);
    }
}
