package io.digitstream.robustness;

/**
 * Bicubic sampling (Keys' kernel, a = -0.5) of an {@link InkImage}, no ink outside it: the second generator's
 * interpolation, unlike the first generator's bilinear, so its digits have other edges.
 */
final class Bicubic {

    private Bicubic() {
    }

    /** The ink at {@code (x, y)} in pixel-centre coordinates, 0..255 (the kernel's overshoot clipped). */
    static double sample(InkImage image, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        if (x0 < -2 || y0 < -2 || x0 > image.width() || y0 > image.height()) {
            return 0;
        }
        double sum = 0;
        for (int j = -1; j <= 2; j++) {
            double wy = kernel(y - (y0 + j));
            if (wy == 0) {
                continue;
            }
            for (int i = -1; i <= 2; i++) {
                int sx = x0 + i;
                int sy = y0 + j;
                if (sx >= 0 && sy >= 0 && sx < image.width() && sy < image.height()) {
                    sum += wy * kernel(x - sx) * image.at(sx, sy);
                }
            }
        }
        return Math.max(0, Math.min(255, sum));
    }

    static double kernel(double t) {
        double d = Math.abs(t);
        if (d < 1) {
            return (1.5 * d - 2.5) * d * d + 1;
        }
        if (d < 2) {
            return ((-0.5 * d + 2.5) * d - 4) * d + 2;
        }
        return 0;
    }
}
