package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EdgeBandTest {

    private static final int SIDE = 80;
    private static final float PAPER = 250;
    private static final float BED = 20;

    /**
     * An 80-pixel field of paper with MNIST digit {@code digit} (-1 for none) dark on it, enlarged twice and centred, and
     * a band of {@code level}, {@code thickness} rows deep, along each side {@code sides} names (top, bottom, left,
     * right).
     */
    private static GrayImage field(int digit, int thickness, float level, boolean... sides) {
        float[] pixels = StepImages.darkDigitOnPaper(SIDE, digit, PAPER, BED);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                boolean band = sides[0] && y < thickness || sides[1] && y >= SIDE - thickness
                        || sides[2] && x < thickness || sides[3] && x >= SIDE - thickness;
                if (band) {
                    pixels[y * SIDE + x] = level;
                }
            }
        }
        return new GrayImage(SIDE, SIDE, pixels);
    }

    /** An 80-pixel field of paper with the pixels {@code bed} holds at the bed's level. */
    private static GrayImage drawn(BiPredicate<Integer, Integer> bed) {
        float[] pixels = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                pixels[y * SIDE + x] = bed.test(x, y) ? BED : PAPER;
            }
        }
        return new GrayImage(SIDE, SIDE, pixels);
    }

    /** How many pixels (x, y) lies from the nearest edge. */
    private static int fromEdge(int x, int y) {
        return Math.min(Math.min(x, y), Math.min(SIDE - 1 - x, SIDE - 1 - y));
    }

    private static boolean erased(GrayImage image) {
        return EdgeBand.erase(image) != image;
    }

    @Test
    void aDigitBesideTheScannerBedGivesTheModelWhatTheDigitAloneGives() throws Exception {
        for (int digit = 0; digit < 10; digit++) {
            float[] alone = ImagePipeline.normalize(field(digit, 0, BED, false, false, false, false));
            float[] left = ImagePipeline.normalize(field(digit, 8, BED, false, false, true, false));
            float[] corner = ImagePipeline.normalize(field(digit, 8, BED, true, false, true, false));
            assertThat(ImagePipelineTest.maxDifference(left, alone)).as("digit %d, one side", digit).isLessThan(1e-5f);
            assertThat(ImagePipelineTest.maxDifference(corner, alone)).as("digit %d, a corner", digit).isLessThan(1e-5f);
        }
    }

    @Test
    void anySidesMayBeBands() {
        assertThat(erased(field(3, 8, BED, true, false, false, false))).isTrue();
        assertThat(erased(field(3, 8, BED, true, true, false, false))).isTrue();
        assertThat(erased(field(3, 8, BED, true, true, true, false))).isTrue();
        assertThat(erased(field(3, 8, BED, true, true, true, true))).isTrue();
    }

    @Test
    void aDigitInAFrameAllRoundGivesTheModelWhatTheDigitAloneGives() throws Exception {
        for (int digit = 0; digit < 10; digit++) {
            float[] alone = ImagePipeline.normalize(field(digit, 0, BED, false, false, false, false));
            float[] framed = ImagePipeline.normalize(field(digit, 8, BED, true, true, true, true));
            assertThat(ImagePipelineTest.maxDifference(framed, alone)).as("digit %d", digit).isLessThan(1e-5f);
        }
    }

    /**
     * A frame whose top band (at {@code topLevel}, as the ink) a bar of ink joins, {@code barRows} deep from the
     * frame's inner edge and across its left half with a stem under it, so that the top's own inner edge is not
     * straight; the other sides' band is 8 deep.
     */
    private static GrayImage frameTouchedAtTheTop(int barRows, float topLevel) {
        GrayImage image = field(-1, 8, BED, false, true, true, true);
        float[] pixels = image.pixels();
        for (int y = 0; y < 8; y++) {
            Arrays.fill(pixels, y * SIDE, (y + 1) * SIDE, topLevel);
        }
        for (int y = 8; y < 40; y++) {
            int to = y < 8 + barRows ? SIDE : 36;
            Arrays.fill(pixels, y * SIDE + 8, y * SIDE + to, topLevel);
        }
        return image;
    }

    /** Where the digit touches a frame, that side is a band as deep as the others' deepest and a row, no deeper. */
    @ParameterizedTest
    @CsvSource({"0, 8", "1, 9", "2, 9", "3, 9"})
    void aSideTheDigitTouchesIsPartOfTheFrame(int barRows, int thickness) {
        EdgeBand.Band top = EdgeBand.bands(frameTouchedAtTheTop(barRows, BED))[0];
        assertThat(top).isNotNull();
        assertThat(top.thickness()).isEqualTo(thickness);
    }

    /** A frame is one level all round, within 24 levels. */
    @ParameterizedTest
    @CsvSource({"23, true", "24, true", "25, false"})
    void aFrameIsOneLevel(int apart, boolean frame) {
        assertThat(EdgeBand.bands(frameTouchedAtTheTop(0, BED + apart))[0] != null).isEqualTo(frame);
    }

    /**
     * Ink over three quarters of the inside (a bold digit filling its field) outweighs the paper there; along the
     * ring just inside a dark frame the paper still outweighs it. A light margin round ink that fills the ring inside it
     * is the paper: the ring counts for dark bands only.
     */
    @Test
    void aBoldDigitKeepsItsDarkFrameALightMarginIsPaper() {
        GrayImage framed = drawn((x, y) -> fromEdge(x, y) < 8 || x >= 12 && x < 68 && y >= 12 && y < 68);
        assertThat(EdgeBand.bands(framed)).doesNotContainNull();
        // ink from the margin's inner edge inwards, a hole in the middle
        GrayImage margin = drawn((x, y) -> fromEdge(x, y) >= 8 && !(x >= 24 && x < 56 && y >= 24 && y < 56));
        assertThat(EdgeBand.bands(margin)).containsOnlyNulls();
    }

    @Test
    void lightDigitsOnABlackFieldAreNotBanded() {
        for (int i = 0; i < 100; i++) {
            GrayImage image = new GrayImage(SIDE, SIDE, StepImages.darkDigitOnPaper(SIDE, i, 0, 255));
            assertThat(EdgeBand.erase(image)).as("digit %d", i).isSameAs(image);
        }
    }

    /** At most a quarter of the side deep: 20 rows at 80 px. */
    @ParameterizedTest
    @CsvSource({"19, true", "20, true", "21, false"})
    void aBandIsAtMostAQuarterOfItsSide(int thickness, boolean band) {
        assertThat(erased(field(-1, thickness, BED, true, false, false, false))).isEqualTo(band);
    }

    @ParameterizedTest
    @CsvSource({"63, false", "64, true", "65, true"})
    void aBandStandsAtLeast64LevelsFromThePaper(int contrast, boolean band) {
        assertThat(erased(field(-1, 8, PAPER - contrast, true, false, false, false))).isEqualTo(band);
    }

    /** Every row of a band holds its level along 95% of the side: 76 of 80 pixels. */
    @ParameterizedTest
    @CsvSource({"75, false", "76, true", "77, true"})
    void aBandRunsTheWholeSide(int drawn, boolean band) {
        GrayImage image = field(-1, 8, BED, true, false, false, false);
        for (int y = 0; y < 8; y++) {
            for (int x = drawn; x < SIDE; x++) {
                image.pixels()[y * SIDE + x] = PAPER;
            }
        }
        assertThat(EdgeBand.bands(image)[0] != null).isEqualTo(band);
    }

    /** The row after a band holds its level along at most a quarter of the side (20 of 80): a straight edge. */
    @ParameterizedTest
    @CsvSource({"19, true", "20, true", "21, false"})
    void aBandEndsInAStraightEdge(int ragged, boolean band) {
        GrayImage image = field(-1, 8, BED, true, false, false, false);
        for (int x = 0; x < ragged; x++) {
            image.pixels()[8 * SIDE + x] = BED;
        }
        assertThat(EdgeBand.bands(image)[0] != null).isEqualTo(band);
    }

    /** A tight crop's one row of paper before a digit's bar is paper, not a band on the bar. */
    @Test
    void thePaperItselfIsNoBand() {
        GrayImage image = drawn((x, y) -> y >= 1 && y < 10); // a bar across the whole top, under one row of paper
        assertThat(EdgeBand.bands(image)[0]).isNull();
    }

    @Test
    void digitsAloneAreNotBanded() {
        for (int i = 0; i < 100; i++) {
            GrayImage image = field(i, 0, BED, false, false, false, false);
            assertThat(EdgeBand.erase(image)).as("digit %d", i).isSameAs(image);
        }
    }
}
