package io.digitstream.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabeledImagesTest {
    private final LabeledImages images = IdxFilesTest.threeImagesOf2x3();

    @Test
    void imageIsACopyOfOneImagesPixels() {
        byte[] second = images.image(1);
        second[0] = 0;

        assertThat(images.image(1)).containsExactly(90, 105, 120, 135, 150, 165);
    }

    @Test
    void headKeepsTheFirstImagesAndLabels() {
        LabeledImages head = images.head(2);

        assertThat(head.count()).isEqualTo(2);
        assertThat(head.image(1)).isEqualTo(images.image(1));
        assertThat(head.label(1)).isEqualTo(2);
        assertThatThrownBy(() -> head.image(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void withLabelsKeepsTheImagesOfThoseDigitsInTheirOrder() {
        LabeledImages kept = images.withLabels(java.util.Set.of(1, 7)); // labels 7, 2, 1

        assertThat(kept.count()).isEqualTo(2);
        assertThat(kept.image(0)).isEqualTo(images.image(0));
        assertThat(kept.image(1)).isEqualTo(images.image(2));
        assertThat(new int[] {kept.label(0), kept.label(1)}).containsExactly(7, 1);
        assertThat(images.withLabels(java.util.Set.of(9)).count()).isZero();
    }

    @Test
    void rejectsIndexesOutOfRange() {
        assertThatThrownBy(() -> images.label(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> images.head(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
