package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackgroundModelTest {

    /** MNIST digit {@code i} enlarged {@code factor} times, lit by a ramp from {@code left} to {@code right} along x (added, clipped). */
    private static GrayImage onRamp(int i, int factor, float left, float right) {
        int size = 28 * factor;
        GrayImage digit = StepImages.blank(size, size);
        StepImages.paste(digit, i, factor, 0, 0);
        float[] lit = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float light = left + (right - left) * x / (size - 1);
                lit[y * size + x] = Math.min(255f, light + digit.get(x, y));
            }
        }
        return new GrayImage(size, size, lit);
    }

    /** The largest level left more than 2 px away from the digit's ink. */
    private static float backgroundLeft(GrayImage out, int i, int factor) {
        int size = 28 * factor;
        GrayImage digit = StepImages.blank(size, size);
        StepImages.paste(digit, i, factor, 0, 0);
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
            for (int factor : new int[] {1, 3}) {
                GrayImage out = BackgroundModel.subtract(onRamp(i, factor, 20f, 120f));
                // of the 100 levels the lighting varies by, at most half is left anywhere (see the test below)
                assertThat(backgroundLeft(out, i, factor)).as("image %d x%d", i, factor).isLessThan(50f);
                // full ink (255) over lighting of up to ~60 where it lies: at least 190 remains
                assertThat(StepImages.max(out.pixels())).as("image %d x%d", i, factor).isGreaterThan(190f);
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

    @Test
    void neverNegative() {
        GrayImage out = BackgroundModel.subtract(onRamp(3, 1, 200f, 0f));
        for (float v : out.pixels()) {
            assertThat(v).isGreaterThanOrEqualTo(0f);
        }
    }
}
