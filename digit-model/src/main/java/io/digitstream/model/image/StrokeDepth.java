package io.digitstream.model.image;

/**
 * How deep ink lies inside its strokes: each ink pixel's chessboard distance to the nearest paper pixel (the
 * frame counts as paper), by the classic two-pass transform. Its median over the ink is about a quarter of the
 * typical stroke's width, whatever the digit's size.
 */
final class StrokeDepth {

    private StrokeDepth() {
    }

    /** The median depth of the pixels above {@code threshold}; 0 when there are none. */
    static int median(float[] p, int w, int h, float threshold) {
        int[] depth = depths(p, w, h, threshold);
        int[] histogram = new int[Math.max(w, h) + 1];
        int ink = 0;
        for (int d : depth) {
            if (d > 0) {
                histogram[d]++;
                ink++;
            }
        }
        int seen = 0;
        for (int d = 1; d < histogram.length; d++) {
            seen += histogram[d];
            if (2 * seen >= ink && ink > 0) {
                return d;
            }
        }
        return 0;
    }

    /** 0 on paper; on ink, 1 + the chessboard distance to the nearest paper pixel or the frame. */
    static int[] depths(float[] p, int w, int h, float threshold) {
        int[] d = new int[w * h];
        for (int y = 0; y < h; y++) { // forward: neighbours above and to the left
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (p[i] <= threshold) {
                    continue;
                }
                int v = 1;
                if (x > 0 && y > 0) {
                    v = 1 + Math.min(Math.min(d[i - 1], d[i - w]), Math.min(d[i - w - 1], x + 1 < w ? d[i - w + 1] : 0));
                }
                d[i] = v;
            }
        }
        for (int y = h - 1; y >= 0; y--) { // backward: neighbours below and to the right
            for (int x = w - 1; x >= 0; x--) {
                int i = y * w + x;
                if (d[i] == 0) {
                    continue;
                }
                if (x == w - 1 || y == h - 1) {
                    d[i] = 1;
                } else {
                    d[i] = Math.min(d[i], 1 + Math.min(Math.min(d[i + 1], d[i + w]), Math.min(d[i + w + 1], x > 0 ? d[i + w - 1] : 0)));
                }
            }
        }
        return d;
    }
}
