package io.digitstream.robustness;

import java.util.SplittableRandom;

/** {@code rot-b}: the digit rotated about the image centre by an angle uniform in [0, 360), bicubic, same size. */
final class BicubicRotation {

    private BicubicRotation() {
    }

    static double randomDegrees(SplittableRandom random) {
        return random.nextDouble() * 360.0;
    }

    /** Clockwise as displayed, about the geometric centre {@code (w/2, h/2)} of the pixel grid. */
    static InkImage rotate(InkImage image, double degrees) {
        double radians = StrictMath.toRadians(degrees);
        double cos = StrictMath.cos(radians);
        double sin = StrictMath.sin(radians);
        double cx = image.width() / 2.0;
        double cy = image.height() / 2.0;
        byte[] out = new byte[image.ink().length];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double sx = cx + cos * dx + sin * dy - 0.5;
                double sy = cy - sin * dx + cos * dy - 0.5;
                out[y * image.width() + x] = (byte) Math.round(Bicubic.sample(image, sx, sy));
            }
        }
        return new InkImage(image.width(), image.height(), out);
    }
}
