package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowMedianTest {

    /** The sliding histogram against a fresh histogram of every window, on images of many shapes and windows. */
    @Test
    void equalsTheMedianOfEachWindowCountedAfresh() {
        SplittableRandom random = new SplittableRandom(7);
        int[][] shapes = {{1, 1}, {1, 9}, {9, 1}, {5, 5}, {17, 11}, {48, 40}};
        for (int[] shape : shapes) {
            int w = shape[0];
            int h = shape[1];
            float[] pixels = new float[w * h];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextInt(4) == 0 ? random.nextInt(256) : 100 + random.nextInt(20); // clustered levels: ties
            }
            for (int reach : new int[] {1, 2, 8, 60}) {
                int[] medians = WindowMedian.of(pixels, w, h, reach);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int[] histogram = new int[256];
                        for (int yy = Math.max(0, y - reach); yy <= Math.min(h - 1, y + reach); yy++) {
                            for (int xx = Math.max(0, x - reach); xx <= Math.min(w - 1, x + reach); xx++) {
                                histogram[Levels.bin(pixels[yy * w + xx])]++;
                            }
                        }
                        assertThat(medians[y * w + x]).as("%dx%d reach %d at (%d, %d)", w, h, reach, x, y)
                                .isEqualTo(Levels.percentile(histogram, 0.5));
                    }
                }
            }
        }
    }
}
