package io.digitstream.model.image;

/**
 * Pixel clutter (a random-pixel background, heavy sensor noise) defeats thresholding, so rough images are smoothed
 * first. Half of the result is 60% of a 3x3 median plus 40% of a 2x2 opening: the median alone leaves the clutter a
 * mid-gray mottle; the opening darkens it further (a clutter pixel survives only inside a 2x2 square bright
 * throughout) and keeps every stroke 2 px wide or more. The other half counts, around each pixel, the pixels at the
 * ink's own level ({@link #inkLevelShare}): clutter spreads over every level while a stroke's core holds the ink's,
 * so where the brighter of digit and clutter wins, the count tells a stroke from clutter where levels cannot. On
 * MNIST digits over such clutter, stroke and clutter levels lie 2.33 clutter standard deviations apart after the
 * median, 2.77 after median and opening, and 4.78 with the count (NoiseFilterTest). It runs only on rough images: on
 * a clean digit any of these filters would erode thin stroke ends.
 */
public final class NoiseFilter {

    /** Median |neighbour difference| above which an image counts as rough: flat paper gives ~0-8, random pixels ~75. */
    static final float ROUGHNESS_LIMIT = 24f;
    /** The opening's share of the smoothed levels (the median has the rest). */
    static final float OPENING_SHARE = 0.4f;
    /** The share of the result that counts pixels at the ink's level; the smoothed levels have the rest. */
    static final float INK_LEVEL_SHARE = 0.5f;
    /** The ink's level is this percentile of the image: a digit's strokes hold a few percent of it at their core. */
    static final double INK_LEVEL_PERCENTILE = 0.995;
    /** A pixel within this many gray levels of the ink's level counts: 1.6% of uniform clutter, not more. */
    static final float INK_LEVEL_TOLERANCE = 3f;

    private NoiseFilter() {
    }

    public static GrayImage smoothIfRough(GrayImage image) {
        return roughness(image) > ROUGHNESS_LIMIT ? smoothed(image) : image;
    }

    static GrayImage smoothed(GrayImage image) {
        float[] median = median3x3(image).pixels();
        float[] opened = opening2x2(image).pixels();
        float[] atInkLevel = inkLevelShare(image);
        float[] out = new float[median.length];
        for (int i = 0; i < out.length; i++) {
            float levels = (1 - OPENING_SHARE) * median[i] + OPENING_SHARE * opened[i];
            out[i] = atInkLevel == null ? levels : (1 - INK_LEVEL_SHARE) * levels + INK_LEVEL_SHARE * atInkLevel[i];
        }
        return new GrayImage(image.width(), image.height(), out);
    }

    /**
     * For each pixel, 255 times the share of its 3x3 window (cut at the frame) that lies within
     * {@link #INK_LEVEL_TOLERANCE} of the ink's level, the image's {@link #INK_LEVEL_PERCENTILE} percentile. On a
     * stroke 2 px wide the share is 6/9 or more; on uniform clutter 0.14/9 on average. Null when that percentile is
     * within the tolerance of the median: too little ink for its level to be told from the background's.
     */
    static float[] inkLevelShare(GrayImage image) {
        int w = image.width();
        int h = image.height();
        float[] p = image.pixels();
        int[] histogram = Levels.histogram(p);
        float inkLevel = Levels.percentile(histogram, INK_LEVEL_PERCENTILE);
        if (inkLevel - INK_LEVEL_TOLERANCE <= Levels.percentile(histogram, 0.5)) {
            return null;
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int window = 0;
                int atLevel = 0;
                for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                    for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                        window++;
                        if (p[yy * w + xx] >= inkLevel - INK_LEVEL_TOLERANCE) {
                            atLevel++;
                        }
                    }
                }
                out[y * w + x] = 255f * atLevel / window;
            }
        }
        return out;
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

    /**
     * Gray-level opening by a 2x2 square: each pixel becomes the brightest of the darkest pixels of the 2x2 squares
     * that contain it. A bright region survives where a whole 2x2 square fits inside it; the border replicates.
     */
    static GrayImage opening2x2(GrayImage image) {
        int w = image.width();
        int h = image.height();
        float[] eroded = new float[w * h]; // the darkest of the square whose top-left corner is (x, y)
        for (int y = 0; y < h; y++) {
            int y1 = Math.min(h - 1, y + 1);
            for (int x = 0; x < w; x++) {
                int x1 = Math.min(w - 1, x + 1);
                eroded[y * w + x] = Math.min(Math.min(image.get(x, y), image.get(x1, y)),
                        Math.min(image.get(x, y1), image.get(x1, y1)));
            }
        }
        float[] out = new float[w * h]; // the brightest of the squares whose bottom-right corner is (x, y)
        for (int y = 0; y < h; y++) {
            int y0 = Math.max(0, y - 1);
            for (int x = 0; x < w; x++) {
                int x0 = Math.max(0, x - 1);
                out[y * w + x] = Math.max(Math.max(eroded[y * w + x], eroded[y * w + x0]),
                        Math.max(eroded[y0 * w + x], eroded[y0 * w + x0]));
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
