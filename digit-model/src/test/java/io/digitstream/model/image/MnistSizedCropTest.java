package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A crop that happens to be 28x28, MNIST's size, is still a crop: its frame is paper crossed by ink, not the clutter
 * behind an MNIST-format digit, so its polarity is read from the paper and it is cut to its ink like any other.
 */
class MnistSizedCropTest {

    private static final int SIDE = 28;

    /**
     * A {@code 0}: an elliptical ring 3-4 px thick, dark (0) on white paper (255), cut by the top and bottom of a
     * 28x28 square, placed {@code margin} px inside a paper frame.
     */
    private static GrayImage ring(int margin) {
        int size = SIDE + 2 * margin;
        float[] pixels = new float[size * size];
        java.util.Arrays.fill(pixels, 255f);
        double centre = (SIDE - 1) / 2.0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double outer = Math.hypot((x - centre) / 11.0, (y - centre) / 14.5);
                double inner = Math.hypot((x - centre) / 7.5, (y - centre) / 10.5);
                if (outer <= 1.0 && inner > 1.0) {
                    pixels[(y + margin) * size + x + margin] = 0f;
                }
            }
        }
        return new GrayImage(size, size, pixels);
    }

    /** A 28x28 frame at {@code level} with a stroke of the far level crossing it at the top and bottom. */
    private static GrayImage frameAt(int level) {
        float[] pixels = new float[SIDE * SIDE];
        java.util.Arrays.fill(pixels, level);
        float ink = level < 128 ? 255f : 0f;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 12; x < 16; x++) {
                pixels[y * SIDE + x] = ink;
            }
        }
        return new GrayImage(SIDE, SIDE, pixels);
    }

    @Test
    void aRingCutTightAt28PixelsIsDarkInkOnPaperAndComesOutAsTheSameRingWithAMarginDoes() throws Exception {
        GrayImage tight = ring(0);
        GrayImage withMargin = ring(7);
        assertThat(InkPolarity.border(tight)).contains(0f); // the ink touches the frame
        assertThat(InkPolarity.isDarkInkOnLight(tight)).as("the paper names the polarity, not the middle").isTrue();
        assertThat(DenoiseStage.isNormalizedOnClutter(InkPolarity.toLightInkOnDark(tight))).isFalse();

        float[] fromTight = ImagePipeline.normalize(tight);
        float[] fromMargin = ImagePipeline.normalize(withMargin);
        assertThat(meanDifference(fromTight, fromMargin)).as("mean difference of the two model inputs")
                .isLessThan(0.02);
        // still a ring: a dark middle inside ink on both sides of it
        assertThat(fromTight[14 * SIDE + 14]).isLessThan(0.1f);
        assertThat(max(fromTight, 14, 4, 10)).isGreaterThan(0.8f);
        assertThat(max(fromTight, 14, 18, 24)).isGreaterThan(0.8f);
    }

    @Test
    void theFrameIsPaperWhenItsMedianLiesWithin24LevelsOfEitherEnd() {
        for (int level : new int[] {0, 23, 24, 231, 232, 255}) {
            assertThat(InkPolarity.paperFrameLevel(frameAt(level))).as("frame at %d", level).isEqualTo(level);
        }
        for (int level : new int[] {25, 128, 230}) {
            assertThat(InkPolarity.paperFrameLevel(frameAt(level))).as("frame at %d", level).isEqualTo(-1);
        }
    }

    @Test
    void aCornerFilledWithInkWithin30LevelsOfTheOtherEndStillLeavesTheFrameToPaper() {
        for (int paper : new int[] {10, 245}) {
            for (int fromInk : new int[] {29, 30, 31}) {
                float[] pixels = frameAt(paper).pixels().clone();
                int level = paper < 128 ? 255 - fromInk : fromInk;
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 3; x++) {
                        pixels[y * SIDE + x] = level; // a bold stroke stretched into the corner
                    }
                }
                assertThat(InkPolarity.paperFrameLevel(new GrayImage(SIDE, SIDE, pixels)))
                        .as("paper %d, a corner %d from the ink's end", paper, fromInk)
                        .isEqualTo(fromInk <= 30 ? paper : -1);
            }
        }
    }

    @Test
    void onlyWhatLiesInsideTheCornersThreePixelSquareCounts() {
        // a mid-level patch over the corner's first columns: the corner holds paper while its third column is paper,
        // and a patch wider than the square changes nothing more
        for (int width : new int[] {2, 3, 4}) {
            float[] pixels = frameAt(10).pixels().clone();
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < width; x++) {
                    pixels[y * SIDE + x] = 128;
                }
            }
            assertThat(InkPolarity.paperFrameLevel(new GrayImage(SIDE, SIDE, pixels)))
                    .as("a patch %d columns wide", width).isEqualTo(width < InkPolarity.CORNER ? 10 : -1);
        }
    }

    @Test
    void aFrameIsPaperOnlyWhileEachCornerStaysWithin30LevelsOfIt() {
        for (int paper : new int[] {10, 245}) {
            for (int corner : new int[] {29, 30, 31}) {
                float[] pixels = frameAt(paper).pixels().clone();
                int level = paper < 128 ? paper + corner : paper - corner;
                for (int y = SIDE - 3; y < SIDE; y++) {
                    for (int x = SIDE - 3; x < SIDE; x++) {
                        pixels[y * SIDE + x] = level;
                    }
                }
                GrayImage withCorner = new GrayImage(SIDE, SIDE, pixels);
                // on white paper the dark stroke crossing the frame, with every corner on the paper's side, makes a
                // crop however gray a corner is (InkPolarity.paperAmidInk); light ink crossing a dark frame does not
                assertThat(InkPolarity.paperFrameLevel(withCorner)).as("paper %d, a corner %d from it", paper, corner)
                        .isEqualTo(corner <= 30 || paper > 128 ? paper : -1);
                if (paper < 128) {
                    // a corner unlike the paper is the photograph behind an MNIST-format digit: it keeps its place
                    assertThat(DenoiseStage.isNormalizedOnClutter(withCorner)).isEqualTo(corner > 30);
                }
            }
        }
    }

    @Test
    void aCornerCrossedByAStrokesEdgeIsPaperWhileItHoldsPixelsWithin40LevelsOfPaperAndOfTheInksEnd() {
        // the top-left 3x3 corner: a row near the paper, a row halfway, a row near the ink's end
        for (int paper : new int[] {10, 245}) {
            for (int fromInk : new int[] {39, 40, 41}) {
                for (int fromPaper : new int[] {39, 40, 41}) {
                    float[] pixels = frameAt(paper).pixels().clone();
                    boolean lightInk = paper < 128;
                    for (int x = 0; x < 3; x++) {
                        pixels[x] = lightInk ? paper + fromPaper : paper - fromPaper;
                        pixels[SIDE + x] = 128;
                        pixels[2 * SIDE + x] = lightInk ? 255 - fromInk : fromInk;
                    }
                    boolean edge = fromInk <= InkPolarity.EDGE_REACH && fromPaper <= InkPolarity.EDGE_REACH;
                    assertThat(InkPolarity.paperFrameLevel(new GrayImage(SIDE, SIDE, pixels)))
                            .as("paper %d, the corner's extremes %d from the paper and %d from the ink's end", paper,
                                    fromPaper, fromInk)
                            .isEqualTo(edge ? paper : -1);
                }
            }
        }
    }

    @Test
    void aCornerAtALevelBetweenIsPaperWhileOneOfItsPixelsLiesWithin20LevelsOfThePaper() {
        // the top-left 3x3 corner: one pixel near the paper, the rest halfway, as where a blurred stroke crosses it
        for (int paper : new int[] {10, 245}) {
            for (int fromPaper : new int[] {19, 20, 21}) {
                float[] pixels = frameAt(paper).pixels().clone();
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 3; x++) {
                        pixels[y * SIDE + x] = 128;
                    }
                }
                pixels[0] = paper < 128 ? paper + fromPaper : paper - fromPaper;
                // as above, white paper crossed by a dark stroke is a crop whatever its corner's nearest pixel
                assertThat(InkPolarity.paperFrameLevel(new GrayImage(SIDE, SIDE, pixels)))
                        .as("paper %d, the corner's nearest pixel %d from it", paper, fromPaper)
                        .isEqualTo(fromPaper <= InkPolarity.PAPER_REACH || paper > 128 ? paper : -1);
            }
        }
    }

    @Test
    void aBoldDigitEnlargedFrom16To28PixelsAndCutTightIsCutToItsInkLikeTheSameDigitWithAMargin() throws Exception {
        // a bold 7 drawn on a 16x16 grid filling it, then enlarged to 28x28 with bilinear blur: the bar's blurred edge
        // crosses the top corners, as in scans binarized at 16x16 and enlarged to MNIST's size
        float[] coarse = new float[16 * 16];
        java.util.Arrays.fill(coarse, 255f);
        for (int y = 1; y < 5; y++) {
            for (int x = 0; x < 16; x++) {
                coarse[y * 16 + x] = 0f;
            }
        }
        for (int y = 5; y < 16; y++) {
            int x0 = 12 - (y - 5) * 9 / 11;
            for (int x = x0; x < x0 + 4; x++) {
                coarse[y * 16 + x] = 0f;
            }
        }
        GrayImage tight = enlarge(coarse, 16, SIDE, 0);
        GrayImage withMargin = enlarge(coarse, 16, SIDE + 14, 7);
        GrayImage light = InkPolarity.toLightInkOnDark(tight);
        assertThat(InkPolarity.isDarkInkOnLight(tight)).isTrue();
        assertThat(DenoiseStage.isNormalizedOnClutter(light)).as("a crop, not an MNIST-format digit on clutter")
                .isFalse();
        float[] fromTight = ImagePipeline.normalize(tight);
        float[] fromMargin = ImagePipeline.normalize(withMargin);
        // the blur the frame cut off moves the crop by a row (0.042); left uncut, as a digit on clutter, 0.39
        assertThat(meanDifference(fromTight, fromMargin)).as("mean difference of the two model inputs")
                .isLessThan(0.06);
    }

    /**
     * A {@code 0} stretched to fill a 28x28 crop (a ring 4 px thick, dark on white paper) whose right side stops
     * {@code gapAtRight} px short of the frame, with {@code margin} px of paper around, and the crop's top-left 3x3
     * corner at 128 (all four if {@code halos}): the gray halo a stroke leaves when a tight crop is shrunk, neither
     * paper nor ink.
     */
    private static GrayImage filledRing(int gapAtRight, int margin, boolean halos) {
        int size = SIDE + 2 * margin;
        float[] pixels = new float[size * size];
        java.util.Arrays.fill(pixels, 255f);
        double rx = (SIDE - gapAtRight) / 2.0;
        double cx = rx - 0.5;
        double cy = (SIDE - 1) / 2.0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                boolean ring = Math.hypot((x - cx) / rx, (y - cy) / 14.0) <= 1.0
                        && Math.hypot((x - cx) / (rx - 4), (y - cy) / 10.0) > 1.0;
                boolean halo = (x < 3 || halos && x >= SIDE - 3) && (y < 3 || halos && y >= SIDE - 3);
                if (ring || halo) {
                    pixels[(y + margin) * size + x + margin] = ring ? 0f : 128f;
                }
            }
        }
        return new GrayImage(size, size, pixels);
    }

    @Test
    void aDigitFillingItsFrameIsACropEvenWithGrayCornersAndOnWhitePaperSoIsOneShortOfOneSide() {
        GrayImage filling = filledRing(0, 0, true);
        GrayImage shortOfOneSide = filledRing(1, 0, true);
        assertThat(InkPolarity.inkFillsFrame(filling, 255)).isTrue();
        assertThat(InkPolarity.paperFrameLevel(filling)).as("paper, though no corner is paper or ink").isEqualTo(255);
        assertThat(InkPolarity.inkFillsFrame(shortOfOneSide, 255)).as("ink on three sides").isFalse();
        assertThat(InkPolarity.paperAmidInk(shortOfOneSide, Levels.histogram(InkPolarity.border(shortOfOneSide))))
                .as("the gray corners are on the paper's side of the midpoint, the ring crosses from top to bottom")
                .isEqualTo(255);
        // the same frames inverted: light ink on dark paper
        assertThat(InkPolarity.paperFrameLevel(StepImages.negative(filling))).isZero();
        assertThat(InkPolarity.paperFrameLevel(StepImages.negative(shortOfOneSide))).isEqualTo(-1);
    }

    @Test
    void inkThatFillsTheFrameLiesMoreThan32LevelsFromThePaper() {
        for (int paper : new int[] {0, 255}) {
            for (int fromPaper : new int[] {31, 32, 33}) {
                float[] pixels = filledRing(0, 0, false).pixels().clone();
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = pixels[i] == 255f ? paper : paper == 0 ? fromPaper : 255 - fromPaper;
                }
                assertThat(InkPolarity.inkFillsFrame(new GrayImage(SIDE, SIDE, pixels), paper))
                        .as("paper %d, a ring %d levels from it", paper, fromPaper)
                        .isEqualTo(fromPaper > InkPolarity.FILL_INK_REACH);
            }
        }
    }

    @Test
    void aDigitFillingItsFrameIsCutToItsInkLikeTheSameDigitWithAMargin() throws Exception {
        GrayImage filling = filledRing(0, 0, false);
        assertThat(InkPolarity.isDarkInkOnLight(filling)).isTrue();
        assertThat(DenoiseStage.isNormalizedOnClutter(InkPolarity.toLightInkOnDark(filling))).isFalse();
        float[] fromTight = ImagePipeline.normalize(filling);
        float[] fromMargin = ImagePipeline.normalize(filledRing(0, 7, false));
        assertThat(meanDifference(fromTight, fromMargin)).as("mean difference of the two model inputs")
                .isLessThan(0.02);
        assertThat(fromTight[14 * SIDE + 14]).as("still a ring: its middle is empty").isLessThan(0.1f);
    }

    /** {@code coarse} (side {@code from}) enlarged bilinearly to {@code to} px, {@code margin} px inside paper. */
    private static GrayImage enlarge(float[] coarse, int from, int to, int margin) {
        int size = to + 2 * margin;
        float[] pixels = new float[size * size];
        java.util.Arrays.fill(pixels, 255f);
        double scale = (double) from / to;
        for (int y = 0; y < to; y++) {
            double sy = Math.min(from - 1.0, Math.max(0, (y + 0.5) * scale - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(from - 1, y0 + 1);
            for (int x = 0; x < to; x++) {
                double sx = Math.min(from - 1.0, Math.max(0, (x + 0.5) * scale - 0.5));
                int x0 = (int) sx;
                int x1 = Math.min(from - 1, x0 + 1);
                double top = coarse[y0 * from + x0] * (1 - (sx - x0)) + coarse[y0 * from + x1] * (sx - x0);
                double bottom = coarse[y1 * from + x0] * (1 - (sx - x0)) + coarse[y1 * from + x1] * (sx - x0);
                pixels[(y + margin) * size + x + margin] = (float) (top * (1 - (sy - y0)) + bottom * (sy - y0));
            }
        }
        return new GrayImage(size, size, pixels);
    }

    @Test
    void mnistItselfIsReadAsBeforeAndNoisy28PixelDigitsStayMnistFormatOnClutter() {
        for (int i = 0; i < 50; i++) {
            assertThat(InkPolarity.isDarkInkOnLight(StepImages.mnist(i))).isFalse();
            assertThat(DenoiseStage.isNormalizedOnClutter(StepImages.mnist(i))).isFalse();
            GrayImage noisy = StepImages.decoded(io.digitstream.synthetic.Variant.BACK_RAND, i);
            assertThat(InkPolarity.isMnistFormatOnClutter(noisy)).as("back-rand %d", i).isTrue();
            assertThat(DenoiseStage.isNormalizedOnClutter(noisy)).as("back-rand %d", i).isTrue();
        }
    }

    static double meanDifference(float[] a, float[] b) {
        double difference = 0;
        for (int i = 0; i < a.length; i++) {
            difference += Math.abs(a[i] - b[i]);
        }
        return difference / a.length;
    }

    private static float max(float[] image, int row, int fromX, int toX) {
        float max = 0;
        for (int x = fromX; x < toX; x++) {
            max = Math.max(max, image[row * SIDE + x]);
        }
        return max;
    }
}
