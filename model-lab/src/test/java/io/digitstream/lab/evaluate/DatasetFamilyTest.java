package io.digitstream.lab.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.robustness.EvaluationSet;
import org.junit.jupiter.api.Test;

class DatasetFamilyTest {

    @Test
    void everyBuiltInSetHasAFamilyAndOnlyUntrainedKindsAreIndependent() {
        for (EvaluationSet set : EvaluationSet.ALL) {
            DatasetFamily family = DatasetFamily.of(set.name());
            if (set.family() == EvaluationSet.Family.OWN) {
                assertThat(family).as(set.name()).isIn(DatasetFamily.OWN_GENERATOR, DatasetFamily.HELD_OUT,
                        DatasetFamily.TRAINING_IMAGES);
            } else {
                assertThat(family).as(set.name()).isIn(DatasetFamily.TRAINED_KIND, DatasetFamily.INDEPENDENT);
            }
        }
        assertThat(DatasetFamily.of("form-field")).isEqualTo(DatasetFamily.OWN_GENERATOR);
        assertThat(DatasetFamily.of("stretched")).isEqualTo(DatasetFamily.TRAINED_KIND);
        assertThat(DatasetFamily.of("sklearn-digits")).isEqualTo(DatasetFamily.INDEPENDENT);
        assertThat(DatasetFamily.of("notebook-b")).isEqualTo(DatasetFamily.INDEPENDENT);
        assertThat(DatasetFamily.of("dir:/scans")).isEqualTo(DatasetFamily.INDEPENDENT);
        assertThatThrownBy(() -> DatasetFamily.of("no-such-set")).isInstanceOf(IllegalArgumentException.class);
    }
}
