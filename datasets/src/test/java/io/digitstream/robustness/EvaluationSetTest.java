package io.digitstream.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.synthetic.Variant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvaluationSetTest {

    @Test
    void theConstantNamesEveryIndependentSetAndTheListEveryVariantAsOwn() {
        assertThat(EvaluationSet.INDEPENDENT_NAMES).isEqualTo(EvaluationSet.names(EvaluationSet.Family.INDEPENDENT));
        for (Variant variant : Variant.values()) {
            assertThat(EvaluationSet.byName(variant.id())).get()
                    .extracting(EvaluationSet::family).isEqualTo(EvaluationSet.Family.OWN);
        }
        assertThat(EvaluationSet.byName("mnist-test").orElseThrow().family()).isEqualTo(EvaluationSet.Family.OWN);
        assertThat(EvaluationSet.byName("dir:/scans")).isEmpty();
        Set<String> names = new HashSet<>();
        for (EvaluationSet set : EvaluationSet.ALL) {
            assertThat(names.add(set.name())).as("unique " + set.name()).isTrue();
            assertThat(set.description()).isNotBlank();
            assertThat(IndependentSets.isIndependent(set.name()))
                    .isEqualTo(set.family() == EvaluationSet.Family.INDEPENDENT);
        }
    }

    @Test
    void openingAnOwnOrUnknownSetAsIndependentIsRefusedByName() {
        assertThatThrownBy(() -> IndependentSets.open("back-rand", () -> null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'back-rand'")
                .hasMessageContaining(EvaluationSet.INDEPENDENT_NAMES);
        assertThatThrownBy(() -> IndependentSets.open("tight-margin-margin", () -> null, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
