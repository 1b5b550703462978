package io.digitstream.lab.evaluate;

import io.digitstream.model.Calibration;
import io.digitstream.model.TemperatureScaling;
import io.digitstream.schemas.Prediction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a model's calibration holds on labeled images it was not fitted on: the expected calibration error before and
 * after temperature scaling, the accuracy-versus-coverage curve of the calibrated confidence, and what the review
 * threshold for a target error gives there (the share of predictions accepted, and their real error).
 *
 * @param n           labeled predictions of a calibrated model
 * @param coverage    accepted share at the threshold; {@code acceptedError} the share of those that is wrong
 * @param curve       accuracy (1 − error) against coverage as the threshold varies, highest threshold first
 */
public record CalibrationCheck(long n, double eceBefore, double eceAfter, double targetError, double threshold,
        double coverage, double acceptedError, List<Calibration.CoveragePoint> curve) {

    /**
     * @param calibrations by model version: each prediction is judged with the calibration of the model that made it;
     *                     predictions of an uncalibrated model are left out
     * @return null when no labeled prediction comes from a calibrated model
     */
    public static CalibrationCheck of(List<Prediction> predictions, Map<String, Calibration> calibrations, double targetError) {
        List<float[]> raw = new ArrayList<>();
        List<float[]> calibrated = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        long accepted = 0;
        long acceptedWrong = 0;
        Set<String> used = new HashSet<>();
        for (Prediction p : predictions) {
            Calibration calibration = calibrations.get(p.getModelVersion());
            if (p.getLabel() == null || calibration == null || !calibration.isCalibrated()) {
                continue;
            }
            float[] probabilities = new float[p.getProbabilities().size()];
            for (int i = 0; i < probabilities.length; i++) {
                probabilities[i] = p.getProbabilities().get(i);
            }
            used.add(p.getModelVersion());
            raw.add(probabilities);
            float[] scaled = TemperatureScaling.scale(probabilities, calibration.temperature());
            calibrated.add(scaled);
            labels.add(p.getLabel());
            if (scaled[p.getDigit()] >= calibration.thresholdFor(targetError).threshold()) {
                accepted++;
                acceptedWrong += p.getDigit() == p.getLabel() ? 0 : 1;
            }
        }
        if (labels.isEmpty()) {
            return null;
        }
        int[] truth = labels.stream().mapToInt(Integer::intValue).toArray();
        float[][] rawRows = raw.toArray(float[][]::new);
        float[][] calibratedRows = calibrated.toArray(float[][]::new);
        // One threshold to state when one calibrated model made every judged prediction (routes may add others).
        double threshold = used.size() == 1 ? calibrations.get(used.iterator().next()).thresholdFor(targetError).threshold()
                : Double.NaN;
        return new CalibrationCheck(truth.length, TemperatureScaling.expectedCalibrationError(rawRows, truth, 1),
                TemperatureScaling.expectedCalibrationError(calibratedRows, truth, 1), targetError, threshold,
                (double) accepted / truth.length, accepted == 0 ? 0 : (double) acceptedWrong / accepted,
                TemperatureScaling.coverageCurve(calibratedRows, truth, 1));
    }
}
