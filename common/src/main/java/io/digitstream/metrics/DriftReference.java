package io.digitstream.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * A model's own distribution of predictions on held-out data, kept in its metadata: what a stream window's
 * predictions are compared with to tell drift without labels ({@link PopulationStability}).
 *
 * @param dataset the held-out images it was computed from (e.g. {@code mnist-test})
 * @param engine the inference engine that classified them
 * @param confidenceEdges the confidence bins' edges ({@link PredictionHistogram#CONFIDENCE_EDGES} when made)
 * @param confidence predictions per confidence bin
 * @param classes predictions per digit 0..9
 */
public record DriftReference(String dataset, String engine, List<Double> confidenceEdges, List<Long> confidence,
        List<Long> classes) {

    public static DriftReference of(String dataset, String engine, PredictionHistogram histogram) {
        return new DriftReference(dataset, engine, Arrays.stream(PredictionHistogram.CONFIDENCE_EDGES).boxed().toList(),
                Arrays.stream(histogram.confidence()).boxed().toList(), Arrays.stream(histogram.classes()).boxed().toList());
    }

    /** Whether this reference's bins are the ones windows are counted in (an older or foreign one may differ). */
    public boolean comparable() {
        return confidenceEdges != null && confidence != null && classes != null
                && confidenceEdges.equals(Arrays.stream(PredictionHistogram.CONFIDENCE_EDGES).boxed().toList())
                && confidence.size() == PredictionHistogram.CONFIDENCE_BINS && classes.size() == PredictionHistogram.CLASSES;
    }

    /** The reference as a histogram; only when {@link #comparable()}. */
    public PredictionHistogram histogram() {
        if (!comparable()) {
            throw new IllegalStateException("reference bins " + confidenceEdges + " are not "
                    + Arrays.toString(PredictionHistogram.CONFIDENCE_EDGES));
        }
        return new PredictionHistogram(confidence.stream().mapToLong(Long::longValue).toArray(),
                classes.stream().mapToLong(Long::longValue).toArray());
    }

    /** Drift of {@code window} from this reference: the index of each distribution. */
    public DriftScores scores(PredictionHistogram window) {
        PredictionHistogram reference = histogram();
        return new DriftScores(PopulationStability.index(reference.confidence(), window.confidence()),
                PopulationStability.index(reference.classes(), window.classes()));
    }

    /** The population stability index of the confidence distribution and of the predicted-class distribution. */
    public record DriftScores(double confidence, double classes) {

        public double max() {
            return Math.max(confidence, classes);
        }
    }
}
