package io.digitstream.synthetic;

import java.util.SplittableRandom;

/** The {@code rot} variants' transform: a rotation about the image centre, bilinear, black where nothing maps. */
final class Rotation {

    private Rotation() {
    }

    /** Uniform in [0, 360), as in Larochelle et al.: every orientation is as likely, upside-down 6s and 9s included. */
    static double randomDegrees(SplittableRandom random) {
        return 360.0 * random.nextDouble();
    }

    /**
     * Rotates counter-clockwise as displayed (rows run downwards) by {@code degrees} about the centre
     * {@code ((width - 1) / 2, (height - 1) / 2)}; each output pixel samples the source at the inversely rotated
     * position, so there are no holes.
     */
    static byte[] rotate(byte[] pixels, int width, int height, double degrees) {
        double radians = StrictMath.toRadians(degrees);
        double cos = StrictMath.cos(radians);
        double sin = StrictMath.sin(radians);
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = x - cx;
                double dy = y - cy;
                // Inverse of the on-screen counter-clockwise rotation (dx, dy) -> (dx cos + dy sin, -dx sin + dy cos).
                double sx = cx + dx * cos - dy * sin;
                double sy = cy + dx * sin + dy * cos;
                out[y * width + x] = (byte) Math.round(Bilinear.sample(pixels, width, height, sx, sy));
            }
        }
        return out;
    }
}
