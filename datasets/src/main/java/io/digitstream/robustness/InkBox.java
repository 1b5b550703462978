package io.digitstream.robustness;

/**
 * The bounding box of a digit's visible ink, and crops to it: what a form reader does when it cuts a field out
 * of a scanned page. Ink fainter than {@link #VISIBLE} (MNIST's anti-aliasing fringe) does not count.
 */
record InkBox(int left, int top, int right, int bottom) {
    /** About an eighth of full ink. */
    static final int VISIBLE = 32;

    /** @throws IllegalArgumentException if no pixel reaches {@link #VISIBLE} */
    static InkBox of(InkImage image) {
        int left = image.width();
        int top = image.height();
        int right = -1;
        int bottom = -1;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                if (image.at(x, y) >= VISIBLE) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        if (right < 0) {
            throw new IllegalArgumentException("the image has no visible ink");
        }
        return new InkBox(left, top, right, bottom);
    }

    int width() {
        return right - left + 1;
    }

    int height() {
        return bottom - top + 1;
    }

    /** The box grown by the given margins (pixels beyond the image are paper), cut out of {@code image}. */
    InkImage crop(InkImage image, int marginLeft, int marginTop, int marginRight, int marginBottom) {
        int x0 = left - marginLeft;
        int y0 = top - marginTop;
        int w = width() + marginLeft + marginRight;
        int h = height() + marginTop + marginBottom;
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = x0 + x;
                int sy = y0 + y;
                if (sx >= 0 && sy >= 0 && sx < image.width() && sy < image.height()) {
                    out[y * w + x] = (byte) image.at(sx, sy);
                }
            }
        }
        return new InkImage(w, h, out);
    }

    InkImage crop(InkImage image) {
        return crop(image, 0, 0, 0, 0);
    }
}
