package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.synthetic.Variant;
import org.junit.jupiter.api.Test;

class InkPolarityTest {

    @Test
    void invertedMnistDigitsAreDetectedAndInvertedBackExactly() {
        for (int i = 0; i < 100; i++) {
            GrayImage original = StepImages.mnist(i);
            float[] paper = new float[original.pixels().length];
            for (int p = 0; p < paper.length; p++) {
                paper[p] = 255f - original.pixels()[p];
            }
            GrayImage darkOnLight = new GrayImage(28, 28, paper);

            assertThat(InkPolarity.isDarkInkOnLight(darkOnLight)).as("image %d", i).isTrue();
            assertThat(InkPolarity.toLightInkOnDark(darkOnLight).pixels()).as("image %d", i)
                    .containsExactly(original.pixels());
        }
    }

    @Test
    void lightInkOnDarkIsLeftAlone() {
        for (int i = 0; i < 100; i++) {
            GrayImage digit = StepImages.mnist(i);
            assertThat(InkPolarity.isDarkInkOnLight(digit)).as("image %d", i).isFalse();
            assertThat(InkPolarity.toLightInkOnDark(digit)).as("image %d", i).isSameAs(digit);
        }
    }

    @Test
    void decodedNotebookPagesAreDarkInkOnPaperAndComeOutLightOnDark() {
        for (int i = 0; i < 30; i++) {
            GrayImage page = StepImages.decoded(Variant.NOTEBOOK, i);
            assertThat(InkPolarity.isDarkInkOnLight(page)).as("page %d", i).isTrue();

            GrayImage flipped = InkPolarity.toLightInkOnDark(page);
            assertThat(InkPolarity.isDarkInkOnLight(flipped)).as("page %d", i).isFalse();
            assertThat(InkPolarity.borderMean(flipped)).as("page %d", i).isLessThan(80f);
            for (int p = 0; p < page.pixels().length; p++) {
                assertThat(flipped.pixels()[p]).isEqualTo(255f - page.pixels()[p]);
            }
        }
    }

    @Test
    void grayscaleSyntheticVariantsAreAlreadyLightOnDark() {
        for (Variant variant : new Variant[] {Variant.ROT, Variant.BACK_RAND}) {
            for (int i = 0; i < 30; i++) {
                GrayImage image = StepImages.decoded(variant, i);
                assertThat(InkPolarity.toLightInkOnDark(image)).as("%s %d", variant, i).isSameAs(image);
            }
        }
    }
}
