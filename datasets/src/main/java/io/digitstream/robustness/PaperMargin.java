package io.digitstream.robustness;

/** A blank margin of a quarter of the image's longer side on every side: the same digit, no longer touching the frame. */
final class PaperMargin {

    private PaperMargin() {
    }

    static int width(InkImage image) {
        return (Math.max(image.width(), image.height()) + 3) / 4;
    }

    static InkImage pad(InkImage image) {
        int margin = width(image);
        int w = image.width() + 2 * margin;
        int h = image.height() + 2 * margin;
        byte[] out = new byte[w * h];
        for (int y = 0; y < image.height(); y++) {
            System.arraycopy(image.ink(), y * image.width(), out, (y + margin) * w + margin, image.width());
        }
        return new InkImage(w, h, out);
    }
}
