package io.digitstream.model;

/** Reads a 28x28 model input between its pixels, for the transforms that resample it (augmentation, turns). */
public final class ModelInputSampler {

    private static final int SIDE = RepeatedReading.SIDE;

    private ModelInputSampler() {
    }

    /** The bilinear value of {@code image} at ({@code x}, {@code y}); outside the image, the background (0). */
    public static float bilinear(float[] image, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (float) ((1 - fx) * (1 - fy) * at(image, x0, y0) + fx * (1 - fy) * at(image, x0 + 1, y0)
                + (1 - fx) * fy * at(image, x0, y0 + 1) + fx * fy * at(image, x0 + 1, y0 + 1));
    }

    private static float at(float[] image, int x, int y) {
        return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0f : image[y * SIDE + x];
    }
}
