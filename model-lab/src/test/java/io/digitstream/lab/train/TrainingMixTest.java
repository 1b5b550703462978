package io.digitstream.lab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingMixTest {

    @Test
    void sharesAreNormalizedAndDescribedInAFixedOrder() {
        TrainingMix mix = TrainingMix.parse("notebook:3, clean:4,back-rand:1.5,back-image:1.5");
        assertThat(mix.sources()).containsExactly("clean", "back-rand", "back-image", "notebook");
        assertThat(mix.describe()).isEqualTo("clean:0.400,back-rand:0.150,back-image:0.150,notebook:0.300");
        assertThat(mix.needsTextures()).isTrue();
        assertThat(TrainingMix.parse("clean:1,rot:1").needsTextures()).isFalse();
    }

    @Test
    void eachImageGetsASeededSourceInTheRightProportions() {
        TrainingMix mix = TrainingMix.parse("clean:0.5,rot:0.3,notebook:0.2");
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            String source = mix.sourceOf(i, 42);
            assertThat(mix.sourceOf(i, 42)).isEqualTo(source); // the same image, the same source
            counts.merge(source, 1, Integer::sum);
        }
        assertThat(counts.get("clean") / 20_000.0).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.015));
        assertThat(counts.get("rot") / 20_000.0).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.015));
        assertThat(counts.get("notebook") / 20_000.0).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.015));
        long differ = java.util.stream.IntStream.range(0, 1000).filter(i -> !mix.sourceOf(i, 42).equals(mix.sourceOf(i, 43))).count();
        assertThat(differ).as("another seed draws other sources").isGreaterThan(300);
    }

    @Test
    void refusesUnknownNamesAndBadShares() {
        assertThatThrownBy(() -> TrainingMix.parse("clean:1,blurry:1")).hasMessageContaining("back-rand");
        assertThatThrownBy(() -> TrainingMix.parse("clean")).hasMessageContaining("NAME:SHARE");
        assertThatThrownBy(() -> TrainingMix.parse("clean:x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> TrainingMix.parse("clean:0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> TrainingMix.parse("clean:1,clean:2")).hasMessageContaining("twice");
    }
}
