package io.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DistillationTest {

    private static final float[] TEACHER = {0.7f, 0.2f, 0.1f, 0, 0, 0, 0, 0, 0, 0};

    private static float[] target(Distillation distillation, int label) {
        float[] target = new float[12];
        distillation.target(label, TEACHER, target, 2);
        return java.util.Arrays.copyOfRange(target, 2, 12);
    }

    @Test
    void weightZeroIsTheLabelAndWeightOneAtTemperatureOneIsTheTeacher() {
        assertThat(target(new Distillation("t", 0, 3), 4)).containsExactly(0, 0, 0, 0, 1, 0, 0, 0, 0, 0);
        float[] teacher = target(new Distillation("t", 1, 1), 4);
        for (int c = 0; c < 10; c++) {
            assertThat(teacher[c]).isCloseTo(TEACHER[c], within(1e-6f));
        }
    }

    @Test
    void aHigherTemperatureSoftensTheTeacherKeepingItsOrderAndEachTargetSumsToOne() {
        float[] soft = target(new Distillation("t", 1, 2), 0);
        // sqrt(0.7), sqrt(0.2), sqrt(0.1) renormalized
        double sum = Math.sqrt(0.7) + Math.sqrt(0.2) + Math.sqrt(0.1);
        assertThat(soft[0]).isCloseTo((float) (Math.sqrt(0.7) / sum), within(1e-6f));
        assertThat(soft[0]).isLessThan(0.7f).isGreaterThan(soft[1]);
        assertThat(soft[1]).isGreaterThan(soft[2]);
        float[] mixed = target(new Distillation("t", 0.5, 2), 1);
        assertThat(mixed[1]).isCloseTo((float) (0.5 + 0.5 * Math.sqrt(0.2) / sum), within(1e-6f));
        double total = 0;
        for (float p : mixed) {
            total += p;
        }
        assertThat(total).isCloseTo(1, within(1e-6));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, Double.NaN})
    void refusesAWeightOutsideZeroToOne(double weight) {
        assertThatThrownBy(() -> new Distillation("t", weight, 2)).hasMessageContaining("between 0 and 1");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void refusesATemperatureThatIsNotPositive(double temperature) {
        assertThatThrownBy(() -> new Distillation("t", 0.5, temperature)).hasMessageContaining("positive");
    }
}
