package io.digitstream.model.image;

/**
 * Pixel clutter (a random-pixel background, heavy sensor noise) defeats thresholding; a 3x3 median removes
 * it and keeps strokes, which are 2 px wide or more. It runs only on rough images: on a clean digit it
 * would just erode thin stroke ends.
 */
public final class NoiseFilter {

    /** Median |neighbour difference| above which an image counts as rough: flat paper gives ~0-8, random pixels ~75. */
    static final float ROUGHNESS_LIMIT = 24f;

    private NoiseFilter() {
    }

    public static GrayImage medianIfRough(GrayImage image) {
        return roughness(image) > ROUGHNESS_LIMIT ? median3x3(image) : image;
    }

    /** The median absolute difference between horizontal neighbours, a noise level that ignores strokes. */
    static float roughness(GrayImage image) {
        int w = image.width();
        int h = image.height();
        if (w < 2) {
            return 0f;
        }
        int[] histogram = new int[256];
        float[] p = image.pixels();
        for (int y = 0; y < h; y++) {
            for (int x = 1; x < w; x++) {
                histogram[Levels.bin(Math.abs(p[y * w + x] - p[y * w + x - 1]))]++;
            }
        }
        return Levels.percentile(histogram, 0.5);
    }

    /** 3x3 median; the border replicates its nearest pixel. */
    static GrayImage median3x3(GrayImage image) {
        int w = image.width();
        int h = image.height();
        float[] out = new float[w * h];
        float[] window = new float[9];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = Math.min(h - 1, Math.max(0, y + dy));
                    for (int dx = -1; dx <= 1; dx++) {
                        window[n++] = image.get(Math.min(w - 1, Math.max(0, x + dx)), yy);
                    }
                }
                out[y * w + x] = medianOfNine(window);
            }
        }
        return new GrayImage(w, h, out);
    }

    private static float medianOfNine(float[] v) {
        for (int i = 1; i < 9; i++) { // insertion sort: nine values, no allocation
            float key = v[i];
            int j = i - 1;
            while (j >= 0 && v[j] > key) {
                v[j + 1] = v[j];
                j--;
            }
            v[j + 1] = key;
        }
        return v[4];
    }
}
