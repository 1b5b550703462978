package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.synthetic.Variant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NoiseFilterTest {

    @Test
    void randomPixelBackgroundsAreRoughAndTheFilterSmoothsThem() {
        for (int i = 0; i < 50; i++) {
            GrayImage noisy = StepImages.decoded(Variant.BACK_RAND, i);
            float before = NoiseFilter.roughness(noisy);
            GrayImage filtered = NoiseFilter.smoothIfRough(noisy);
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
            GrayImage out = NoiseFilter.smoothIfRough(digit);
            assertThat(out.pixels()).as("image %d", i).containsExactly(digit.pixels());
        }
    }

    @Test
    void aThreePixelStrokeSurvivesOnARandomBackground() {
        SplittableRandom random = new SplittableRandom(7);
        GrayImage image = StepImages.blank(40, 40);
        for (int p = 0; p < image.pixels().length; p++) {
            image.pixels()[p] = random.nextInt(256);
        }
        StepImages.fill(image, 5, 18, 35, 21, 255f); // horizontal, 3 px thick
        StepImages.fill(image, 18, 5, 21, 35, 255f); // vertical, 3 px thick
        assertThat(NoiseFilter.roughness(image)).isGreaterThan(NoiseFilter.ROUGHNESS_LIMIT);

        GrayImage out = NoiseFilter.smoothIfRough(image);

        for (int t = 6; t < 34; t++) { // the stroke ends may round off; the body must stay full
            for (int k = 18; k < 21; k++) {
                assertThat(out.get(t, k)).as("horizontal stroke at %d,%d", t, k).isEqualTo(255f);
                assertThat(out.get(k, t)).as("vertical stroke at %d,%d", k, t).isEqualTo(255f);
            }
        }
    }

    @Test
    void isolatedSaltPixelsAreRemoved() {
        GrayImage image = StepImages.blank(20, 20);
        image.pixels()[5 * 20 + 5] = 255f;
        image.pixels()[12 * 20 + 14] = 200f;
        assertThat(StepImages.max(NoiseFilter.median3x3(image).pixels())).isZero();
        assertThat(StepImages.max(NoiseFilter.opening2x2(image).pixels())).isZero();
        assertThat(StepImages.max(NoiseFilter.smoothed(image).pixels())).isZero();
    }

    @Test
    void theOpeningKeepsATwoPixelSquareAndRemovesAOnePixelLine() {
        GrayImage image = StepImages.blank(12, 12);
        StepImages.fill(image, 3, 3, 5, 5, 200f); // 2x2
        StepImages.fill(image, 8, 1, 9, 11, 255f); // 1 px wide, 10 long
        GrayImage opened = NoiseFilter.opening2x2(image);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 12; x++) {
                float expected = x >= 3 && x < 5 && y >= 3 && y < 5 ? 200f : 0f;
                assertThat(opened.get(x, y)).as("%d,%d", x, y).isEqualTo(expected);
            }
        }
    }

    /**
     * Digits over random pixels where the brighter of the two wins (how an independent implementation of back-rand
     * composites): strokes stand further above the clutter than under the median alone.
     */
    @Test
    void strokesStandFurtherAboveBrighterWinsClutterThanUnderTheMedianAlone() {
        SplittableRandom random = new SplittableRandom(11);
        int images = 50;
        double medianSeparation = 0;
        double smoothedSeparation = 0;
        for (int i = 0; i < images; i++) {
            GrayImage digit = StepImages.mnist(i);
            GrayImage image = StepImages.blank(digit.width(), digit.height());
            for (int p = 0; p < image.pixels().length; p++) {
                image.pixels()[p] = Math.max(digit.pixels()[p], random.nextInt(256));
            }
            assertThat(NoiseFilter.roughness(image)).as("image %d", i).isGreaterThan(NoiseFilter.ROUGHNESS_LIMIT);
            medianSeparation += separation(digit, NoiseFilter.median3x3(image)) / images;
            smoothedSeparation += separation(digit, NoiseFilter.smoothIfRough(image)) / images;
        }
        assertThat(smoothedSeparation).isGreaterThan(medianSeparation + 0.25);
    }

    /** How many standard deviations of the clutter the mean stroke level lies above the clutter's mean. */
    private static double separation(GrayImage digit, GrayImage filtered) {
        double ink = 0;
        double inkPixels = 0;
        double clutter = 0;
        double clutterSquares = 0;
        double clutterPixels = 0;
        for (int p = 0; p < filtered.pixels().length; p++) {
            float level = filtered.pixels()[p];
            if (digit.pixels()[p] >= 128) {
                ink += level;
                inkPixels++;
            } else if (digit.pixels()[p] == 0) {
                clutter += level;
                clutterSquares += level * level;
                clutterPixels++;
            }
        }
        double clutterMean = clutter / clutterPixels;
        double clutterSd = Math.sqrt(clutterSquares / clutterPixels - clutterMean * clutterMean);
        return (ink / inkPixels - clutterMean) / clutterSd;
    }
}
