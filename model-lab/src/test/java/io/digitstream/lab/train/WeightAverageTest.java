package io.digitstream.lab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WeightAverageTest {

    @Test
    void theFirstUpdatesWeighTheNewWeightsHeavily() {
        WeightAverage average = new WeightAverage(Nd4j.zeros(1, 3), 0.999);
        average.update(Nd4j.ones(1, 3));
        // decay min(0.999, 2/11): the fresh network's start fades after a handful of steps
        assertThat(average.parameters().getDouble(0)).isCloseTo(1 - 2.0 / 11, within(1e-6));
    }

    @Test
    void followsTheWeightsWithTheConfiguredDecayOnceWarm() {
        WeightAverage average = new WeightAverage(Nd4j.zeros(1, 2), 0.9);
        INDArray weights = Nd4j.createFromArray(new float[][] {{2f, -4f}});
        for (int i = 0; i < 200; i++) {
            average.update(weights);
        }
        assertThat(average.parameters().getDouble(0)).isCloseTo(2, within(1e-4));
        assertThat(average.parameters().getDouble(1)).isCloseTo(-4, within(1e-4));
        INDArray before = average.parameters().dup();
        average.update(Nd4j.zeros(1, 2));
        assertThat(average.parameters().getDouble(0)).isCloseTo(0.9 * before.getDouble(0), within(1e-5));
    }

    @Test
    void doesNotAliasTheLiveWeights() {
        INDArray live = Nd4j.ones(1, 2);
        WeightAverage average = new WeightAverage(live, 0.5);
        live.assign(5);
        assertThat(average.parameters().getDouble(0)).isEqualTo(1.0);
    }

    @Test
    void refusesADecayOutsideZeroToOne() {
        assertThatThrownBy(() -> new WeightAverage(Nd4j.zeros(1, 1), 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
