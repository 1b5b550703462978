package io.digitstream.classifier.image;

/**
 * Brings an image to the MNIST convention, light ink on a dark background. The border is almost all
 * background in a digit crop, so a bright border means dark ink on paper and the image is inverted.
 */
public final class InkPolarity {

    private InkPolarity() {
    }

    public static boolean isDarkInkOnLight(GrayImage image) {
        return borderMean(image) > 127.5f;
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
        int w = image.width();
        int h = image.height();
        double sum = 0;
        int count = 0;
        for (int x = 0; x < w; x++) {
            sum += image.get(x, 0) + (h > 1 ? image.get(x, h - 1) : 0);
            count += h > 1 ? 2 : 1;
        }
        for (int y = 1; y < h - 1; y++) {
            sum += image.get(0, y) + (w > 1 ? image.get(w - 1, y) : 0);
            count += w > 1 ? 2 : 1;
        }
        return (float) (sum / count);
    }
}
