package io.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelEnsembleTest {

    @Test
    void theEnsembleReadsEveryImageWithEveryModelAndCombinesTheReadingsByTheirGeometricMean() {
        Fixed sure = new Fixed("a", row(0.9f, 0.1f));
        Fixed torn = new Fixed("b", row(0.4f, 0.6f));
        ModelEnsemble ensemble = new ModelEnsemble(List.of(sure, torn));

        float[][] combined = ensemble.classify(new float[3][28 * 28]);

        assertThat(combined).hasNumberOfRows(3);
        assertThat(sure.images).isEqualTo(3);
        assertThat(torn.images).isEqualTo(3);
        double first = Math.sqrt(0.9 * 0.4);
        double second = Math.sqrt(0.1 * 0.6);
        assertThat(combined[2][0]).isCloseTo((float) (first / (first + second)), within(1e-5f));
        assertThat(combined[2][1]).isCloseTo((float) (second / (first + second)), within(1e-5f));
        assertThat(combined[2][0]).as("the sure model outweighs the torn one").isGreaterThan(0.5f);
    }

    @Test
    void itsVersionNamesEveryModelAndACopyCopiesEveryModel() {
        ModelEnsemble ensemble = new ModelEnsemble(List.of(new Fixed("a", row(1, 0)), new Fixed("b", row(1, 0)),
                new Fixed("c", row(1, 0))));

        assertThat(ensemble.version()).isEqualTo("a+b+c");
        assertThat(ensemble.copy().version()).isEqualTo("a+b+c");
        assertThat(ensemble.copy()).isNotSameAs(ensemble);
    }

    @Test
    void oneModelIsNoEnsemble() {
        assertThatThrownBy(() -> new ModelEnsemble(List.of(new Fixed("a", row(1, 0)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two models");
    }

    private static float[] row(float zero, float one) {
        float[] row = new float[DigitModel.CLASSES];
        row[0] = zero;
        row[1] = one;
        return row;
    }

    /** An engine that gives every image the same probabilities and counts the images it read. */
    private static final class Fixed implements InferenceEngine {
        private final String version;
        private final float[] answer;
        int images;

        Fixed(String version, float[] answer) {
            this.version = version;
            this.answer = answer;
        }

        @Override
        public float[][] classify(float[][] inputs) {
            images += inputs.length;
            float[][] out = new float[inputs.length][];
            for (int i = 0; i < inputs.length; i++) {
                out[i] = answer.clone();
            }
            return out;
        }

        @Override
        public InferenceEngine copy() {
            return new Fixed(version, answer);
        }

        @Override
        public String version() {
            return version;
        }
    }
}
