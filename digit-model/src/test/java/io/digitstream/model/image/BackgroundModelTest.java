package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackgroundModelTest {

    /** MNIST digit {@code i} enlarged {@code factor} times, on black. */
    private static GrayImage enlarged(int i, int factor) {
        GrayImage digit = StepImages.blank(28 * factor, 28 * factor);
        StepImages.paste(digit, i, factor, 0, 0);
        return digit;
    }

    /** The ramp's light at column {@code x} of a {@code size}-px image. */
    private static float light(int x, int size, float left, float right) {
        return left + (right - left) * x / (size - 1);
    }

    /** MNIST digit {@code i} enlarged {@code factor} times, lit by a ramp from {@code left} to {@code right} along x (added, clipped). */
    private static GrayImage onRamp(int i, int factor, float left, float right) {
        GrayImage digit = enlarged(i, factor);
        int size = digit.width();
        float[] lit = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                lit[y * size + x] = Math.min(255f, light(x, size, left, right) + digit.get(x, y));
            }
        }
        return new GrayImage(size, size, lit);
    }

    /** The highest level of ink above the lighting under it in {@link #onRamp} (clipping at 255 takes some away). */
    private static float inkContrast(int i, int factor, float left, float right) {
        GrayImage digit = enlarged(i, factor);
        int size = digit.width();
        float max = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (digit.get(x, y) > 0) {
                    float light = light(x, size, left, right);
                    max = Math.max(max, Math.min(255f, light + digit.get(x, y)) - light);
                }
            }
        }
        return max;
    }

    /** The largest level left more than 2 px away from the digit's ink. */
    private static float backgroundLeft(GrayImage out, int i, int factor) {
        GrayImage digit = enlarged(i, factor);
        int size = digit.width();
        float max = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (!StepImages.near(digit, x, y, 2 * factor, 0f)) {
                    max = Math.max(max, out.get(x, y));
                }
            }
        }
        return max;
    }

    @Test
    void evenLightingIsRemovedCompletelyAndInkKept() {
        for (int i = 0; i < 50; i++) {
            GrayImage out = BackgroundModel.subtract(onRamp(i, 2, 80f, 80f));
            assertThat(backgroundLeft(out, i, 2)).as("image %d", i).isLessThan(1f);
            assertThat(StepImages.max(out.pixels())).as("image %d", i).isGreaterThanOrEqualTo(170f);
        }
    }

    @Test
    void aLightingGradientIsMostlyRemovedAndInkKept() {
        for (int i = 0; i < 50; i++) {
            for (int factor : new int[] {2, 3}) { // 56 and 84 px: lighting is modelled from 40 px (below)
                GrayImage out = BackgroundModel.subtract(onRamp(i, factor, 20f, 120f));
                // of the 100 levels the lighting varies by, at most half is left anywhere (see the test below)
                assertThat(backgroundLeft(out, i, factor)).as("image %d x%d", i, factor).isLessThan(50f);
                // the ink keeps 90% of its contrast over the paper where it lies (0.92 at worst, measured) (the input is clipped at 255,
                // so ink over bright light has less than 255 to begin with)
                assertThat(StepImages.max(out.pixels())).as("image %d x%d", i, factor)
                        .isGreaterThan(0.9f * inkContrast(i, factor, 20f, 120f));
            }
        }
    }

    @Test
    void aLightingGradientLeavesLittleBackground() {
        // the surface follows the ramp between cell centres and is flat beyond the outermost ones, so the
        // image edges keep up to a fifth of the ramp
        for (int i = 0; i < 50; i++) {
            GrayImage out = BackgroundModel.subtract(onRamp(i, 3, 20f, 120f));
            assertThat(backgroundLeft(out, i, 3)).as("image %d", i).isLessThan(25f);
        }
    }

    @Test
    void lightingIsFollowedOnPagesFromTheMinimumSideAndASmallCropsPaperIsOneLevel() {
        int limit = BackgroundModel.LIT_PAGE_MIN_SIDE;
        for (int side : new int[] {limit - 1, limit, limit + 1}) {
            // light rising from 20 to 120 across the page, and a 3-px stroke 150 above it down the middle
            float[] lit = new float[side * side];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    lit[y * side + x] = light(x, side, 20f, 120f) + (Math.abs(x - side / 2) <= 1 ? 150f : 0f);
                }
            }
            float[] surface = BackgroundModel.surface(new GrayImage(side, side, lit));
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float level : surface) {
                min = Math.min(min, level);
                max = Math.max(max, level);
            }
            float spread = max - min;
            if (side < limit) {
                assertThat(spread).as("side %d: one level", side).isZero();
            } else {
                assertThat(spread).as("side %d: the surface follows the light", side).isGreaterThan(50f);
            }
        }
    }

    /**
     * A 64x64 image (a frame of 252 pixels) whose frame holds {@code counts[j]} pixels at {@code levels[j]}, and
     * the rest spread over levels 3 apart (50..200), so that no other level gathers more than a few.
     */
    private static GrayImage framed(int[] levels, int[] counts) {
        int side = 64;
        GrayImage image = StepImages.blank(side, side);
        java.util.List<int[]> frame = new java.util.ArrayList<>();
        for (int x = 0; x < side; x++) {
            frame.add(new int[] {x, 0});
            frame.add(new int[] {x, side - 1});
        }
        for (int y = 1; y < side - 1; y++) {
            frame.add(new int[] {0, y});
            frame.add(new int[] {side - 1, y});
        }
        int next = 0;
        for (int j = 0; j < levels.length; j++) {
            for (int c = 0; c < counts[j]; c++, next++) {
                image.pixels()[frame.get(next)[1] * side + frame.get(next)[0]] = levels[j];
            }
        }
        for (int rest = 0; next < frame.size(); next++, rest++) {
            image.pixels()[frame.get(next)[1] * side + frame.get(next)[0]] = 50 + 3 * (rest % 51);
        }
        return image;
    }

    /** Frames with limit - 1, limit and limit + 1 of their 252 pixels at {@code level}: even from the limit. */
    private static void assertEvenFromShare(double share, int level) {
        int limit = (int) Math.ceil(share * 252);
        for (int count : new int[] {limit - 1, limit, limit + 1}) {
            assertThat(BackgroundModel.hasEvenPaper(framed(new int[] {level}, new int[] {count})))
                    .as("%d of 252 frame pixels at %d", count, level).isEqualTo(count >= limit);
        }
    }

    @Test
    void paperIsEvenFromTheShareOfTheFrameAtOneLevel() {
        assertEvenFromShare(BackgroundModel.EVEN_PAPER_SHARE, 10); // 101 of the 252 frame pixels
    }

    @Test
    void paperIsEvenWithinTheToleranceOfOneLevel() {
        int tolerance = BackgroundModel.EVEN_PAPER_TOLERANCE;
        for (int apart : new int[] {tolerance - 1, tolerance, tolerance + 1}) {
            // 61 pixels at level 10 and 40 more 'apart' levels above: 101 together, the share's limit
            assertThat(BackgroundModel.hasEvenPaper(framed(new int[] {10, 10 + apart}, new int[] {61, 40})))
                    .as("%d levels apart", apart).isEqualTo(apart <= tolerance);
        }
    }

    @Test
    void digitalPaperIsEvenFromTheShareOfTheFrameAtTheEndOfTheRange() {
        assertEvenFromShare(BackgroundModel.DIGITAL_PAPER_SHARE, 0); // 51 of the 252 frame pixels
        int tolerance = BackgroundModel.EVEN_PAPER_TOLERANCE;
        for (int level : new int[] {tolerance - 1, tolerance, tolerance + 1}) {
            assertThat(BackgroundModel.hasEvenPaper(framed(new int[] {level}, new int[] {60})))
                    .as("paper at %d", level).isEqualTo(level <= tolerance);
        }
    }

    @Test
    void digitalPaperHasNoRollOffOfUnclippedPaperBesideIt() {
        // 60 frame pixels at 0 (a share under the even paper's); a lamp's clipped paper fades into paper a few levels
        // above it, a digital crop's white meets only its ink's soft edges, spread over the whole range
        int limit = (int) Math.ceil(BackgroundModel.ROLL_OFF_SHARE * 252); // 36 of the 252 frame pixels
        for (int rollOff : new int[] {limit - 1, limit, limit + 1}) {
            assertThat(BackgroundModel.hasEvenPaper(framed(new int[] {0, 10}, new int[] {60, rollOff})))
                    .as("%d frame pixels at 10", rollOff).isEqualTo(rollOff < limit);
        }
        int above = BackgroundModel.ROLL_OFF_LEVELS; // the roll-off is what lies under this many levels above the paper
        for (int level : new int[] {above - 1, above, above + 1}) {
            assertThat(BackgroundModel.hasEvenPaper(framed(new int[] {0, level}, new int[] {60, 40})))
                    .as("40 frame pixels at %d", level).isEqualTo(level >= above);
        }
    }

    @Test
    void aShadedPageIsNeverDigitalPaper() {
        // the same frame, 60 pixels at 0: inside, a photograph's gray spread (Gaussian, a shaded page) or a digit
        GrayImage photographed = framed(new int[] {0}, new int[] {60});
        GrayImage digital = framed(new int[] {0}, new int[] {60});
        java.util.Random random = new java.util.Random(7);
        for (int y = 1; y < 63; y++) {
            for (int x = 1; x < 63; x++) {
                photographed.pixels()[y * 64 + x] = (float) Math.max(0, Math.min(255, 128 + 40 * random.nextGaussian()));
                digital.pixels()[y * 64 + x] = Math.abs(x - y) < 20 ? 255f : 0f;
            }
        }
        int[] histogram = Levels.histogram(photographed.pixels());
        assertThat(Levels.separation(histogram, Levels.otsu(histogram))).isLessThan(InkPolarity.SHADED_SEPARATION);
        assertThat(BackgroundModel.hasEvenPaper(photographed)).isFalse();
        assertThat(BackgroundModel.hasEvenPaper(digital)).isTrue();
    }

    @Test
    void aBoldBandStretchedToFillADigitalCropIsOnFlatPaper() {
        // a slanted 1 stretched to fill its square: a band over most of the frame, white paper in two corners
        int side = 64;
        GrayImage image = StepImages.blank(side, side);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double t = Math.max(0, Math.min(1, (46 - Math.abs(x - (63 - y))) / 30.0)); // soft edges 30 px wide
                image.pixels()[y * side + x] = (float) (255 * t);
            }
        }
        int[] histogram = Levels.histogram(image.pixels());
        assertThat(Levels.separation(histogram, Levels.otsu(histogram))).isLessThan(InkPolarity.CRISP_SEPARATION);
        assertThat(BackgroundModel.hasEvenPaper(image)).isTrue();
        // one level of paper under the whole band: its middle keeps one level from corner to corner, far above paper
        // (on the lit path the grid takes the band for light, and its middle sinks where the band floods the cells)
        GrayImage out = BackgroundModel.subtract(image);
        float middle = out.get(0, 63);
        assertThat(middle).isGreaterThan(128f);
        for (int i = 0; i < side; i++) {
            assertThat(out.get(i, 63 - i)).as("the band's middle at %d", i).isEqualTo(middle);
        }
    }

    @Test
    void evenPaperIsOneLevelHoweverMuchOfTheFrameTheInkCovers() {
        // 16x16 scans of tight digits enlarged to 64 px: neither crisp nor small, their soft ink floods the grid's cells
        // along the frame, where the grid took it for light; their paper, exactly one level, makes the surface flat
        // (at the paper's level, as a crisp scan's)
        for (int i = 0; i < 50; i++) {
            GrayImage crop = InkPolarity.toLightInkOnDark(TightCropTest.soft(i, 64, 16));
            int[] histogram = Levels.histogram(crop.pixels());
            assertThat(Levels.separation(histogram, Levels.otsu(histogram))).as("digit %d", i)
                    .isLessThan(InkPolarity.CRISP_SEPARATION);
            float[] surface = BackgroundModel.surface(crop);
            assertThat(surface).as("digit %d: one level", i).containsOnly(surface[0]);
        }
    }

    @Test
    void aPageClippedWhiteOverMostOfItsPaperIsFlatAtTheFramesEvenLevel() {
        // a photographed page whose lamp clips its middle to white: in light ink on dark the clipped paper is 0 and the
        // rest an even 80 all round the frame. The clipped part is most of the paper side, so its median is 0, and
        // a flat surface there left the unclipped paper standing at 80, one broad stroke joined to the digit's.
        int side = 96;
        int radius = 44;
        for (int i = 0; i < 20; i++) {
            GrayImage page = StepImages.blank(side, side);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    boolean clipped = (x - side / 2) * (x - side / 2) + (y - side / 2) * (y - side / 2) <= radius * radius;
                    page.pixels()[y * side + x] = clipped ? 0f : 80f;
                }
            }
            StepImages.paste(page, i, 3, 6, 6);
            assertThat(BackgroundModel.hasEvenPaper(page)).as("digit %d", i).isTrue();
            GrayImage out = BackgroundModel.subtract(page);
            float paperLeft = 0;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    if ((x - side / 2) * (x - side / 2) + (y - side / 2) * (y - side / 2) > (radius + 1) * (radius + 1)
                            && page.get(x, y) == 80f) {
                        paperLeft = Math.max(paperLeft, out.get(x, y));
                    }
                }
            }
            assertThat(paperLeft).as("digit %d: unclipped paper left", i).isZero();
            assertThat(StepImages.max(out.pixels())).as("digit %d: ink", i).isGreaterThan(150f);
        }
    }

    @Test
    void evenPaperCountsAsPaperOnlyBelowHalfwayToTheInk() {
        // a 10-px frame at one level, 0 inside, a bar of ink at 200: halfway from the darkest pixels to the ink is 100,
        // and the paper side's median is 0. A frame at or above halfway is a tight crop's ink, not paper.
        int side = 96;
        float halfway = 100f;
        for (float frame : new float[] {halfway - 1, halfway, halfway + 1}) {
            GrayImage image = StepImages.blank(side, side);
            java.util.Arrays.fill(image.pixels(), frame);
            for (int y = 10; y < side - 10; y++) {
                java.util.Arrays.fill(image.pixels(), y * side + 10, y * side + side - 10, 0f);
            }
            StepImages.fill(image, 30, 30, 66, 40, 200f);
            assertThat(BackgroundModel.hasEvenPaper(image)).as("frame at %.0f", frame).isTrue();
            assertThat(BackgroundModel.surface(image)[0]).as("frame at %.0f", frame)
                    .isEqualTo(frame < halfway ? frame : 0f);
        }
    }

    @Test
    void aBlobThatFloodsCellsIsNotTakenForBackground() {
        GrayImage image = StepImages.blank(64, 64);
        StepImages.fill(image, 0, 0, 64, 64, 50f);
        StepImages.fill(image, 14, 14, 50, 50, 200f); // 16-px cells: the middle 2x2 cells are all ink
        GrayImage out = BackgroundModel.subtract(image);
        for (int y = 14; y < 50; y++) {
            for (int x = 14; x < 50; x++) {
                assertThat(out.get(x, y)).as("%d,%d", x, y).isCloseTo(150f, org.assertj.core.data.Offset.offset(0.5f));
            }
        }
        assertThat(out.get(5, 5)).isZero();
    }

    /** A bold 16x16 two-level digit (a 6 filling its frame), enlarged 4x bilinearly: soft edges, as a scanner's. */
    static GrayImage boldBinarizedSix(float paper, float ink) {
        String[] rows = {
            "......######....",
            "....#######.....",
            "...######.......",
            "..#####.........",
            ".#####..........",
            ".####...........",
            "#####.######....",
            "###############.",
            "#######....#####",
            "######......####",
            "######......####",
            "######......####",
            ".######....####.",
            ".##############.",
            "..############..",
            "....#######.....",
        };
        int factor = 4;
        int size = 16 * factor;
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double sx = Math.max(0, Math.min(15, (x + 0.5) / factor - 0.5));
                double sy = Math.max(0, Math.min(15, (y + 0.5) / factor - 0.5));
                int x0 = (int) sx;
                int y0 = (int) sy;
                int x1 = Math.min(15, x0 + 1);
                int y1 = Math.min(15, y0 + 1);
                double tx = sx - x0;
                double ty = sy - y0;
                double v = (1 - ty) * ((1 - tx) * level(rows, x0, y0) + tx * level(rows, x1, y0))
                        + ty * ((1 - tx) * level(rows, x0, y1) + tx * level(rows, x1, y1));
                out[y * size + x] = (float) (paper + (ink - paper) * v);
            }
        }
        return new GrayImage(size, size, out);
    }

    private static double level(String[] rows, int x, int y) {
        return rows[y].charAt(x) == '#' ? 1 : 0;
    }

    @Test
    void aCrispTwoLevelScanIsFlatAtItsPaperLevelEvenWhereBoldInkFloodsTheCells() {
        GrayImage six = boldBinarizedSix(12f, 240f);
        int[] histogram = Levels.histogram(six.pixels());
        assertThat(Levels.separation(histogram, Levels.otsu(histogram))).isGreaterThanOrEqualTo(InkPolarity.CRISP_SEPARATION);

        float[] surface = BackgroundModel.surface(six);

        for (int i = 0; i < surface.length; i++) {
            assertThat(surface[i]).as("pixel %d", i).isEqualTo(12f);
        }
        GrayImage out = BackgroundModel.subtract(six);
        for (int i = 0; i < surface.length; i++) {
            assertThat(out.pixels()[i]).as("pixel %d", i).isEqualTo(Math.max(0f, six.pixels()[i] - 12f));
        }
    }

    /**
     * A {@code side}-px page of light-on-dark ink: paper at 20 with sensor noise (so not a clean two-level scan), a
     * vertical stroke 4 px wide at x = side/4 with a bar to 0.7 side, and a shadow with a sharp edge: 90 levels brighter
     * from x = 0.8 side on.
     */
    private static final double SHADOW_FROM = 0.8;

    static GrayImage strokeBesideAShadow(int side) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(side);
        float[] p = new float[side * side];
        int stroke = side / 4;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float level = 20f + (float) random.nextDouble(-6, 6);
                if (x >= SHADOW_FROM * side) {
                    level += 90f;
                }
                boolean vertical = x >= stroke && x < stroke + 4 && y >= side / 6 && y < side - side / 6;
                boolean horizontal = y >= side / 2 && y < side / 2 + 4 && x >= stroke && x < 0.7 * side;
                if (vertical || horizontal) {
                    level = 230f;
                }
                p[y * side + x] = level;
            }
        }
        return new GrayImage(side, side, p);
    }

    /** The brightest level the stage leaves in the shadow, 3 px or more from its edge and the frame. */
    static float shadowLeft(GrayImage out) {
        int side = out.width();
        float max = 0;
        for (int y = 3; y < side - 3; y++) {
            for (int x = (int) Math.ceil(SHADOW_FROM * side) + 3; x < side - 3; x++) {
                max = Math.max(max, out.get(x, y));
            }
        }
        return max;
    }

    @Test
    void aShadowsSharpEdgeGoesAndTheStrokeStays() {
        for (int side : new int[] {64, 120}) {
            GrayImage out = BackgroundModel.subtract(strokeBesideAShadow(side));
            assertThat(shadowLeft(out)).as("side %d", side).isLessThan(20f);
            assertThat(out.get(side / 4 + 1, side / 2)).as("side %d: the stroke", side).isGreaterThan(200f);
        }
    }

    @Test
    void theTopHatRunsOnPagesFromTheMinimumSide() {
        int limit = BackgroundModel.LIT_PAGE_MIN_SIDE;
        for (int side : new int[] {limit - 1, limit, limit + 1}) {
            GrayImage page = strokeBesideAShadow(side);
            float[] surface = BackgroundModel.surface(page);
            float[] plain = new float[surface.length];
            for (int i = 0; i < plain.length; i++) {
                plain[i] = Math.max(0f, page.pixels()[i] - surface[i]);
            }
            float[] topHat = plain.clone();
            BackgroundModel.removeBroadLight(topHat, side, side);
            assertThat(topHat).as("side %d: the top-hat changes this page", side).isNotEqualTo(plain);
            assertThat(BackgroundModel.subtract(page).pixels()).as("side %d", side)
                    .isEqualTo(side < limit ? plain : topHat);
        }
    }

    @Test
    void theTopHatRemovesLightBroaderThanItsSquareAndKeepsStrokes() {
        // on a zero background: a 4-px stroke of 210 (depth 1: a 13-px square) and a 16-px plateau of light at 90
        int w = 64;
        int h = 64;
        float[] ink = new float[w * h];
        for (int y = 8; y < 56; y++) {
            for (int x = 0; x < w; x++) {
                ink[y * w + x] = x >= 14 && x < 18 ? 210f : x >= 40 && x < 56 ? 90f : 0f;
            }
        }
        BackgroundModel.removeBroadLight(ink, w, h);
        for (int y = 8; y < 56; y++) {
            for (int x = 0; x < w; x++) {
                float expected = x >= 14 && x < 18 ? 210f : 0f;
                assertThat(ink[y * w + x]).as("%d,%d", x, y).isEqualTo(expected);
            }
        }
    }

    @Test
    void aCrispTwoLevelScanKeepsItsBroadInk() {
        // thin strokes set a small square, and a 20-px blot of ink is broader than it: on a photographed page the
        // top-hat would take the blot for light, but a crisp scan has no light to remove, so the blot stays whole
        GrayImage image = StepImages.blank(64, 64);
        StepImages.fill(image, 0, 0, 64, 64, 90f);
        for (int y : new int[] {6, 14, 22}) {
            StepImages.fill(image, 0, y, 64, y + 2, 240f);
        }
        StepImages.fill(image, 36, 36, 56, 56, 240f);
        GrayImage out = BackgroundModel.subtract(image);
        assertThat(out.get(46, 46)).isEqualTo(150f);
        // the same page under heavy paper noise (not clipped: clipping would make the frame's paper even, which has no
        // light to remove either) is no longer crisp: the top-hat runs and the blot's middle goes
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        float[] noisy = image.pixels().clone();
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = Math.max(0f, Math.min(255f, noisy[i] + (float) random.nextDouble(-80, 80)));
        }
        assertThat(BackgroundModel.subtract(new GrayImage(64, 64, noisy)).get(46, 46)).isLessThan(60f);
    }

    @Test
    void neverNegative() {
        GrayImage out = BackgroundModel.subtract(onRamp(3, 1, 200f, 0f));
        for (float v : out.pixels()) {
            assertThat(v).isGreaterThanOrEqualTo(0f);
        }
    }
}
