package io.digitstream.synthetic;

/** Bilinear sampling of a GRAY8 image, with black (no ink) outside it. */
final class Bilinear {

    private Bilinear() {
    }

    /**
     * The value at {@code (x, y)} in pixel-index coordinates (pixel {@code (i, j)}'s centre is at {@code (i, j)}),
     * 0..255; pixels outside the image count as 0 so a digit fades out at its edges instead of smearing.
     */
    static double sample(byte[] pixels, int width, int height, double x, double y) {
        if (x <= -1 || y <= -1 || x >= width || y >= height) {
            return 0;
        }
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double top = (1 - fx) * at(pixels, width, height, x0, y0) + fx * at(pixels, width, height, x0 + 1, y0);
        double bottom = (1 - fx) * at(pixels, width, height, x0, y0 + 1) + fx * at(pixels, width, height, x0 + 1, y0 + 1);
        return (1 - fy) * top + fy * bottom;
    }

    private static int at(byte[] pixels, int width, int height, int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            return 0;
        }
        return pixels[y * width + x] & 0xFF;
    }
}
