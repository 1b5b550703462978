package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LowResolutionTest {

    @ParameterizedTest
    @CsvSource({"27, 27, 32, 32", "27, 9, 32, 11", "9, 27, 11, 32", "8, 8, 32, 32", "1, 1, 32, 32"})
    void anImageCoarserThanMnistIsEnlargedKeepingItsAspect(int width, int height, int enlargedWidth,
            int enlargedHeight) {
        GrayImage enlarged = LowResolution.enlarge(new GrayImage(width, height, new float[width * height]));
        assertThat(enlarged.width()).isEqualTo(enlargedWidth);
        assertThat(enlarged.height()).isEqualTo(enlargedHeight);
    }

    @ParameterizedTest
    @CsvSource({"28, 28", "28, 5", "5, 28", "29, 29", "300, 20"})
    void anImageAsFineAsMnistIsLeftAsItIs(int width, int height) {
        GrayImage image = new GrayImage(width, height, new float[width * height]);
        assertThat(LowResolution.enlarge(image)).isSameAs(image);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void enlargingIsBilinearBetweenPixelCentres(int x) {
        // Two pixels, 0 and 200, become 32 x 16: pixel centres map to -0.25, 0.25 and on; the ends are held.
        GrayImage enlarged = LowResolution.enlarge(new GrayImage(2, 1, new float[] {0, 200}));
        float expected = (float) (200 * Math.max(0, Math.min(1, (x + 0.5) / 16 - 0.5)));
        assertThat(enlarged.get(x, 0)).isEqualTo(expected);
        assertThat(enlarged.get(31 - x, 0)).isEqualTo(200 - expected);
    }

    /**
     * The point of enlarging: the stage's rules count strokes and frames in pixels. An 8x8 {@code 0} (sklearn's first
     * digit, light on dark) was taken for a rough image and median-smoothed into a blob with no hole.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anEightPixelZeroKeepsItsHoleAndItsRing(boolean darkOnWhite) throws Exception {
        int[] rows = { // UCI optdigits' first digit, 0..16
            0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
            0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0};
        float[] pixels = new float[64];
        for (int i = 0; i < 64; i++) {
            float ink = Math.min(255, rows[i] * 16);
            pixels[i] = darkOnWhite ? 255 - ink : ink;
        }
        float[] input = ImagePipeline.normalize(new GrayImage(8, 8, pixels));

        assertThat(input[14 * 28 + 14]).as("the hole").isLessThan(0.2f);
        for (int angle = 0; angle < 360; angle += 15) { // every ray from the centre crosses the ring
            double max = 0;
            for (double r = 2; r <= 13; r += 0.5) {
                int x = (int) Math.round(14 + r * Math.cos(Math.toRadians(angle)));
                int y = (int) Math.round(14 + r * Math.sin(Math.toRadians(angle)));
                max = Math.max(max, input[y * 28 + x]);
            }
            assertThat(max).as("ink on the ray at %d degrees", angle).isGreaterThan(0.5);
        }
    }
}
