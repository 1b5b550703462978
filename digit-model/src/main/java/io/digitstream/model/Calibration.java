package io.digitstream.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Temperature scaling of a model's probabilities ({@link TemperatureScaling}) and what it gives on held-out
 * images the model did not train on: the expected calibration error before and after, and the
 * accuracy-versus-coverage curve of the calibrated confidence, from which a review threshold is chosen for a
 * target error rate ({@link #thresholdFor}). Stored in the model metadata; a model without one has
 * {@link #NONE} (temperature 1: probabilities as the model gives them, and no curve).
 *
 * @param temperature  the divisor of the logits, fitted by minimizing the negative log-likelihood
 * @param fittedOn     the held-out images it was fitted on, in words
 * @param images       how many
 * @param nllBefore    mean negative log-likelihood on them at temperature 1
 * @param nllAfter     and at {@code temperature}
 * @param coverage     the curve, highest threshold first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Calibration(double temperature, String fittedOn, int images, double nllBefore, double nllAfter,
        List<CoveragePoint> coverage) {

    /**
     * Accepting the predictions whose calibrated confidence is at least {@code threshold} keeps {@code coverage} of
     * the held-out images, with {@code expectedError} = the mean of (1 − calibrated confidence) over them and
     * {@code error} the share of them that is wrong. Stored as an array of these four numbers, in this order, to keep
     * the metadata short.
     */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"threshold", "coverage", "expectedError", "error"})
    public record CoveragePoint(double threshold, double coverage, double expectedError, double error) {
    }

    /** Probabilities as the model gives them. */
    public static final Calibration NONE = new Calibration(1, "not calibrated", 0, Double.NaN, Double.NaN, List.of());

    public Calibration {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("a calibration temperature must be positive and finite, not " + temperature);
        }
        coverage = coverage == null ? List.of() : List.copyOf(coverage);
    }

    @JsonIgnore
    public boolean isCalibrated() {
        return !coverage.isEmpty();
    }

    /** The calibrated confidence of {@code digit}: softmax(log p / T) at that digit. */
    public float confidence(float[] probabilities, int digit) {
        return TemperatureScaling.scale(probabilities, temperature)[digit];
    }

    /**
     * The review threshold for a target error rate: the lowest threshold of the curve whose accepted predictions have
     * an expected error ({@link CoveragePoint#expectedError}) at most {@code targetError}. The expected error only
     * grows as the threshold falls (each step accepts a less confident prediction), so this is the largest coverage
     * that meets the target. When no point meets it, 1: every prediction goes to review.
     *
     * @throws IllegalStateException for a model without a curve ({@link #NONE})
     */
    public CoveragePoint thresholdFor(double targetError) {
        if (!isCalibrated()) {
            throw new IllegalStateException("the model is not calibrated: no coverage curve to choose a threshold from");
        }
        CoveragePoint chosen = new CoveragePoint(1, 0, 0, 0);
        for (CoveragePoint point : coverage) {
            if (point.expectedError() <= targetError && point.threshold() <= chosen.threshold()) {
                chosen = point;
            }
        }
        return chosen;
    }
}
