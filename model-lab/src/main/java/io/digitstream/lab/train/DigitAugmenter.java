package io.digitstream.lab.train;

import io.digitstream.model.ModelInputSampler;
import java.util.SplittableRandom;

/**
 * Small random distortions of a normalized 28x28 digit, the variations of real handwriting that
 * MNIST's 60,000 samples under-represent: affine (shift, rotation, scale, shear) and, optionally,
 * elastic (Simard et al. 2003: a random displacement field smoothed by a Gaussian, scaled by alpha),
 * which bends strokes the way hands do. One bilinear resampling for both.
 */
public final class DigitAugmenter {

    private static final int SIZE = 28;
    private static final double ELASTIC_SIGMA = 4;

    private final double maxShift;
    private final double maxRotationRadians;
    private final double maxScale;
    private final double maxShear;
    private final double elasticAlpha;
    private final float[] gaussian;

    public DigitAugmenter(double maxShift, double maxRotationDegrees, double maxScale, double maxShear,
            double elasticAlpha) {
        this.maxShift = maxShift;
        this.maxRotationRadians = Math.toRadians(maxRotationDegrees);
        this.maxScale = maxScale;
        this.maxShear = maxShear;
        this.elasticAlpha = elasticAlpha;
        this.gaussian = gaussianKernel(ELASTIC_SIGMA);
    }

    /** The affine ranges every model was trained with; {@code elasticAlpha} 0 leaves out the elastic part. */
    public static DigitAugmenter standard(double elasticAlpha) {
        return new DigitAugmenter(2.0, 10, 0.1, 0.15, elasticAlpha);
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
        float[] fieldX = elasticAlpha > 0 ? elasticField(random) : null;
        float[] fieldY = elasticAlpha > 0 ? elasticField(random) : null;
        double centre = (SIZE - 1) / 2.0;
        for (int y = 0; y < SIZE; y++) {
            double oy = y - centre - dy;
            for (int x = 0; x < SIZE; x++) {
                double ox = x - centre - dx;
                double sx = ia * ox + ib * oy + centre;
                double sy = ic * ox + id * oy + centre;
                if (fieldX != null) {
                    sx += fieldX[y * SIZE + x];
                    sy += fieldY[y * SIZE + x];
                }
                dst[offset + y * SIZE + x] = ModelInputSampler.bilinear(src, sx, sy);
            }
        }
    }

    /** Uniform noise in [-1, 1] per pixel, Gaussian-smoothed (separably, zero outside) and scaled by alpha. */
    private float[] elasticField(SplittableRandom random) {
        float[] noise = new float[SIZE * SIZE];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextDouble(-1, 1);
        }
        int radius = gaussian.length / 2;
        float[] rows = new float[noise.length];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                float sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    int xx = x + k;
                    if (xx >= 0 && xx < SIZE) {
                        sum += gaussian[k + radius] * noise[y * SIZE + xx];
                    }
                }
                rows[y * SIZE + x] = sum;
            }
        }
        float[] field = new float[noise.length];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                float sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    int yy = y + k;
                    if (yy >= 0 && yy < SIZE) {
                        sum += gaussian[k + radius] * rows[yy * SIZE + x];
                    }
                }
                field[y * SIZE + x] = (float) (sum * elasticAlpha);
            }
        }
        return field;
    }

    static float[] gaussianKernel(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double total = 0;
        for (int i = -radius; i <= radius; i++) {
            total += kernel[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= (float) total;
        }
        return kernel;
    }

    private static double uniform(SplittableRandom random, double bound) {
        return bound == 0 ? 0 : random.nextDouble(-bound, bound);
    }
}
