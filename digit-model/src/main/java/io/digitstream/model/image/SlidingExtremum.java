package io.digitstream.model.image;

/** Gray-level erosion and dilation by a square, separable, each row and column in O(n) with a monotonic deque. */
final class SlidingExtremum {

    private SlidingExtremum() {
    }

    /** Gray opening by a {@code (2 reach + 1)}-square: removes every bright structure narrower than the square. */
    static float[] opening(float[] p, int w, int h, int reach) {
        return filter(filter(p, w, h, reach, false), w, h, reach, true);
    }

    /** Minimum ({@code max} false) or maximum over the square window around each pixel, truncated at the edges. */
    static float[] filter(float[] p, int w, int h, int reach, boolean max) {
        float[] rows = new float[p.length];
        float[] line = new float[Math.max(w, h)];
        float[] result = new float[Math.max(w, h)];
        int[] deque = new int[Math.max(w, h)];
        for (int y = 0; y < h; y++) {
            System.arraycopy(p, y * w, line, 0, w);
            slide(line, w, reach, max, deque, result);
            System.arraycopy(result, 0, rows, y * w, w);
        }
        float[] out = new float[p.length];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                line[y] = rows[y * w + x];
            }
            slide(line, h, reach, max, deque, result);
            for (int y = 0; y < h; y++) {
                out[y * w + x] = result[y];
            }
        }
        return out;
    }

    private static void slide(float[] v, int n, int reach, boolean max, int[] deque, float[] out) {
        int head = 0;
        int tail = 0; // deque[head..tail): indices whose values are monotonic, the extremum at head
        int next = 0; // the next index to enter the window
        for (int i = 0; i < n; i++) {
            int last = Math.min(n - 1, i + reach);
            while (next <= last) {
                while (tail > head && (max ? v[deque[tail - 1]] <= v[next] : v[deque[tail - 1]] >= v[next])) {
                    tail--;
                }
                deque[tail++] = next++;
            }
            while (deque[head] < i - reach) {
                head++;
            }
            out[i] = v[deque[head]];
        }
    }
}
