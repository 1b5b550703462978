package io.digitstream.classifier.train;

import java.util.SplittableRandom;

/**
 * Small random affine distortions of a normalized 28x28 digit (shift, rotation, scale, shear), the
 * variations of real handwriting that MNIST's 60,000 samples under-represent. Bilinear sampling.
 */
public final class AffineAugmenter {

    private static final int SIZE = 28;

    private final double maxShift;
    private final double maxRotationRadians;
    private final double maxScale;
    private final double maxShear;

    public AffineAugmenter(double maxShift, double maxRotationDegrees, double maxScale, double maxShear) {
        this.maxShift = maxShift;
        this.maxRotationRadians = Math.toRadians(maxRotationDegrees);
        this.maxScale = maxScale;
        this.maxShear = maxShear;
    }

    public static AffineAugmenter standard() {
        return new AffineAugmenter(2.0, 10, 0.1, 0.15);
    }

    /** Writes a distorted copy of {@code src} (784 floats) into {@code dst} at {@code offset}. */
    public void augment(float[] src, float[] dst, int offset, SplittableRandom random) {
        double angle = uniform(random, maxRotationRadians);
        double scale = 1 + uniform(random, maxScale);
        double shear = uniform(random, maxShear);
        double dx = uniform(random, maxShift);
        double dy = uniform(random, maxShift);
        // Forward map A = R * S * Shear; sample through its inverse around the centre of the field.
        double cos = Math.cos(angle) * scale;
        double sin = Math.sin(angle) * scale;
        double a = cos;
        double b = cos * shear - sin;
        double c = sin;
        double d = sin * shear + cos;
        double det = a * d - b * c;
        double ia = d / det;
        double ib = -b / det;
        double ic = -c / det;
        double id = a / det;
        double centre = (SIZE - 1) / 2.0;
        for (int y = 0; y < SIZE; y++) {
            double oy = y - centre - dy;
            for (int x = 0; x < SIZE; x++) {
                double ox = x - centre - dx;
                double sx = ia * ox + ib * oy + centre;
                double sy = ic * ox + id * oy + centre;
                dst[offset + y * SIZE + x] = bilinear(src, sx, sy);
            }
        }
    }

    private static double uniform(SplittableRandom random, double bound) {
        return bound == 0 ? 0 : random.nextDouble(-bound, bound);
    }

    static float bilinear(float[] src, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (float) ((1 - fx) * (1 - fy) * at(src, x0, y0) + fx * (1 - fy) * at(src, x0 + 1, y0)
                + (1 - fx) * fy * at(src, x0, y0 + 1) + fx * fy * at(src, x0 + 1, y0 + 1));
    }

    private static float at(float[] src, int x, int y) {
        return x < 0 || y < 0 || x >= SIZE || y >= SIZE ? 0f : src[y * SIZE + x];
    }
}
