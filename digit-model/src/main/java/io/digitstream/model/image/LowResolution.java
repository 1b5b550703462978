package io.digitstream.model.image;

/**
 * An image coarser than MNIST (its longer side under 28 pixels, as an 8x8 or 16x16 scan) is enlarged, bilinear,
 * before anything reads it. The denoise stage's rules measure strokes, frames and pieces in pixels: on an 8x8 digit
 * a stroke is one pixel and the frame is half the image, and they took the digit apart.
 */
final class LowResolution {

    /** MNIST's side: an image at least this long on its longer side is left as it is. */
    static final int FINEST_LEFT = MnistNormalizer.SIZE;
    /**
     * The longer side a coarser image is enlarged to. 32, 48 and 64 gave the same errors within a few images on 8x8,
     * 12x12 and 16x16 digits (sklearn-digits, lowres16, binarized); 32 costs the stage least.
     */
    static final int ENLARGED = 32;

    private LowResolution() {
    }

    static GrayImage enlarge(GrayImage image) {
        int longer = Math.max(image.width(), image.height());
        if (longer >= FINEST_LEFT) {
            return image;
        }
        double scale = (double) ENLARGED / longer;
        int width = Math.max(1, (int) Math.round(image.width() * scale));
        int height = Math.max(1, (int) Math.round(image.height() * scale));
        float[] out = new float[width * height];
        for (int y = 0; y < height; y++) {
            double sy = clamp((y + 0.5) / scale - 0.5, image.height() - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, image.height() - 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++) {
                double sx = clamp((x + 0.5) / scale - 0.5, image.width() - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, image.width() - 1);
                double fx = sx - x0;
                out[y * width + x] = (float) ((1 - fy) * ((1 - fx) * image.get(x0, y0) + fx * image.get(x1, y0))
                        + fy * ((1 - fx) * image.get(x0, y1) + fx * image.get(x1, y1)));
            }
        }
        return new GrayImage(width, height, out);
    }

    private static double clamp(double value, int max) {
        return Math.max(0, Math.min(max, value));
    }
}
