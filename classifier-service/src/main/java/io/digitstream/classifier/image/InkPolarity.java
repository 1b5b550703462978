package io.digitstream.classifier.image;

/**
 * Brings an image to the MNIST convention, light ink on a dark background. A flat bright border is paper
 * (dark ink: invert) and a flat dark border is MNIST's field (keep). A busy border (a photograph behind the
 * digit) says nothing about the ink, so then the middle, where the digit is, decides: ink darker than the
 * surroundings pulls the middle's mean below the border's.
 */
public final class InkPolarity {

    static final float FLAT_BORDER_STD = 30f;

    private InkPolarity() {
    }

    public static boolean isDarkInkOnLight(GrayImage image) {
        double[] border = borderMeanAndStd(image);
        if (border[1] < FLAT_BORDER_STD && (border[0] > 170 || border[0] < 85)) {
            return border[0] > 170;
        }
        return centreMean(image) < border[0];
    }

    public static GrayImage toLightInkOnDark(GrayImage image) {
        if (!isDarkInkOnLight(image)) {
            return image;
        }
        float[] inverted = new float[image.pixels().length];
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = 255f - image.pixels()[i];
        }
        return new GrayImage(image.width(), image.height(), inverted);
    }

    static float borderMean(GrayImage image) {
        return (float) borderMeanAndStd(image)[0];
    }

    private static double[] borderMeanAndStd(GrayImage image) {
        int w = image.width();
        int h = image.height();
        double sum = 0;
        double squares = 0;
        int count = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
                    float v = image.get(x, y);
                    sum += v;
                    squares += v * v;
                    count++;
                }
            }
        }
        double mean = sum / count;
        return new double[] {mean, Math.sqrt(Math.max(0, squares / count - mean * mean))};
    }

    /** Mean of the central half (in each direction) of the image. */
    static double centreMean(GrayImage image) {
        int w = image.width();
        int h = image.height();
        double sum = 0;
        int count = 0;
        for (int y = h / 4; y < h - h / 4; y++) {
            for (int x = w / 4; x < w - w / 4; x++) {
                sum += image.get(x, y);
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
