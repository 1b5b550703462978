package io.digitstream.model.image;

/** The 8-connected pieces of an image's pixels on one side of a threshold, labelled 1..count in scan order. */
final class Components {

    private final int[] labels;
    private final int count;
    private final int width;

    private Components(int[] labels, int count, int width) {
        this.labels = labels;
        this.count = count;
        this.width = width;
    }

    /** The pieces of the pixels above {@code threshold} ({@code above}), or of those at or below it. */
    static Components of(GrayImage image, float threshold, boolean above) {
        int w = image.width();
        int h = image.height();
        float[] p = image.pixels();
        int[] labels = new int[w * h];
        int[] stack = new int[w * h];
        int count = 0;
        for (int start = 0; start < p.length; start++) {
            if ((p[start] > threshold) != above || labels[start] != 0) {
                continue;
            }
            int label = ++count;
            int top = 0;
            stack[top++] = start;
            labels[start] = label;
            while (top > 0) {
                int i = stack[--top];
                int x = i % w;
                int y = i / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < w && ny < h) {
                            int n = ny * w + nx;
                            if (labels[n] == 0 && (p[n] > threshold) == above) {
                                labels[n] = label;
                                stack[top++] = n;
                            }
                        }
                    }
                }
            }
        }
        return new Components(labels, count, w);
    }

    /** Each pixel's piece, 0 for pixels on the other side. */
    int[] labels() {
        return labels;
    }

    int count() {
        return count;
    }

    /** The sum of {@code values} over each piece, at index label - 1. */
    double[] sums(float[] values) {
        double[] sums = new double[count];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0) {
                sums[labels[i] - 1] += values[i];
            }
        }
        return sums;
    }

    /** How many pieces hold at least {@code minPixels} pixels; with {@code onFrame}, only those touching the frame. */
    int countAtLeast(int minPixels, boolean onFrame) {
        int[] sizes = new int[count];
        boolean[] framed = new boolean[count];
        int height = labels.length / width;
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label != 0) {
                sizes[label - 1]++;
                int x = i % width;
                int y = i / width;
                framed[label - 1] |= x == 0 || y == 0 || x == width - 1 || y == height - 1;
            }
        }
        int large = 0;
        for (int c = 0; c < count; c++) {
            large += sizes[c] >= minPixels && (framed[c] || !onFrame) ? 1 : 0;
        }
        return large;
    }
}
