package io.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemperatureScalingTest {

    /**
     * Probabilities softmax(z) of labels drawn from softmax(z / trueT): the fitted temperature must find trueT,
     * whether the model is over-confident (trueT above 1) or under-confident.
     */
    @Test
    void fitsTheTemperatureTheLabelsWereDrawnWith() {
        for (double trueTemperature : new double[] {2.0, 0.6}) {
            SplittableRandom random = new SplittableRandom(7);
            int n = 20_000;
            float[][] probabilities = new float[n][];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                float[] logits = new float[10];
                for (int c = 0; c < 10; c++) {
                    logits[c] = (float) (random.nextGaussian() * 3);
                }
                probabilities[i] = softmax(logits, 1);
                float[] truth = softmax(logits, trueTemperature);
                double u = random.nextDouble();
                int label = 0;
                for (double cumulative = truth[0]; cumulative < u && label < 9; cumulative += truth[++label]) {
                }
                labels[i] = label;
            }
            double fitted = TemperatureScaling.fitTemperature(probabilities, labels);
            assertThat(fitted).isCloseTo(trueTemperature, within(trueTemperature * 0.05));
            assertThat(TemperatureScaling.nll(probabilities, labels, fitted))
                    .isLessThan(TemperatureScaling.nll(probabilities, labels, 1));
            assertThat(TemperatureScaling.expectedCalibrationError(probabilities, labels, fitted))
                    .isLessThan(TemperatureScaling.expectedCalibrationError(probabilities, labels, 1));
        }
    }

    @Test
    void scalingKeepsTheDigitAndADistribution() {
        float[] p = {0.7f, 0.2f, 0.1f, 0, 0, 0, 0, 0, 0, 0};
        float[] soft = TemperatureScaling.scale(p, 2);
        float[] sharp = TemperatureScaling.scale(p, 0.5);
        assertThat(Scores.argmax(soft)).isZero();
        assertThat(soft[0]).isLessThan(0.7f).isGreaterThan(soft[1]);
        assertThat(sharp[0]).isGreaterThan(0.7f);
        double sum = 0;
        for (float v : soft) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1, within(1e-6));
        assertThat(TemperatureScaling.scale(p, 1)[1]).isCloseTo(0.2f, within(1e-6f));
    }

    /** Four held-out images, confidences 0.99, 0.9, 0.8 (wrong) and 0.6 at T = 1. */
    @Test
    void thresholdIsTheLowestWhoseAcceptedExpectedErrorMeetsTheTarget() {
        float[][] probabilities = {top(0.99f, 0), top(0.9f, 1), top(0.8f, 2), top(0.6f, 3)};
        int[] labels = {0, 1, 5, 3};
        List<Calibration.CoveragePoint> curve = TemperatureScaling.coverageCurve(probabilities, labels, 1);
        assertThat(curve).extracting(Calibration.CoveragePoint::coverage).containsExactly(0.25, 0.5, 0.75, 1.0);
        assertThat(curve.get(2).expectedError()).isCloseTo((0.01 + 0.1 + 0.2) / 3, within(1e-6));
        assertThat(curve.get(2).error()).isCloseTo(1 / 3.0, within(1e-9));
        Calibration calibration = new Calibration(1, "four", 4, 0, 0, curve);

        // mean(1 - c) over the accepted: 0.01, 0.055, 0.103, 0.1775
        assertThat(calibration.thresholdFor(0.06).threshold()).isCloseTo(0.9, within(1e-6));
        assertThat(calibration.thresholdFor(0.0551).threshold()).isCloseTo(0.9, within(1e-6));
        assertThat(calibration.thresholdFor(0.0549).threshold()).isCloseTo(0.99, within(1e-6));
        assertThat(calibration.thresholdFor(0.5).threshold()).isCloseTo(0.6, within(1e-6));
        assertThat(calibration.thresholdFor(0.001).threshold()).as("no point meets it: review everything").isEqualTo(1);
        assertThatThrownBy(() -> Calibration.NONE.thresholdFor(0.01)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not calibrated");
    }

    @Test
    void theStoredCurveIsBoundedAndItsExpectedErrorOnlyGrows() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 5_000;
        float[][] probabilities = new float[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            probabilities[i] = top((float) (0.3 + 0.7 * random.nextDouble()), 0);
            labels[i] = random.nextDouble() < 0.9 ? 0 : 1;
        }
        List<Calibration.CoveragePoint> curve = TemperatureScaling.coverageCurve(probabilities, labels, 1.3);
        assertThat(curve).hasSizeLessThanOrEqualTo(TemperatureScaling.COVERAGE_STEPS).hasSizeGreaterThan(TemperatureScaling.COVERAGE_STEPS / 2);
        assertThat(curve.get(curve.size() - 1).coverage()).isEqualTo(1.0);
        for (int i = 1; i < curve.size(); i++) {
            assertThat(curve.get(i).threshold()).isLessThan(curve.get(i - 1).threshold());
            assertThat(curve.get(i).expectedError()).isGreaterThanOrEqualTo(curve.get(i - 1).expectedError());
            assertThat(curve.get(i).coverage() - curve.get(i - 1).coverage()).isLessThanOrEqualTo(2.0 / TemperatureScaling.COVERAGE_STEPS);
        }
    }

    /** Metadata written before calibration existed reads as uncalibrated: temperature 1. */
    @Test
    void metadataWithoutACalibrationReadsWithTemperatureOne(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("old.zip");
        Files.writeString(ModelMetadata.pathFor(model), "{\"version\": \"old-1\", \"modelSha256\": \"ab\"}");
        ModelMetadata old = ModelMetadata.read(model);
        assertThat(old.calibration()).isEqualTo(Calibration.NONE);
        assertThat(old.calibration().temperature()).isEqualTo(1);
        assertThat(old.calibration().confidence(top(0.8f, 4), 4)).isCloseTo(0.8f, within(1e-6f));

        Calibration fitted = new Calibration(1.7, "test", 4, 0.3, 0.2,
                List.of(new Calibration.CoveragePoint(0.9, 0.5, 0.01, 0), new Calibration.CoveragePoint(0.5, 1, 0.04, 0.05)));
        old.withCalibration(fitted).write(model);
        ModelMetadata reread = ModelMetadata.read(model);
        assertThat(reread.calibration()).isEqualTo(fitted);
        assertThat(reread.modelSha256()).isEqualTo("ab");
        assertThat(new ObjectMapper().readTree(ModelMetadata.pathFor(model).toFile()).get("calibration").has("calibrated"))
                .as("derived flags are not stored").isFalse();
    }

    private static float[] top(float confidence, int digit) {
        float[] p = new float[10];
        for (int c = 0; c < 10; c++) {
            p[c] = (1 - confidence) / 9;
        }
        p[digit] = confidence;
        return p;
    }

    private static float[] softmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z / temperature);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int c = 0; c < logits.length; c++) {
            e[c] = Math.exp(logits[c] / temperature - max);
            sum += e[c];
        }
        float[] p = new float[logits.length];
        for (int c = 0; c < logits.length; c++) {
            p[c] = (float) (e[c] / sum);
        }
        return p;
    }
}
