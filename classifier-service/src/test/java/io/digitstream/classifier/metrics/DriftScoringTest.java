package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.config.ConfigurationException;
import io.digitstream.config.LayeredConfig;
import io.digitstream.metrics.DriftReference;
import io.digitstream.metrics.PredictionHistogram;
import io.digitstream.schemas.DriftStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftScoringTest {

    private static final PredictionHistogram CONFIDENT_SEVENS = sevens(100, 0.9999999);
    /** All mass from the top confidence bin to [0.5, 0.8): 2 (1 − 1e-4) ln(1e4). */
    private static final double UNSURE_PSI = 2 * 0.9999 * Math.log(1e4);

    private static PredictionHistogram sevens(int n, double confidence) {
        PredictionHistogram h = new PredictionHistogram();
        for (int i = 0; i < n; i++) {
            h.add(7, confidence);
        }
        return h;
    }

    private static DriftStatus status(double threshold) {
        DriftScoring scoring = new DriftScoring(new DriftConfig(threshold, 5),
                Map.of("m", DriftReference.of("t", "onnx", CONFIDENT_SEVENS)));
        return scoring.score("m", sevens(5, 0.6)).getStatus();
    }

    @Test
    void flagsOnlyAboveTheThreshold() {
        assertThat(status(UNSURE_PSI - 1e-9)).isEqualTo(DriftStatus.DRIFTED);
        assertThat(status(UNSURE_PSI)).isEqualTo(DriftStatus.STABLE);
        assertThat(status(UNSURE_PSI + 1e-9)).isEqualTo(DriftStatus.STABLE);
    }

    @Test
    void aReferenceWithOtherBinsIsLeftOut() {
        DriftReference foreign = new DriftReference("t", "onnx", List.of(0.0, 1.0), List.of(100L),
                DriftReference.of("t", "onnx", CONFIDENT_SEVENS).classes());
        DriftScoring scoring = new DriftScoring(DriftConfig.DEFAULT, Map.of("m", foreign));
        assertThat(scoring.hasReference("m")).isFalse();
        assertThat(scoring.score("m", sevens(500, 0.6)).getStatus()).isEqualTo(DriftStatus.NO_REFERENCE);
    }

    @Test
    void readsItsKeysAndRefusesValuesOutOfRange() {
        assertThat(DriftConfig.from(LayeredConfig.load(Map.of(), null, Map.of(),
                Map.of("digits.drift.threshold", "0.4", "digits.drift.min.predictions", "50"))))
                .isEqualTo(new DriftConfig(0.4, 50));
        for (String bad : List.of("-0.1", "NaN", "Infinity", "100.5")) {
            assertThatThrownBy(() -> DriftConfig.from(LayeredConfig.load(Map.of(), null, Map.of(),
                    Map.of("digits.drift.threshold", bad)))).as(bad).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("digits.drift.threshold");
        }
        assertThatThrownBy(() -> new DriftConfig(1.0, 0)).isInstanceOf(ConfigurationException.class);
    }
}
