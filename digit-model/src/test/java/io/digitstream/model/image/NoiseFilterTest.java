package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.synthetic.Variant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NoiseFilterTest {

    @Test
    void randomPixelBackgroundsAreRoughAndTheMedianSmoothsThem() {
        for (int i = 0; i < 50; i++) {
            GrayImage noisy = StepImages.decoded(Variant.BACK_RAND, i);
            float before = NoiseFilter.roughness(noisy);
            GrayImage filtered = NoiseFilter.medianIfRough(noisy);
            float after = NoiseFilter.roughness(filtered);

            assertThat(before).as("image %d", i).isGreaterThan(NoiseFilter.ROUGHNESS_LIMIT);
            assertThat(filtered).as("image %d", i).isNotSameAs(noisy);
            assertThat(after).as("image %d", i).isLessThan(before / 2).isLessThanOrEqualTo(NoiseFilter.ROUGHNESS_LIMIT);
        }
    }

    @Test
    void cleanMnistDigitsAreNotTouched() {
        for (int i = 0; i < 200; i++) {
            GrayImage digit = StepImages.mnist(i);
            assertThat(NoiseFilter.roughness(digit)).as("image %d", i).isLessThanOrEqualTo(NoiseFilter.ROUGHNESS_LIMIT);
            GrayImage out = NoiseFilter.medianIfRough(digit);
            assertThat(out.pixels()).as("image %d", i).containsExactly(digit.pixels());
        }
    }

    @Test
    void aThreePixelStrokeSurvivesTheMedianOnARandomBackground() {
        SplittableRandom random = new SplittableRandom(7);
        GrayImage image = StepImages.blank(40, 40);
        for (int p = 0; p < image.pixels().length; p++) {
            image.pixels()[p] = random.nextInt(256);
        }
        StepImages.fill(image, 5, 18, 35, 21, 255f); // horizontal, 3 px thick
        StepImages.fill(image, 18, 5, 21, 35, 255f); // vertical, 3 px thick
        assertThat(NoiseFilter.roughness(image)).isGreaterThan(NoiseFilter.ROUGHNESS_LIMIT);

        GrayImage out = NoiseFilter.medianIfRough(image);

        for (int t = 6; t < 34; t++) { // the stroke ends may round off; the body must stay full
            for (int k = 18; k < 21; k++) {
                assertThat(out.get(t, k)).as("horizontal stroke at %d,%d", t, k).isEqualTo(255f);
                assertThat(out.get(k, t)).as("vertical stroke at %d,%d", k, t).isEqualTo(255f);
            }
        }
    }

    @Test
    void theMedianRemovesIsolatedSaltPixels() {
        GrayImage image = StepImages.blank(20, 20);
        image.pixels()[5 * 20 + 5] = 255f;
        image.pixels()[12 * 20 + 14] = 200f;
        assertThat(StepImages.max(NoiseFilter.median3x3(image).pixels())).isZero();
    }
}
