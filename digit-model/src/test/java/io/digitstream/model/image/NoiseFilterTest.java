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
        GrayImage strokes = StepImages.blank(40, 40);
        StepImages.fill(strokes, 5, 18, 35, 21, 255f); // horizontal, 3 px thick
        StepImages.fill(strokes, 18, 5, 21, 35, 255f); // vertical, 3 px thick
        GrayImage image = StepImages.blank(40, 40);
        for (int p = 0; p < image.pixels().length; p++) {
            image.pixels()[p] = Math.max(strokes.pixels()[p], random.nextInt(256));
        }
        assertThat(NoiseFilter.roughness(image)).isGreaterThan(NoiseFilter.ROUGHNESS_LIMIT);

        GrayImage out = NoiseFilter.smoothIfRough(image);

        for (int t = 6; t < 34; t++) { // the stroke ends may round off; the body must stay
            assertThat(out.get(t, 19)).as("horizontal stroke's middle at %d", t).isEqualTo(255f);
            assertThat(out.get(19, t)).as("vertical stroke's middle at %d", t).isEqualTo(255f);
            for (int k : new int[] {18, 20}) { // the edges: a third of their window is clutter
                assertThat(out.get(t, k)).as("horizontal stroke at %d,%d", t, k).isGreaterThan(200f);
                assertThat(out.get(k, t)).as("vertical stroke at %d,%d", k, t).isGreaterThan(200f);
            }
        }
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                if (!StepImages.near(strokes, x, y, 2, 0f)) {
                    assertThat(out.get(x, y)).as("clutter at %d,%d", x, y).isLessThan(160f);
                }
            }
        }
    }

    @Test
    void pixelsCountAtTheInkLevelWithinItsToleranceAndNoFurther() {
        GrayImage image = StepImages.blank(20, 20);
        StepImages.fill(image, 0, 0, 2, 2, 255f); // 4 of 400 pixels: the 99.5th percentile is 255
        float tolerance = NoiseFilter.INK_LEVEL_TOLERANCE;
        float[] levels = {255f - (tolerance - 1), 255f - tolerance, 255f - (tolerance + 1)};
        for (int k = 0; k < levels.length; k++) {
            image.pixels()[10 * 20 + 4 + 5 * k] = levels[k]; // isolated: alone in its 3x3 window
        }
        float[] share = NoiseFilter.inkLevelShare(image);
        assertThat(share[10 * 20 + 4]).isEqualTo(255f / 9);
        assertThat(share[10 * 20 + 9]).isEqualTo(255f / 9);
        assertThat(share[10 * 20 + 14]).isZero();
        assertThat(share[0]).as("a corner: its window is cut to 4 pixels, all at the level").isEqualTo(255f);
    }

    @Test
    void withTooLittleInkToShowItsLevelOnlyTheLevelsAreSmoothed() {
        GrayImage image = StepImages.blank(20, 20);
        image.pixels()[5 * 20 + 5] = 255f; // the 99.5th percentile is the background's 0
        assertThat(NoiseFilter.inkLevelShare(image)).isNull();
    }

    @Test
    void theInkLevelCountsOnlyWhenItStandsMoreThanTheToleranceAboveTheMedian() {
        int tolerance = (int) NoiseFilter.INK_LEVEL_TOLERANCE;
        for (int above : new int[] {tolerance - 1, tolerance, tolerance + 1}) {
            GrayImage image = StepImages.blank(20, 20);
            StepImages.fill(image, 0, 0, 20, 20, 100f); // the median
            StepImages.fill(image, 0, 0, 2, 2, 100f + above); // 4 of 400 pixels: the 99.5th percentile
            float[] share = NoiseFilter.inkLevelShare(image);
            if (above <= tolerance) {
                assertThat(share).as("%d above the median", above).isNull();
            } else {
                assertThat(share).as("%d above the median", above).isNotNull();
                assertThat(share[0]).isEqualTo(255f); // a corner: its cut window is all at the ink's level
                assertThat(share[10 * 20 + 10]).isZero();
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
     * composites): strokes stand further above the clutter after the opening's share than under the median alone,
     * and further again with the count of pixels at the ink's level.
     */
    @Test
    void strokesStandFurtherAboveBrighterWinsClutterWithEachPartOfTheFilter() {
        SplittableRandom random = new SplittableRandom(11);
        int images = 50;
        double medianSeparation = 0;
        double levelsSeparation = 0;
        double smoothedSeparation = 0;
        for (int i = 0; i < images; i++) {
            GrayImage digit = StepImages.mnist(i);
            GrayImage image = StepImages.blank(digit.width(), digit.height());
            for (int p = 0; p < image.pixels().length; p++) {
                image.pixels()[p] = Math.max(digit.pixels()[p], random.nextInt(256));
            }
            assertThat(NoiseFilter.roughness(image)).as("image %d", i).isGreaterThan(NoiseFilter.ROUGHNESS_LIMIT);
            float[] median = NoiseFilter.median3x3(image).pixels();
            float[] opened = NoiseFilter.opening2x2(image).pixels();
            float[] levels = new float[median.length];
            for (int p = 0; p < levels.length; p++) {
                levels[p] = (1 - NoiseFilter.OPENING_SHARE) * median[p] + NoiseFilter.OPENING_SHARE * opened[p];
            }
            medianSeparation += separation(digit, new GrayImage(28, 28, median)) / images;
            levelsSeparation += separation(digit, new GrayImage(28, 28, levels)) / images;
            smoothedSeparation += separation(digit, NoiseFilter.smoothIfRough(image)) / images;
        }
        assertThat(levelsSeparation).isGreaterThan(medianSeparation + 0.25);
        assertThat(smoothedSeparation).isGreaterThan(levelsSeparation + 1);
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
