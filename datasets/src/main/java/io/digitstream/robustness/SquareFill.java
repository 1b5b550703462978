package io.digitstream.robustness;

/**
 * Stretches a digit cut to its ink so it fills a square, as Semeion-style size normalization does, except where that
 * would leave no shape: a bar (an upright {@code 1}) stretched to a square is a solid block that no reader could
 * label. Such a digit ({@link #SOLID} or more of the square inked) keeps its aspect ratio instead, centred, its
 * longer side filling the square.
 */
final class SquareFill {
    static final double SOLID = 0.85;

    interface Resize {
        InkImage apply(InkImage image, int width, int height);
    }

    private SquareFill() {
    }

    static InkImage of(InkImage tight, int size, Resize resize) {
        InkImage stretched = resize.apply(tight, size, size);
        if (Morphology.inkPixels(stretched) < SOLID * size * size) {
            return stretched;
        }
        double scale = (double) size / Math.max(tight.width(), tight.height());
        int w = Math.max(1, Math.min(size, (int) Math.round(tight.width() * scale)));
        int h = Math.max(1, Math.min(size, (int) Math.round(tight.height() * scale)));
        InkImage fitted = resize.apply(tight, w, h);
        byte[] square = new byte[size * size];
        int left = (size - w) / 2;
        int top = (size - h) / 2;
        for (int y = 0; y < h; y++) {
            System.arraycopy(fitted.ink(), y * w, square, (top + y) * size + left, w);
        }
        return new InkImage(size, size, square);
    }
}
