package io.digitstream.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.idx.LabeledImages;
import io.digitstream.testing.MnistFixture;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The back-noise and back-photo training families: their mixing rules, noise models and photograph tones. */
class BackgroundFamiliesTest {

    private static final LabeledImages MNIST = MnistFixture.test500();

    @Test
    void everyMixingRuleKeepsFullInkAndBareBackgroundAndBlendsEdgesByItsOwnFormula() {
        byte[] digit = {(byte) 255, 0, (byte) 128, (byte) 200};
        byte[] background = {100, 100, 100, (byte) 120};
        assertThat(levels(InkMixing.OVER.mix(digit, background, 220))).containsExactly(255, 100, 178, 226);
        assertThat(levels(InkMixing.MAX.mix(digit, background, 220))).containsExactly(255, 100, 128, 200);
        assertThat(levels(InkMixing.ADD.mix(digit, background, 220))).containsExactly(255, 100, 228, 255);
        // 128/255 * 220 + 127/255 * 100 = 160.2; 200/255 * 220 + 55/255 * 120 = 198.4
        assertThat(levels(InkMixing.ALPHA.mix(digit, background, 220))).containsExactly(220, 100, 160, 198);
    }

    @Test
    void uniformNoiseIsFlatBetweenItsDrawnBounds() {
        SplittableRandom random = new SplittableRandom(1);
        for (int image = 0; image < 40; image++) {
            double[] values = doubles(NoiseModel.UNIFORM.draw(28, 28, random));
            double min = java.util.Arrays.stream(values).min().orElseThrow();
            double max = java.util.Arrays.stream(values).max().orElseThrow();
            assertThat(min).isLessThanOrEqualTo(62);
            assertThat(max - min).isGreaterThanOrEqualTo(110);
            assertThat(TestDigits.mean(values)).isCloseTo((min + max) / 2, org.assertj.core.data.Offset.offset(8.0));
            // A flat distribution's spread is its range / sqrt(12).
            assertThat(TestDigits.std(values) / ((max - min) / Math.sqrt(12))).isBetween(0.9, 1.1);
        }
    }

    @Test
    void gaussianNoiseHasItsDrawnMeanAndSpreadAndSaltAndPepperItsExtremes() {
        SplittableRandom random = new SplittableRandom(2);
        for (int image = 0; image < 40; image++) {
            double[] gaussian = doubles(NoiseModel.GAUSSIAN.draw(28, 28, random));
            assertThat(TestDigits.mean(gaussian)).isBetween(55.0, 195.0);
            assertThat(TestDigits.std(gaussian)).isBetween(20.0, 82.0);
            byte[] salted = NoiseModel.SALT_AND_PEPPER.draw(28, 28, random);
            int white = 0;
            double sum = 0;
            double sumOfSquares = 0;
            int rest = 0;
            for (byte pixel : salted) {
                int v = pixel & 0xFF;
                if (v == 255) {
                    white++;
                } else if (v > 0) {
                    rest++;
                    sum += v;
                    sumOfSquares += v * v;
                }
            }
            // Half of 8..35% of the pixels are white; the others lie on one flat level with a little grain.
            assertThat(white / 784.0).isBetween(0.02, 0.22);
            double mean = sum / rest;
            assertThat(Math.sqrt(sumOfSquares / rest - mean * mean)).isLessThan(12);
        }
    }

    @Test
    void blotchesSpanTheWholeRangeAndAreSmootherThanPixelNoise() {
        SplittableRandom random = new SplittableRandom(3);
        for (int image = 0; image < 20; image++) {
            byte[] blotches = NoiseModel.BLOTCHES.draw(28, 28, random);
            byte[] uniform = NoiseModel.UNIFORM.draw(28, 28, random);
            double[] values = doubles(blotches);
            assertThat(java.util.Arrays.stream(values).min().orElseThrow()).isEqualTo(0);
            assertThat(java.util.Arrays.stream(values).max().orElseThrow()).isEqualTo(255);
            double blotchStep = neighbourDifference(blotches) / 255;
            double uniformStep = neighbourDifference(uniform) / TestDigits.std(doubles(uniform));
            assertThat(blotchStep).isLessThan(0.2);
            assertThat(uniformStep).isGreaterThan(1.0);
        }
    }

    @Test
    void backNoiseDrawsEveryNoiseModelAndMixingRule() {
        Set<NoiseModel> models = EnumSet.noneOf(NoiseModel.class);
        Set<InkMixing> rules = EnumSet.noneOf(InkMixing.class);
        for (int i = 0; i < 200; i++) {
            SplittableRandom random = Seeds.forImage(SyntheticDigits.DEFAULT_SEED, i);
            models.add(NoiseModel.draw(random));
            rules.add(InkMixing.draw(random));
        }
        assertThat(models).containsExactlyInAnyOrder(NoiseModel.values());
        assertThat(rules).containsExactlyInAnyOrder(InkMixing.values());
    }

    @Test
    void aPhotographPatchIsAveragedOverItsZoomThenToned() {
        // 4x4 source, zoom 2: four blocks with means 10, 50, 90, 130.
        byte[] source = new byte[16];
        int[][] blocks = {{0, 20, 0, 20}, {40, 60, 40, 60}, {80, 100, 80, 100}, {120, 140, 120, 140}};
        for (int block = 0; block < 4; block++) {
            int bx = (block % 2) * 2;
            int by = (block / 2) * 2;
            for (int k = 0; k < 4; k++) {
                source[(by + k / 2) * 4 + bx + k % 2] = (byte) blocks[block][k];
            }
        }
        assertThat(levels(PhotoBackground.toned(source, 4, 4, new PhotoBackground.Tone(2, 1, 1, false))))
                .containsExactly(10, 50, 90, 130);
        assertThat(levels(PhotoBackground.toned(source, 4, 4, new PhotoBackground.Tone(2, 1, 1, true))))
                .containsExactly(245, 205, 165, 125);
        // Half the contrast about the mean (70).
        assertThat(levels(PhotoBackground.toned(source, 4, 4, new PhotoBackground.Tone(2, 1, 0.5, false))))
                .containsExactly(40, 60, 80, 100);
        // Gamma 2 darkens the mid tones: 255 * (50/255)^2 = 9.8.
        assertThat(levels(PhotoBackground.toned(source, 4, 4, new PhotoBackground.Tone(2, 2, 1, false)))[1])
                .isLessThan(levels(PhotoBackground.toned(source, 4, 4, new PhotoBackground.Tone(2, 1, 1, false)))[1]);
    }

    @Test
    void backPhotoPatchesAreTexturedAtEveryZoomAndTheInkStaysOnTop() {
        SyntheticDigits generator = SyntheticDigits.of(Variant.BACK_PHOTO, TestDigits.halfFlatTextures());
        Set<Integer> zooms = new java.util.HashSet<>();
        for (int i = 0; i < 60; i++) {
            zooms.add(PhotoBackground.Tone.draw(Seeds.forImage(SyntheticDigits.DEFAULT_SEED, i)).zoom());
            byte[] digit = MNIST.image(i);
            byte[] image = generator.generate(MNIST, i, SyntheticDigits.DEFAULT_SEED).bytes();
            double[] background = java.util.stream.IntStream.range(0, digit.length).filter(p -> digit[p] == 0)
                    .mapToDouble(p -> image[p] & 0xFF).toArray();
            // The flat half of the stand-in photograph is never chosen alone: patches keep texture.
            assertThat(TestDigits.std(background)).isGreaterThan(12);
            for (int p = 0; p < digit.length; p++) {
                if ((digit[p] & 0xFF) == 255) {
                    assertThat(image[p] & 0xFF).as("full ink in image %d", i).isGreaterThanOrEqualTo(200);
                }
            }
        }
        assertThat(zooms).containsExactlyInAnyOrder(1, 2, 3, 4);
    }

    private static double neighbourDifference(byte[] pixels) {
        double sum = 0;
        int count = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x + 1 < 28; x++) {
                sum += Math.abs((pixels[y * 28 + x] & 0xFF) - (pixels[y * 28 + x + 1] & 0xFF));
                count++;
            }
        }
        return sum / count;
    }

    private static int[] levels(byte[] pixels) {
        int[] out = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = pixels[i] & 0xFF;
        }
        return out;
    }

    private static double[] doubles(byte[] pixels) {
        double[] out = new double[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = pixels[i] & 0xFF;
        }
        return out;
    }
}
