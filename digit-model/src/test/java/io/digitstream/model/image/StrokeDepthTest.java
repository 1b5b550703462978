package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StrokeDepthTest {

    @Test
    void depthsAreOnePlusTheChessboardDistanceToPaperOrTheFrame() {
        SplittableRandom random = new SplittableRandom(11);
        int[][] sizes = {{1, 1}, {2, 7}, {9, 4}, {23, 17}};
        for (int[] size : sizes) {
            int w = size[0];
            int h = size[1];
            for (double inkShare : new double[] {0.3, 0.8, 1.0}) {
                float[] p = new float[w * h];
                for (int i = 0; i < p.length; i++) {
                    p[i] = random.nextDouble() < inkShare ? 200f : 0f;
                }
                int[] depths = StrokeDepth.depths(p, w, h, 100f);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int expected = 0;
                        if (p[y * w + x] > 100f) {
                            // the frame is paper: the distance to just outside it
                            expected = Math.min(Math.min(x + 1, y + 1), Math.min(w - x, h - y));
                            for (int yy = 0; yy < h; yy++) {
                                for (int xx = 0; xx < w; xx++) {
                                    if (p[yy * w + xx] <= 100f) {
                                        expected = Math.min(expected, Math.max(Math.abs(xx - x), Math.abs(yy - y)));
                                    }
                                }
                            }
                        }
                        assertThat(depths[y * w + x]).as("%dx%d ink %.1f at %d,%d", w, h, inkShare, x, y).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void theMedianDepthOfAStrokeIsAboutAQuarterOfItsWidth() {
        for (int width : new int[] {4, 8, 12}) {
            GrayImage bar = StepImages.blank(80, 80);
            StepImages.fill(bar, 10, 20, 70, 20 + width, 255f);
            assertThat(StrokeDepth.median(bar.pixels(), 80, 80, 128f)).as("width %d", width).isEqualTo(width / 4);
        }
        assertThat(StrokeDepth.median(StepImages.blank(10, 10).pixels(), 10, 10, 128f)).isZero();
    }
}
