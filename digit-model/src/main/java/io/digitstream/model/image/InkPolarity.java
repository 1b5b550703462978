package io.digitstream.model.image;

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
    /** Share of the border that must lie within {@link #FLAT_BORDER_STD} of its median for the border to name the paper. */
    static final double FLAT_BORDER_SHARE = 0.6;
    /** How far from the paper's level a pixel must lie to count as ink. */
    static final float INK_CONTRAST = 40f;

    private InkPolarity() {
    }

    public static boolean isDarkInkOnLight(GrayImage image) {
        double[] border = borderMeanAndStd(image);
        if (border[1] < FLAT_BORDER_STD && (border[0] > 170 || border[0] < 85)) {
            return border[0] > 170;
        }
        if (isMnistFormat(image)) { // its digit sits in a 20x20 box: ink never touches the frame
            return centreMean(image) < border[0];
        }
        Boolean borderIsBright = mostlyFlatBorderIsBright(image);
        if (borderIsBright != null) {
            return borderIsBright;
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
     * Ink touching the frame breaks a flat border only where it touches: when most of the border still lies at one
     * clearly bright or dark level, that level is the paper's. Null when no level holds {@link #FLAT_BORDER_SHARE}.
     */
    static Boolean mostlyFlatBorderIsBright(GrayImage image) {
        int[] histogram = Levels.histogram(border(image));
        int median = Levels.percentile(histogram, 0.5);
        long total = 0;
        long near = 0;
        for (int level = 0; level < 256; level++) {
            total += histogram[level];
            near += Math.abs(level - median) <= FLAT_BORDER_STD ? histogram[level] : 0;
        }
        if (near < FLAT_BORDER_SHARE * total || (median <= 170 && median >= 85)) {
            return null;
        }
        // the ink lies on the far side of the paper's level: light ink on a bright photograph is brighter still
        return inkIsDarkerThan(image, median);
    }

    /** Whether more pixels lie far below {@code paper} than far above it: ink darker than the paper. */
    static boolean inkIsDarkerThan(GrayImage image, float paper) {
        long darker = 0;
        long brighter = 0;
        for (float v : image.pixels()) {
            darker += v < paper - INK_CONTRAST ? 1 : 0;
            brighter += v > paper + INK_CONTRAST ? 1 : 0;
        }
        return darker > brighter;
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
        float[] border = border(image);
        double areaShare = (double) countAbove(p, threshold) / p.length;
        double borderShare = (double) countAbove(border, threshold) / border.length;
        if ((areaShare > 0.5) != (borderShare > 0.5)) {
            return null; // the area and the border disagree: no level is clearly the paper
        }
        boolean paperIsBright = areaShare > 0.5;
        // the paper's own median must leave the ink on the side the vote says: a bright photograph behind light ink
        // is two-level too, with the ink brighter than the "paper"
        int[] paperHistogram = new int[256];
        for (float v : p) {
            if (v > threshold == paperIsBright) {
                paperHistogram[Levels.bin(v)]++;
            }
        }
        return inkIsDarkerThan(image, Levels.percentile(paperHistogram, 0.5)) == paperIsBright ? paperIsBright : null;
    }

    /** MNIST's own format, 28x28, in which the digit is centred in a 20x20 box and never touches the frame. */
    static boolean isMnistFormat(GrayImage image) {
        return image.width() == MnistNormalizer.SIZE && image.height() == MnistNormalizer.SIZE;
    }

    static float borderMean(GrayImage image) {
        return (float) borderMeanAndStd(image)[0];
    }

    private static double[] borderMeanAndStd(GrayImage image) {
        double sum = 0;
        double squares = 0;
        float[] border = border(image);
        for (float v : border) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / border.length;
        return new double[] {mean, Math.sqrt(Math.max(0, squares / border.length - mean * mean))};
    }

    /** The pixels of the image's outermost rows and columns, in row order. */
    static float[] border(GrayImage image) {
        int w = image.width();
        int h = image.height();
        float[] border = new float[h == 1 ? w : w == 1 ? h : 2 * w + 2 * (h - 2)];
        int n = 0;
        for (int y = 0; y < h; y++) {
            if (y == 0 || y == h - 1) {
                for (int x = 0; x < w; x++) {
                    border[n++] = image.get(x, y);
                }
            } else {
                border[n++] = image.get(0, y);
                if (w > 1) {
                    border[n++] = image.get(w - 1, y);
                }
            }
        }
        return border;
    }

    private static long countAbove(float[] values, int threshold) {
        long count = 0;
        for (float v : values) {
            count += v > threshold ? 1 : 0;
        }
        return count;
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
