package io.digitstream.robustness;

/** Black-and-white images: thresholding and dilation, as a binarizing scanner and a thicker pen make them. */
final class Morphology {

    private Morphology() {
    }

    /** 255 where the ink is at least {@code level}, else 0. */
    static InkImage threshold(InkImage image, int level) {
        byte[] out = new byte[image.ink().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((image.ink()[i] & 0xFF) >= level ? 255 : 0);
        }
        return new InkImage(image.width(), image.height(), out);
    }

    /** Dilation by a {@code side x side} square: every stroke {@code side - 1} pixels thicker, same image size. */
    static InkImage dilate(InkImage image, int side) {
        int w = image.width();
        int h = image.height();
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int max = 0;
                for (int dy = -(side - 1) / 2; dy <= side / 2; dy++) {
                    for (int dx = -(side - 1) / 2; dx <= side / 2; dx++) {
                        int sx = x + dx;
                        int sy = y + dy;
                        if (sx >= 0 && sy >= 0 && sx < w && sy < h) {
                            max = Math.max(max, image.at(sx, sy));
                        }
                    }
                }
                out[y * w + x] = (byte) max;
            }
        }
        return new InkImage(w, h, out);
    }

    static int inkPixels(InkImage image) {
        int count = 0;
        for (byte b : image.ink()) {
            if ((b & 0xFF) >= InkBox.VISIBLE) {
                count++;
            }
        }
        return count;
    }
}
