package io.digitstream.synthetic;

/** A separable gaussian blur with edges extended, for the slight defocus of a scan. */
public final class GaussianBlur {

    private GaussianBlur() {
    }

    public static double[] blur(double[] channel, int width, int height, double sigma) {
        double[] kernel = kernel(sigma);
        int radius = kernel.length / 2;
        double[] rows = new double[channel.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    sum += kernel[k + radius] * channel[y * width + Math.max(0, Math.min(width - 1, x + k))];
                }
                rows[y * width + x] = sum;
            }
        }
        double[] out = new double[channel.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    sum += kernel[k + radius] * rows[Math.max(0, Math.min(height - 1, y + k)) * width + x];
                }
                out[y * width + x] = sum;
            }
        }
        return out;
    }

    /** Normalized weights over +-3 sigma. */
    static double[] kernel(double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = StrictMath.exp(-(k * k) / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        return kernel;
    }
}
