package io.digitstream.lab.evaluate;

import io.digitstream.metrics.DriftReference;
import io.digitstream.metrics.PredictionHistogram;
import io.digitstream.schemas.Prediction;
import java.util.ArrayList;
import java.util.List;

/**
 * What drift detection would see of a stream: its predictions cut into consecutive windows of {@code window}
 * predictions, each scored against the model's reference, as the service scores a time window.
 */
public final class DriftMeasurement {

    private DriftMeasurement() {
    }

    /** The scores of each full window, in stream order. */
    public static List<DriftReference.DriftScores> windows(DriftReference reference, List<Prediction> predictions, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("a window holds at least 1 prediction, not " + window);
        }
        List<DriftReference.DriftScores> scores = new ArrayList<>();
        for (int from = 0; from + window <= predictions.size(); from += window) {
            PredictionHistogram histogram = new PredictionHistogram();
            predictions.subList(from, from + window).forEach(p -> histogram.add(p.getDigit(), p.getConfidence()));
            scores.add(reference.scores(histogram));
        }
        return scores;
    }
}
