package io.digitstream.model.image;

import java.util.Arrays;

/**
 * The median of every pixel's square window (clipped by the frame), as {@link Levels#percentile} at one half would
 * give it, in time independent of the window's size per pixel: the window's histogram slides along each row, one
 * column in and one out (Huang et al. 1979), and a 16-bin summary finds the median in 32 steps instead of 256.
 */
final class WindowMedian {

    private WindowMedian() {
    }

    /** @return the median level of the {@code (2 reach + 1)}² window around each pixel, row by row */
    static int[] of(float[] pixels, int w, int h, int reach) {
        int[] levels = new int[pixels.length];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = Levels.bin(pixels[i]);
        }
        int[] medians = new int[levels.length];
        int[] fine = new int[256];
        int[] coarse = new int[16];
        for (int y = 0; y < h; y++) {
            Arrays.fill(fine, 0);
            Arrays.fill(coarse, 0);
            int top = Math.max(0, y - reach);
            int bottom = Math.min(h - 1, y + reach);
            int count = 0;
            for (int x = 0; x <= Math.min(w - 1, reach); x++) {
                count += slide(levels, w, x, top, bottom, fine, coarse, 1);
            }
            for (int x = 0; x < w; x++) {
                if (x > 0) {
                    if (x + reach < w) {
                        count += slide(levels, w, x + reach, top, bottom, fine, coarse, 1);
                    }
                    if (x - reach - 1 >= 0) {
                        count -= slide(levels, w, x - reach - 1, top, bottom, fine, coarse, -1);
                    }
                }
                medians[y * w + x] = median(fine, coarse, count);
            }
        }
        return medians;
    }

    /** Adds ({@code sign} 1) or removes (-1) one column of the window; returns the number of pixels moved. */
    private static int slide(int[] levels, int w, int x, int top, int bottom, int[] fine, int[] coarse, int sign) {
        for (int y = top; y <= bottom; y++) {
            int level = levels[y * w + x];
            fine[level] += sign;
            coarse[level >> 4] += sign;
        }
        return bottom - top + 1;
    }

    private static int median(int[] fine, int[] coarse, int count) {
        int wanted = (count + 1) / 2;
        int seen = 0;
        int block = 0;
        while (seen + coarse[block] < wanted) {
            seen += coarse[block++];
        }
        int level = block << 4;
        while (seen + fine[level] < wanted) {
            seen += fine[level++];
        }
        return level;
    }
}
