package io.digitstream.synthetic;

import java.util.SplittableRandom;

/**
 * Background noise of the {@code back-noise} training family: not only back-rand's full-range uniform noise but
 * several distributions at several strengths, so a model learns "ink against noise" rather than one noise's
 * statistics. Each model draws its own parameters from the image's random stream.
 */
enum NoiseModel {
    /** Uniform in {@code [low, high]}, a range of 120..255 levels starting at 0..60. */
    UNIFORM,
    /** Gaussian around a mean of 60..190 with a standard deviation of 25..80, clipped to 0..255. */
    GAUSSIAN,
    /** A flat level of 0..110 (with a little Gaussian grain) of which 8..35% of the pixels are black or white. */
    SALT_AND_PEPPER,
    /** Uniform noise blurred by σ 0.7..1.5 px and stretched back to 0..255: blotches a few pixels wide. */
    BLOTCHES;

    static NoiseModel draw(SplittableRandom random) {
        return values()[random.nextInt(values().length)];
    }

    byte[] draw(int width, int height, SplittableRandom random) {
        int size = width * height;
        byte[] out = new byte[size];
        switch (this) {
            case UNIFORM -> {
                int low = random.nextInt(61);
                int high = Math.min(255, low + 120 + random.nextInt(136));
                for (int i = 0; i < size; i++) {
                    out[i] = (byte) (low + random.nextInt(high - low + 1));
                }
            }
            case GAUSSIAN -> {
                double mean = Seeds.uniform(random, 60, 190);
                double sigma = Seeds.uniform(random, 25, 80);
                for (int i = 0; i < size; i++) {
                    out[i] = clamp(mean + sigma * Seeds.gaussian(random));
                }
            }
            case SALT_AND_PEPPER -> {
                double level = Seeds.uniform(random, 0, 110);
                double density = Seeds.uniform(random, 0.08, 0.35);
                for (int i = 0; i < size; i++) {
                    out[i] = random.nextDouble() < density ? (byte) (random.nextBoolean() ? 255 : 0)
                            : clamp(level + 6 * Seeds.gaussian(random));
                }
            }
            case BLOTCHES -> {
                double[] noise = new double[size];
                for (int i = 0; i < size; i++) {
                    noise[i] = random.nextDouble();
                }
                double[] blurred = GaussianBlur.blur(noise, width, height, Seeds.uniform(random, 0.7, 1.5));
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (double v : blurred) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                double span = Math.max(1e-9, max - min);
                for (int i = 0; i < size; i++) {
                    out[i] = clamp(255 * (blurred[i] - min) / span);
                }
            }
        }
        return out;
    }

    private static byte clamp(double value) {
        return (byte) Math.max(0, Math.min(255, Math.round(value)));
    }
}
