package io.digitstream.model.image;

import io.digitstream.schemas.FailureStage;

/**
 * The normalization LeCun et al. applied to build MNIST, so any image meets the model on its terms:
 * subtract the background level, crop to the ink, scale the crop (keeping its aspect ratio) to fit a
 * 20x20 box with area averaging, and place it in a 28x28 field with its centre of mass at the centre.
 * Output is 784 floats in 0..1, light ink on dark.
 */
public final class MnistNormalizer {

    public static final int SIZE = 28;
    static final int BOX = 20;

    private MnistNormalizer() {
    }

    public static float[] normalize(GrayImage lightInkOnDark) throws RejectedImageException {
        return normalizeInk(subtractBackground(lightInkOnDark));
    }

    /**
     * The geometric half of {@link #normalize}, for ink on a zero background already (the denoise stage's strokes):
     * there a bold digit filling its frame would lose all its ink to the border level that {@link #normalize} subtracts.
     */
    static float[] normalizeInk(GrayImage ink) throws RejectedImageException {
        int[] box = inkBounds(ink);
        if (box == null) {
            throw new RejectedImageException(FailureStage.NORMALIZE, "blank image: no ink found");
        }
        int cropWidth = box[2] - box[0] + 1;
        int cropHeight = box[3] - box[1] + 1;
        double scale = (double) BOX / Math.max(cropWidth, cropHeight);
        int outWidth = Math.max(1, (int) Math.round(cropWidth * scale));
        int outHeight = Math.max(1, (int) Math.round(cropHeight * scale));
        float[] scaled = resampleArea(ink, box[0], box[1], cropWidth, cropHeight, outWidth, outHeight);
        return centreByMass(scaled, outWidth, outHeight);
    }

    /** A 28x28 image taken as already normalized: only scaled to 0..1. */
    static float[] asModelInput(GrayImage field) {
        float[] out = new float[SIZE * SIZE];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(1f, Math.max(0f, field.pixels()[i] / 255f));
        }
        return out;
    }

    /** Background is the median border level; what remains above it is ink. MNIST itself has 0 there. */
    static GrayImage subtractBackground(GrayImage image) {
        float background = borderMedian(image);
        if (background <= 0f) {
            return image;
        }
        float range = 255f - background;
        float[] out = new float[image.pixels().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0f, image.pixels()[i] - background) * (range > 0 ? 255f / range : 0f);
        }
        return new GrayImage(image.width(), image.height(), out);
    }

    private static float borderMedian(GrayImage image) {
        int w = image.width();
        int h = image.height();
        int[] histogram = new int[256];
        int count = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
                    histogram[Math.min(255, Math.max(0, (int) image.get(x, y)))]++;
                    count++;
                }
            }
        }
        int seen = 0;
        for (int level = 0; level < 256; level++) {
            seen += histogram[level];
            if (seen * 2 >= count) {
                return level;
            }
        }
        return 0;
    }

    /** {minX, minY, maxX, maxY} of the pixels with ink, or null when there is none. */
    static int[] inkBounds(GrayImage image) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                if (image.get(x, y) > 0f) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? null : new int[] {minX, minY, maxX, maxY};
    }

    /**
     * Each output pixel is the coverage-weighted mean of the source area it maps onto: an anti-aliased
     * reduction, and the identity when the crop already has the target size.
     */
    public static float[] resampleArea(GrayImage src, int x0, int y0, int w, int h, int outW, int outH) {
        float[] out = new float[outW * outH];
        double sx = (double) w / outW;
        double sy = (double) h / outH;
        for (int oy = 0; oy < outH; oy++) {
            double top = oy * sy;
            double bottom = top + sy;
            for (int ox = 0; ox < outW; ox++) {
                double left = ox * sx;
                double right = left + sx;
                double sum = 0;
                for (int y = (int) top; y < Math.min(h, Math.ceil(bottom)); y++) {
                    double wy = Math.min(bottom, y + 1) - Math.max(top, y);
                    for (int x = (int) left; x < Math.min(w, Math.ceil(right)); x++) {
                        double wx = Math.min(right, x + 1) - Math.max(left, x);
                        sum += wx * wy * src.get(x0 + x, y0 + y);
                    }
                }
                out[oy * outW + ox] = (float) (sum / (sx * sy));
            }
        }
        return out;
    }

    /** Places the scaled digit in 28x28 so its centre of mass lands on the centre, scaled to 0..1. */
    static float[] centreByMass(float[] digit, int w, int h) {
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = digit[y * w + x];
                mass += v;
                mx += v * (x + 0.5);
                my += v * (y + 0.5);
            }
        }
        // Integer offsets keep the pixels as they are; MNIST's centring did the same.
        int offsetX = (int) Math.round(SIZE / 2.0 - mx / mass);
        int offsetY = (int) Math.round(SIZE / 2.0 - my / mass);
        float[] out = new float[SIZE * SIZE];
        for (int y = 0; y < h; y++) {
            int ty = y + offsetY;
            if (ty < 0 || ty >= SIZE) {
                continue;
            }
            for (int x = 0; x < w; x++) {
                int tx = x + offsetX;
                if (tx >= 0 && tx < SIZE) {
                    out[ty * SIZE + tx] = Math.min(1f, digit[y * w + x] / 255f);
                }
            }
        }
        return out;
    }
}
