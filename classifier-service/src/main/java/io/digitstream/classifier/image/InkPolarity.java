package io.digitstream.classifier.image;

/**
 * Brings an image to the MNIST convention, light ink on a dark background. A flat bright border is paper
 * (dark ink: invert) and a flat dark border is MNIST's field (keep).
 *
 * <p>A border that is not flat has two causes. Ink that touches the frame (a form field cropped tight to the
 * digit, a digit stretched to fill its box) leaves an image of two levels, paper and ink: then paper is the
 * level that holds most of the border and most of the area together. The middle cannot decide there, since
 * the middle of a tight 0, 6, 8 or 9 is paper. A busy border of many levels (a photograph behind the digit)
 * says nothing about the ink, so then the middle, where the digit is, decides: ink darker than the
 * surroundings pulls the middle's mean below the border's.
 */
public final class InkPolarity {

    static final float FLAT_BORDER_STD = 30f;
    /**
     * Otsu's separation (between-class over total variance) from which an image counts as two-level: paper and
     * ink. Uniform random pixels give 0.75; a photograph less; a blurred scan of a digit 0.85 and more.
     */
    static final double TWO_LEVEL_SEPARATION = 0.82;

    private InkPolarity() {
    }

    public static boolean isDarkInkOnLight(GrayImage image) {
        double[] border = borderMeanAndStd(image);
        if (border[1] < FLAT_BORDER_STD && (border[0] > 170 || border[0] < 85)) {
            return border[0] > 170;
        }
        Boolean paperIsBright = paperIsBrightInTwoLevels(image);
        if (paperIsBright != null) {
            return paperIsBright;
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

    /**
     * For a two-level image, whether the bright level is paper: its shares of the border and of the area,
     * together, outweigh the dark level's. Null when the image is not two-level.
     */
    static Boolean paperIsBrightInTwoLevels(GrayImage image) {
        float[] p = image.pixels();
        int[] histogram = Levels.histogram(p);
        int threshold = Levels.otsu(histogram);
        if (Levels.separation(histogram, threshold) < TWO_LEVEL_SEPARATION) {
            return null;
        }
        int w = image.width();
        int h = image.height();
        long bright = 0;
        long borderBright = 0;
        long border = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean isBright = p[y * w + x] > threshold;
                bright += isBright ? 1 : 0;
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
                    border++;
                    borderBright += isBright ? 1 : 0;
                }
            }
        }
        return (double) bright / p.length + (double) borderBright / border > 1.0;
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
