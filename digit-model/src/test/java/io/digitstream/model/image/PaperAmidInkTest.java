package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.robustness.EvaluationImages;
import io.digitstream.robustness.IndependentSets;
import io.digitstream.schemas.DigitImage;
import io.digitstream.synthetic.Variant;
import io.digitstream.testing.MnistFixture;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A 28x28 crop whose bold ink, stretched to fill the frame and shrunk, holds most of its frame and greys its corners is
 * still a crop ({@link InkPolarity#paperAmidInk}), while the clutter behind an MNIST-format digit is not taken for one.
 */
class PaperAmidInkTest {

    private static final int SIDE = 28;
    /** The frame of a 28x28 image: 108 pixels. */
    private static final int FRAME = 4 * SIDE - 4;
    private static final float PAPER = 255f;
    /** Ink gray from shrinking: on the ink's side of the midpoint, but far from either end. */
    private static final float INK = 100f;
    /** A stroke's halo: on the paper's side of the midpoint, but not paper. */
    private static final float HALO = 180f;

    private static final int[][] CORNERS = {{0, 0}, {0, SIDE - 3}, {SIDE - 3, 0}, {SIDE - 3, SIDE - 3}};

    /**
     * Gray ink everywhere except the 3x3 squares of the first {@code paperCorners} corners (top-left, bottom-left,
     * top-right, bottom-right) and further paper on the top and bottom rows up to {@code paperOnFrame} frame pixels.
     * Columns 13 and 14 stay ink, so that the ink reaches all four sides.
     */
    private static GrayImage inkAround(int paperCorners, int paperOnFrame) {
        float[] pixels = new float[SIDE * SIDE];
        Arrays.fill(pixels, INK);
        paperCorners(pixels, paperCorners);
        morePaper(pixels, paperOnFrame, x -> x >= 3 && x < SIDE - 3 && x != 13 && x != 14);
        return new GrayImage(SIDE, SIDE, pixels);
    }

    /**
     * A bold 1: a gray stroke 8 px wide from the top of the frame to the bottom, a halo on both sides of it, all four
     * corners paper and more paper on the top and bottom rows up to {@code paperOnFrame} frame pixels.
     */
    private static GrayImage boldOne(int paperOnFrame) {
        float[] pixels = new float[SIDE * SIDE];
        Arrays.fill(pixels, HALO);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 10; x < 18; x++) {
                pixels[y * SIDE + x] = INK;
            }
        }
        paperCorners(pixels, 4);
        morePaper(pixels, paperOnFrame, x -> x >= 3 && x < 10 || x >= 18 && x < SIDE - 3);
        return new GrayImage(SIDE, SIDE, pixels);
    }

    private static void paperCorners(float[] pixels, int count) {
        for (int c = 0; c < count; c++) {
            for (int y = CORNERS[c][1]; y < CORNERS[c][1] + 3; y++) {
                for (int x = CORNERS[c][0]; x < CORNERS[c][0] + 3; x++) {
                    pixels[y * SIDE + x] = PAPER;
                }
            }
        }
    }

    /** Turns pixels of the top row, then the bottom row, in the columns {@code allowed}, into paper up to a count. */
    private static void morePaper(float[] pixels, int paperOnFrame, java.util.function.IntPredicate allowed) {
        for (int row : new int[] {0, SIDE - 1}) {
            for (int x = 0; x < SIDE && paperOnFrame(pixels) < paperOnFrame; x++) {
                if (allowed.test(x)) {
                    pixels[row * SIDE + x] = PAPER;
                }
            }
        }
        assertThat(paperOnFrame(pixels)).as("paper on the frame").isEqualTo(paperOnFrame);
    }

    private static int paperOnFrame(float[] pixels) {
        int count = 0;
        for (float v : InkPolarity.border(new GrayImage(SIDE, SIDE, pixels))) {
            count += v == PAPER ? 1 : 0;
        }
        return count;
    }

    @Test
    void paperOnAThirdOfTheFrameMakesACropOfInkReachingAllFourSides() {
        int limit = (int) Math.ceil(InkPolarity.PAPER_AMID_INK * FRAME); // 33 of 108
        for (int paper : new int[] {limit - 1, limit, limit + 1}) {
            GrayImage image = inkAround(3, paper);
            int[] frame = Levels.histogram(InkPolarity.border(image));
            assertThat(Levels.percentile(frame, 0.5)).as("the frame's median is the gray ink").isEqualTo((int) INK);
            assertThat(InkPolarity.paperFrameLevel(image)).as("%d paper pixels on the frame", paper)
                    .isEqualTo(paper >= limit ? (int) PAPER : -1);
            assertThat(InkPolarity.isMnistFormatOnClutter(image)).isEqualTo(paper < limit);
            // the same frame inverted: light ink on black paper
            assertThat(InkPolarity.paperFrameLevel(StepImages.negative(image))).isEqualTo(paper >= limit ? 0 : -1);
        }
    }

    @Test
    void threeCornersOfPaperAreNeededTwoAreNot() {
        assertThat(InkPolarity.paperFrameLevel(inkAround(3, 40))).isEqualTo((int) PAPER);
        assertThat(InkPolarity.paperFrameLevel(inkAround(2, 40))).isEqualTo(-1);
    }

    @Test
    void onWhitePaperABoldStrokeFromOneSideToTheOppositeOneMakesACropButLightInkOnBlackDoesNot() {
        int limit = (int) Math.ceil(InkPolarity.PAPER_AMID_INK * FRAME);
        for (int paper : new int[] {limit - 1, limit, limit + 1}) {
            GrayImage one = boldOne(paper);
            assertThat(Levels.percentile(Levels.histogram(InkPolarity.border(one)), 0.5)).isEqualTo((int) HALO);
            assertThat(InkPolarity.paperFrameLevel(one)).as("%d paper pixels on the frame", paper)
                    .isEqualTo(paper >= limit ? (int) PAPER : -1);
            // light ink crossing a dark frame is what the clutter behind an MNIST-format digit looks like
            assertThat(InkPolarity.paperFrameLevel(StepImages.negative(one))).isEqualTo(-1);
        }
        float[] threeCorners = boldOne(40).pixels().clone();
        for (int y = SIDE - 3; y < SIDE; y++) {
            for (int x = SIDE - 3; x < SIDE; x++) {
                threeCorners[y * SIDE + x] = HALO - 60; // on the ink's side of the midpoint
            }
        }
        assertThat(InkPolarity.paperFrameLevel(new GrayImage(SIDE, SIDE, threeCorners)))
                .as("a stroke that does not reach all four sides needs four corners of paper").isEqualTo(-1);
    }

    @Test
    void aCropFoundBeforePolarityStaysACropAfterIt() throws Exception {
        GrayImage one = boldOne(40);
        GrayImage light = InkPolarity.toLightInkOnDark(one);
        assertThat(InkPolarity.isDarkInkOnLight(one)).isTrue();
        // once inverted, its frame is black paper crossed by light ink: alone, that reads as an MNIST-format digit
        assertThat(DenoiseStage.isNormalizedOnClutter(light)).isTrue();
        assertThat(DenoiseStage.trace(one)).extracting(DenoiseStage.Step::name).contains("strokes");
        float[] input = ImagePipeline.normalize(one);
        // cut to its ink, the stroke is a 1 in the middle of the 20x20 box, with black beside it
        assertThat(input[14 * SIDE + 14]).isGreaterThan(0.5f);
        assertThat(input[14 * SIDE + 2]).isLessThan(0.05f);
        assertThat(input[14 * SIDE + 25]).isLessThan(0.05f);
    }

    @Test
    void mnistTestDigitsStretchedTo28PixelsAreReadAsTheSameDigitsWithAMargin() throws Exception {
        EvaluationImages tight = IndependentSets.open("stretched-28", MnistFixture::test500, IndependentSets.DEFAULT_SEED);
        EvaluationImages margin = IndependentSets.open("stretched-28-margin", MnistFixture::test500,
                IndependentSets.DEFAULT_SEED);
        ImagePipeline pipeline = ImagePipeline.withDefaults();
        int apart = 0;
        int mnistFormat = 0;
        for (int i = 0; i < tight.count(); i++) {
            DigitImage crop = record(tight, i);
            float[] fromTight = pipeline.modelInput(crop);
            float[] fromMargin = pipeline.modelInput(record(margin, i));
            apart += MnistSizedCropTest.meanDifference(fromTight, fromMargin) > 0.05 ? 1 : 0;
            mnistFormat += InkPolarity.isMnistFormatOnClutter(DenoiseStage.beforePolarity(pipeline.decode(crop), null))
                    ? 1 : 0;
        }
        // before the rule 26 of these 500 were taken for MNIST-format digits, and 25 read apart
        assertThat(mnistFormat).as("crops taken for MNIST-format digits on clutter").isLessThanOrEqualTo(12);
        assertThat(apart).as("crops read apart from the same digit with a margin").isLessThanOrEqualTo(13);
    }

    @Test
    void digitsOnPhotographsAndNoiseStayMnistFormat() {
        for (Variant variant : new Variant[] {Variant.BACK_IMAGE, Variant.BACK_RAND, Variant.BACK_NOISE}) {
            for (int i = 0; i < StepImages.MNIST.count(); i++) {
                GrayImage image = StepImages.decoded(variant, i);
                int[] frame = Levels.histogram(InkPolarity.border(image));
                assertThat(InkPolarity.paperAmidInk(image, frame)).as("%s %d", variant, i).isEqualTo(-1);
            }
        }
    }

    private static DigitImage record(EvaluationImages images, int i) {
        return DigitRecords.synthetic(images.image(i), "t" + i, "t", Instant.EPOCH, true);
    }
}
