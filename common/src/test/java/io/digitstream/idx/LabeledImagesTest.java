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
    void rejectsIndexesOutOfRange() {
        assertThatThrownBy(() -> images.label(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> images.head(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
