package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineRemoverTest {

    private static final int SIZE = 96;

    private static boolean onRuledLine(int y, int spacing, int thickness) {
        return Math.floorMod(y - 5, spacing) < thickness;
    }

    /** Horizontal lines of {@code thickness} px every {@code spacing} px at {@code level}, across the whole image. */
    private static void rule(GrayImage image, int spacing, int thickness, float level) {
        for (int y = 0; y < image.height(); y++) {
            if (onRuledLine(y, spacing, thickness)) {
                StepImages.fill(image, 0, y, image.width(), y + 1, level);
            }
        }
    }

    private static void columns(GrayImage image, int spacing, int thickness, float level) {
        for (int x = 0; x < image.width(); x++) {
            if (onRuledLine(x, spacing, thickness)) {
                StepImages.fill(image, x, 0, x + 1, image.height(), level);
            }
        }
    }

    /** Pixels of {@code out} still lit more than a pixel away from every stroke of {@code digit}. */
    private static int lineLeftAwayFrom(GrayImage digit, GrayImage out) {
        int left = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                left += !StepImages.near(digit, x, y, 1, 0f) && out.get(x, y) >= 5f ? 1 : 0;
            }
        }
        return left;
    }

    @Test
    void ruledLinesAcrossADigitAreRemovedAndTheDigitKept() {
        for (int thickness = 1; thickness <= 2; thickness++) {
            for (int i = 0; i < 30; i++) {
                GrayImage digit = StepImages.blank(SIZE, SIZE);
                StepImages.paste(digit, i, 2, 20, 18);
                GrayImage lined = StepImages.blank(SIZE, SIZE);
                System.arraycopy(digit.pixels(), 0, lined.pixels(), 0, digit.pixels().length);
                rule(lined, 11, thickness, 90f);

                GrayImage out = LineRemover.removeLines(lined);

                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        if (!StepImages.near(digit, x, y, 1, 0f)) {
                            assertThat(out.get(x, y)).as("t%d image %d: %d,%d", thickness, i, x, y).isLessThan(5f);
                        } else if (!onRuledLine(y, 11, thickness)) {
                            assertThat(out.get(x, y)).as("t%d image %d: %d,%d", thickness, i, x, y).isEqualTo(digit.get(x, y));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aGridWithAMarginLineIsRemoved() {
        for (int i = 0; i < 30; i++) {
            GrayImage digit = StepImages.blank(SIZE, SIZE);
            StepImages.paste(digit, i, 2, 22, 16);
            GrayImage page = StepImages.blank(SIZE, SIZE);
            System.arraycopy(digit.pixels(), 0, page.pixels(), 0, digit.pixels().length);
            rule(page, 12, 1, 70f);
            columns(page, 12, 1, 70f);
            StepImages.fill(page, 3, 0, 5, SIZE, 120f); // the red margin, 2 px, brighter than the grid

            GrayImage out = LineRemover.removeLines(page);

            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    if (!StepImages.near(digit, x, y, 1, 0f)) {
                        assertThat(out.get(x, y)).as("image %d: %d,%d", i, x, y).isLessThan(5f);
                    }
                }
            }
            assertThat(StepImages.sum(out.pixels())).as("image %d", i).isGreaterThan(0.8 * StepImages.sum(digit.pixels()));
        }
    }

    /** The margin line's first column: it is 2 px wide. */
    private static final int MARGIN_X = 12;

    /**
     * {@code digit} with a 2-px margin line at 255 down the page at {@link #MARGIN_X}, {@code lit} of its rows lit (the
     * gap in the middle).
     */
    private static GrayImage withMarginLine(GrayImage digit, int lit) {
        GrayImage page = StepImages.blank(digit.width(), digit.height());
        System.arraycopy(digit.pixels(), 0, page.pixels(), 0, digit.pixels().length);
        int gap = page.height() - lit;
        int gapTop = (page.height() - gap) / 2;
        StepImages.fill(page, MARGIN_X, 0, MARGIN_X + 2, gapTop, 255f);
        StepImages.fill(page, MARGIN_X, gapTop + gap, MARGIN_X + 2, page.height(), 255f);
        return page;
    }

    /**
     * A margin line in a strong colour is as bright as the ink once gray, and alone: not faint, not one of several
     * rulings. The digit beside it keeps clear of the frame.
     */
    @Test
    void aLoneMarginLineAsBrightAsTheInkIsRemoved() {
        for (int i = 0; i < 30; i++) {
            GrayImage digit = StepImages.blank(SIZE, SIZE);
            StepImages.paste(digit, i, 2, 30, 20);

            GrayImage out = LineRemover.removeLines(withMarginLine(digit, SIZE));

            assertThat(lineLeftAwayFrom(digit, out)).as("image %d: margin pixels left", i).isZero();
            assertThat(StepImages.sum(out.pixels())).as("image %d", i).isGreaterThan(0.9 * StepImages.sum(digit.pixels()));
        }
    }

    @Test
    void aMarginLineGoesOnlyWhenTheInkBesideItKeepsClearOfTheFrame() {
        int clear = (int) Math.ceil((double) SIZE / LineRemover.MARGIN_CLEARANCE);
        for (int gap : new int[] {clear - 1, clear, clear + 1}) {
            GrayImage digit = StepImages.blank(SIZE, SIZE);
            StepImages.fill(digit, SIZE - gap - 4, 30, SIZE - gap, 60, 255f); // a stroke "gap" px from the right edge
            GrayImage out = LineRemover.removeLines(withMarginLine(digit, SIZE));

            assertThat(lineLeftAwayFrom(digit, out) == 0).as("ink %d px from the frame: line removed", gap)
                    .isEqualTo(gap >= clear);
            assertThat(out.get(SIZE - gap - 2, 45)).as("ink %d px from the frame: the stroke", gap).isEqualTo(255f);
        }
    }

    @Test
    void aMarginLineGoesOnlyWhenTheInkBesideItIsNotJoinedToIt() {
        int limit = MARGIN_X + 2 + LineRemover.NEIGHBOURS + LineRemover.JOINED; // past the line, its neighbours, joined
        for (int left : new int[] {limit - 1, limit, limit + 1}) {
            GrayImage digit = StepImages.blank(SIZE, SIZE);
            StepImages.fill(digit, left, 30, left + 4, 60, 255f);

            GrayImage out = LineRemover.removeLines(withMarginLine(digit, SIZE));

            assertThat(lineLeftAwayFrom(digit, out) == 0).as("ink from column %d: line removed", left)
                    .isEqualTo(left >= limit);
            assertThat(out.get(left + 2, 45)).as("ink from column %d: the stroke", left).isEqualTo(255f);
        }
    }

    /** A tight crop's stem runs from frame to frame like a margin line, but the rest of its digit is joined to it. */
    @Test
    void aTightCropsStemWithTheRestOfItsDigitJoinedToItIsKept() {
        GrayImage one = StepImages.blank(64, 64);
        StepImages.fill(one, 30, 0, 36, 64, 255f);
        StepImages.fill(one, 20, 8, 30, 13, 255f); // the nose
        GrayImage four = StepImages.blank(64, 64);
        StepImages.fill(four, 40, 0, 46, 64, 255f); // the stem
        StepImages.fill(four, 10, 36, 40, 41, 255f); // the crossbar
        StepImages.fill(four, 10, 8, 15, 36, 255f); // the arm, clear of the frame
        assertThat(LineRemover.removeLines(one).pixels()).as("a one").containsExactly(one.pixels());
        assertThat(LineRemover.removeLines(four).pixels()).as("a four").containsExactly(four.pixels());
    }

    @Test
    void aMarginLineGoesOnlyWhenItRunsAlongMostOfThePage() {
        int span = (int) Math.ceil(LineRemover.MARGIN_LINE_SPAN * SIZE);
        for (int lit : new int[] {span - 1, span, span + 1}) {
            GrayImage digit = StepImages.blank(SIZE, SIZE);
            StepImages.paste(digit, 0, 2, 30, 20);

            GrayImage out = LineRemover.removeLines(withMarginLine(digit, lit));

            assertThat(lineLeftAwayFrom(digit, out) == 0).as("%d of %d rows lit: line removed", lit, SIZE)
                    .isEqualTo(lit >= span);
        }
    }

    /**
     * Squared paper with a small pitch (8 and 10 px, 2-px lines): its columns cross every row, so a row's mean stays
     * near a line's own level and no row stands out by its mean. By its median a row between lines is paper, a row
     * along a line is line. (From a pitch of 7 px the lines cover most of the page and some stay.)
     */
    @Test
    void aDenseSquaredGridIsRemoved() {
        for (int pitch : new int[] {8, 10}) {
            for (int i = 0; i < 30; i++) {
                GrayImage digit = StepImages.blank(SIZE, SIZE);
                StepImages.paste(digit, i, 2, 22, 16);
                GrayImage page = StepImages.blank(SIZE, SIZE);
                System.arraycopy(digit.pixels(), 0, page.pixels(), 0, digit.pixels().length);
                rule(page, pitch, 2, 60f);
                columns(page, pitch, 2, 60f);

                GrayImage out = LineRemover.removeLines(page);

                assertThat(lineLeftAwayFrom(digit, out)).as("pitch %d, image %d: grid pixels left", pitch, i).isZero();
                assertThat(StepImages.sum(out.pixels())).as("pitch %d, image %d", pitch, i)
                        .isGreaterThan(0.8 * StepImages.sum(digit.pixels()));
            }
        }
    }

    /**
     * A photographed page is rarely straight: a ruling that drops a pixel across the page lies half in one row and half
     * in the next, so neither row reaches both edges. The two rows together do.
     */
    @Test
    void rulingsTiltedByAPixelAreRemoved() {
        for (int i = 0; i < 30; i++) {
            GrayImage digit = StepImages.blank(SIZE, SIZE);
            StepImages.paste(digit, i, 2, 20, 18);
            GrayImage page = StepImages.blank(SIZE, SIZE);
            System.arraycopy(digit.pixels(), 0, page.pixels(), 0, digit.pixels().length);
            int step = 30 + i; // where the ruling drops a row
            for (int y = 5; y < SIZE - 1; y += 11) {
                StepImages.fill(page, 0, y, step, y + 1, 90f);
                StepImages.fill(page, step, y + 1, SIZE, y + 2, 90f);
            }

            GrayImage out = LineRemover.removeLines(page);

            assertThat(lineLeftAwayFrom(digit, out)).as("image %d: ruling pixels left", i).isZero();
            assertThat(StepImages.sum(out.pixels())).as("image %d", i).isGreaterThan(0.8 * StepImages.sum(digit.pixels()));
        }
    }

    @Test
    void aStrokeCrossingLinesIsRefilledAndStaysConnected() {
        GrayImage page = StepImages.blank(SIZE, SIZE);
        rule(page, 12, 2, 90f);
        StepImages.fill(page, 40, 20, 46, 76, 255f); // a vertical stroke crossing 5 lines
        StepImages.fill(page, 20, 58, 70, 62, 255f); // a horizontal bar between lines

        GrayImage out = LineRemover.removeLines(page);

        for (int y = 20; y < 76; y++) {
            for (int x = 40; x < 46; x++) {
                assertThat(out.get(x, y)).as("%d,%d", x, y).isEqualTo(255f);
            }
        }
        for (int x = 20; x < 70; x++) {
            assertThat(out.get(x, 60)).as("bar at %d", x).isEqualTo(255f);
        }
        assertThat(out.get(10, 5)).isZero(); // a line pixel away from the strokes
        assertThat(out.get(80, 29)).isZero();
    }

    @Test
    void aHorizontalStrokeLyingAlongARuledLineIsNotTakenForTheLinesHalo() {
        GrayImage page = StepImages.blank(SIZE, SIZE);
        rule(page, 11, 1, 90f); // lines at y = 5, 16, 27, 38, 49, 60, 71, 82, 93
        StepImages.fill(page, 20, 61, 78, 67, 255f); // the foot of a "2": 58 px wide, right under the line at y = 60
        StepImages.fill(page, 72, 30, 78, 61, 255f); // and its back, crossing the lines at 38 and 49

        GrayImage out = LineRemover.removeLines(page);

        for (int y = 61; y < 67; y++) {
            for (int x = 20; x < 78; x++) {
                assertThat(out.get(x, y)).as("%d,%d", x, y).isEqualTo(255f);
            }
        }
        assertThat(out.get(5, 60)).isZero();
        assertThat(out.get(5, 71)).isZero();
    }

    @Test
    void aTallOneThatStopsShortOfTheEdgesIsKept() {
        // a "1" with MNIST's framing: 20 px of ink in 28 rows, and a taller one over 70% of a 60 px crop
        int[][] cases = {{28, 28, 4, 24}, {40, 60, 9, 51}};
        for (int[] c : cases) {
            GrayImage one = StepImages.blank(c[0], c[1]);
            StepImages.fill(one, c[0] / 2 - 1, c[2], c[0] / 2 + 2, c[3], 255f);
            StepImages.fill(one, c[0] / 2 - 4, c[2], c[0] / 2 - 1, c[2] + 2, 255f); // the nose
            assertThat(LineRemover.removeLines(one).pixels()).as("%dx%d", c[0], c[1]).containsExactly(one.pixels());
        }
    }

    @Test
    void aOneCroppedTightlyIsKept() {
        GrayImage one = StepImages.blank(40, 60);
        StepImages.fill(one, 19, 3, 22, 57, 255f);
        assertThat(LineRemover.removeLines(one).pixels()).containsExactly(one.pixels());
    }

    @Test
    void cleanMnistDigitsPassUnchanged() {
        for (int i = 0; i < StepImages.MNIST.count(); i++) {
            GrayImage digit = StepImages.blank(56, 56); // twice MNIST's size: narrower fields are left alone (below)
            StepImages.paste(digit, i, 2, 0, 0);
            assertThat(LineRemover.removeLines(digit).pixels()).as("image %d", i).containsExactly(digit.pixels());
        }
    }

    @Test
    void rulingsAreLookedForAcrossFieldsFromTheMinimumWidth() {
        int limit = BackgroundModel.LIT_PAGE_MIN_SIDE;
        for (int width : new int[] {limit - 1, limit, limit + 1}) {
            GrayImage page = StepImages.blank(width, 60);
            rule(page, 11, 1, 90f);
            StepImages.fill(page, width / 2 - 1, 8, width / 2 + 2, 52, 255f); // a stroke down the middle
            GrayImage out = LineRemover.removeLines(page);
            if (width < limit) {
                // a bar across a field this narrow may be the digit's own (a 7 with its crossbar has two)
                assertThat(out.pixels()).as("width %d", width).containsExactly(page.pixels());
            } else {
                for (int y = 0; y < 60; y++) {
                    if (onRuledLine(y, 11, 1)) {
                        assertThat(out.get(2, y)).as("width %d: ruling at row %d", width, y).isLessThan(5f);
                    }
                }
                assertThat(out.get(width / 2, 30)).as("width %d: the stroke", width).isEqualTo(255f);
            }
        }
    }
}
