package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldBoxTest {

    private static final int SIDE = 80;
    private static final float PAPER = 250;
    private static final float LINE = 40;
    private static final boolean[] FOUR_SIDES = {true, true, true, true};

    /**
     * A {@code side}-pixel field of paper with MNIST digit {@code digit} (0 for none) dark on it, enlarged twice and
     * centred, and a box line of {@code thickness} rows {@code depth} rows in from each side that {@code sides} names
     * (top, bottom, left, right).
     */
    private static GrayImage field(int side, int digit, int depth, int thickness, float line, boolean[] sides) {
        float[] pixels = StepImages.darkDigitOnPaper(side, digit, PAPER, LINE);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                boolean top = sides[0] && y >= depth && y < depth + thickness;
                boolean bottom = sides[1] && y < side - depth && y >= side - depth - thickness;
                boolean left = sides[2] && x >= depth && x < depth + thickness;
                boolean right = sides[3] && x < side - depth && x >= side - depth - thickness;
                if (top || bottom || left || right) {
                    pixels[y * side + x] = line;
                }
            }
        }
        return new GrayImage(side, side, pixels);
    }

    private static boolean erased(GrayImage image) {
        return FieldBox.erase(image) != image;
    }

    @ParameterizedTest
    @CsvSource({"0, 2", "3, 2", "0, 1", "5, 3"})
    void aBoxedDigitGivesTheModelWhatTheDigitAloneGives(int depth, int thickness) throws Exception {
        for (int digit = 0; digit < 10; digit++) {
            float[] boxed = ImagePipeline.normalize(field(SIDE, digit, depth, thickness, LINE, FOUR_SIDES));
            float[] alone = ImagePipeline.normalize(field(SIDE, digit, 0, 0, LINE, FOUR_SIDES));
            assertThat(ImagePipelineTest.maxDifference(boxed, alone)).as("digit %d", digit).isLessThan(1e-5f);
        }
    }

    @Test
    void lightLinesOnDarkPaperAreABoxToo() {
        float[] pixels = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                pixels[y * SIDE + x] = x < 2 || y < 2 || x >= SIDE - 2 || y >= SIDE - 2 ? 230 : 20;
            }
        }
        GrayImage erased = FieldBox.erase(new GrayImage(SIDE, SIDE, pixels));
        assertThat(erased.pixels()).containsOnly(20f);
    }

    @Test
    void threeSidesMakeABoxTwoDoNot() {
        assertThat(erased(field(SIDE, 3, 0, 2, LINE, new boolean[] {true, false, true, true}))).isTrue();
        assertThat(erased(field(SIDE, 3, 0, 2, LINE, new boolean[] {true, false, true, false}))).isFalse();
    }

    /** A line is at most a sixteenth of the longer side thick (3 rows at least): 5 rows at 80 px. */
    @ParameterizedTest
    @CsvSource({"4, true", "5, true", "6, false"})
    void aLineIsThin(int thickness, boolean boxed) {
        assertThat(erased(field(SIDE, 3, 0, thickness, LINE, FOUR_SIDES))).isEqualTo(boxed);
    }

    /** Paper outside the box at most a tenth of the side: 8 rows at 80 px. */
    @ParameterizedTest
    @CsvSource({"7, true", "8, true", "9, false"})
    void theBoxLiesNearTheEdge(int depth, boolean boxed) {
        assertThat(erased(field(SIDE, 3, depth, 2, LINE, FOUR_SIDES))).isEqualTo(boxed);
    }

    @ParameterizedTest
    @CsvSource({"63, false", "64, true", "65, true"})
    void aLineStandsAtLeast64LevelsFromThePaper(int contrast, boolean boxed) {
        assertThat(erased(field(SIDE, -1, 0, 2, PAPER - contrast, FOUR_SIDES))).isEqualTo(boxed);
    }

    @ParameterizedTest
    @CsvSource({"31, false", "32, true", "33, true"})
    void imagesUnder32PixelsAreLeftAlone(int side, boolean boxed) {
        assertThat(erased(field(side, -1, 0, 1, LINE, FOUR_SIDES))).isEqualTo(boxed);
    }

    /** A line broken by gaps: 60 of 80 pixels is 75%. */
    @ParameterizedTest
    @CsvSource({"59, false", "60, true", "61, true"})
    void aLineCoversAtLeast75PercentOfItsSide(int drawn, boolean boxed) {
        GrayImage image = field(SIDE, -1, 0, 2, LINE, FOUR_SIDES);
        for (int t = drawn; t < SIDE; t++) { // gaps along the top line
            image.pixels()[t] = PAPER;
            image.pixels()[SIDE + t] = PAPER;
        }
        assertThat(FieldBox.line(image, 0) != null).isEqualTo(boxed);
    }

    /**
     * A digit may touch the box: the paper inside a line need only be half of each of the two rows that follow it.
     * The side lines take 4 pixels of each row; ink across 36 more leaves 40 of 80.
     */
    @ParameterizedTest
    @ValueSource(ints = {35, 36, 37})
    void thePaperInsideMayBeHalfInk(int ink) {
        GrayImage image = field(SIDE, -1, 0, 2, LINE, FOUR_SIDES);
        for (int y = 2; y < 7; y++) {
            for (int x = 2; x < 2 + ink; x++) {
                image.pixels()[y * SIDE + x] = LINE;
            }
        }
        assertThat(FieldBox.line(image, 0) != null).isEqualTo(ink <= 36);
    }

    /**
     * A line's pixels lie within 24 levels of its row's median: a line drawn half at 40 and half at 40 + d holds
     * together up to d = 24. The band finder of {@link EdgeBand} reads its rows the same way.
     */
    @ParameterizedTest
    @CsvSource({"23, true", "24, true", "25, false"})
    void aLineIsOneLevelWithin24(int spread, boolean line) {
        GrayImage image = field(SIDE, -1, 0, 2, LINE, FOUR_SIDES);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < SIDE; x += 2) {
                image.pixels()[y * SIDE + x] = LINE + spread;
            }
        }
        assertThat(FieldBox.line(image, 0) != null).isEqualTo(line);
    }

    /**
     * Two rows inside a line must be half paper; a digit may fill the third. The digit's gray stroke covers the middle
     * 60% of its row: too little to be a line itself, enough to leave less than half paper.
     */
    @ParameterizedTest
    @CsvSource({"0, false", "1, false", "2, true"})
    void twoRowsInsideALineArePaper(int inkRow, boolean line) {
        GrayImage image = field(SIDE, -1, 0, 2, LINE, FOUR_SIDES);
        for (int x = 16; x < 64; x++) {
            image.pixels()[(2 + inkRow) * SIDE + x] = 140;
        }
        assertThat(FieldBox.line(image, 0) != null).isEqualTo(line);
    }

    /** One row of paper, then a line of three: the paper outside is not the line, though it is as thin. */
    @Test
    void paperOutsideAThickLineIsNotTakenForTheLine() {
        GrayImage image = field(SIDE, 3, 1, 3, LINE, FOUR_SIDES);
        assertThat(FieldBox.line(image, 0)).isEqualTo(new FieldBox.Line(1, 3, LINE, PAPER));
    }

    @Test
    void mnistDigitsAndPlainPaperAreNotBoxes() {
        for (int i = 0; i < 100; i++) {
            GrayImage digit = StepImages.mnist(i);
            assertThat(FieldBox.erase(digit)).isSameAs(digit);
            GrayImage enlarged = field(SIDE, i, 0, 0, LINE, FOUR_SIDES);
            assertThat(FieldBox.erase(enlarged)).isSameAs(enlarged);
        }
    }
}
