package io.digitstream.robustness;

import io.digitstream.synthetic.GaussianBlur;
import java.util.SplittableRandom;

/**
 * {@code binarized}: as the Semeion scans were made: black and white, the digit stretched to fill a 16x16 square,
 * here enlarged (bilinear) to 64x64. Before that, at the 28-pixel scale, the pen changes, uniformly: thinner
 * (thresholded at 224 instead of 128: eroding MNIST's 2-pixel strokes would break them), as it is, or thicker by
 * dilation with a 2x2 or 3x3 square (strokes 1 or 2 pixels wider; more fills the loops of a 0, 6, 8 or 9). A digit
 * that stretching would make a solid block keeps its aspect ratio ({@link SquareFill}).
 */
final class BinarizedScan {
    static final int CELLS = 16;
    static final int SIZE = 64;
    /**
     * {@code binarized-blur}'s defocus, a gaussian sigma in pixels of the 64x64 image (a cell is 4 px wide): from a
     * softened edge to cells blurred into their neighbours, as a scanner or a camera slightly out of focus.
     */
    static final double MIN_SIGMA = 1.0;
    static final double MAX_SIGMA = 3.0;

    enum Pen { THINNER, AS_IS, THICKER, MUCH_THICKER }

    private BinarizedScan() {
    }

    static InkImage of(InkImage digit, SplittableRandom random) {
        return of(digit, random, SIZE);
    }

    /** The scan {@link #of(InkImage, SplittableRandom)} makes, enlarged to {@code size} pixels instead of 64. */
    static InkImage of(InkImage digit, SplittableRandom random, int size) {
        return of(digit, Pen.values()[random.nextInt(Pen.values().length)], size);
    }

    static InkImage of(InkImage digit, Pen pen) {
        return of(digit, pen, SIZE);
    }

    private static InkImage of(InkImage digit, Pen pen, int size) {
        InkImage strokes = switch (pen) {
            case THINNER -> Morphology.threshold(digit, 224);
            case AS_IS -> Morphology.threshold(digit, 128);
            case THICKER -> Morphology.dilate(Morphology.threshold(digit, 128), 2);
            case MUCH_THICKER -> Morphology.dilate(Morphology.threshold(digit, 128), 3);
        };
        if (Morphology.inkPixels(strokes) == 0) {
            strokes = Morphology.threshold(digit, 128); // a very faint digit has nothing above 224
        }
        InkImage tight = InkBox.of(strokes).crop(strokes);
        InkImage cells = SquareFill.of(tight, CELLS, (image, w, h) -> blackAndWhite(image, w, h, 128));
        if (Morphology.inkPixels(cells) == 0) {
            cells = SquareFill.of(tight, CELLS, (image, w, h) -> blackAndWhite(image, w, h, 64));
        }
        return Resampling.bilinear(cells, size, size);
    }

    /**
     * {@code binarized-blur}: the scan {@link #of(InkImage, SplittableRandom)} makes with the same random, defocused
     * by a sigma drawn uniformly from {@link #MIN_SIGMA} to {@link #MAX_SIGMA}. Blur takes away the two crisp levels
     * that preprocessing can otherwise rely on, while the digit still fills its frame.
     */
    static InkImage defocused(InkImage digit, SplittableRandom random) {
        InkImage scan = of(digit, random);
        return blurred(scan, MIN_SIGMA + (MAX_SIGMA - MIN_SIGMA) * random.nextDouble());
    }

    static InkImage blurred(InkImage scan, double sigma) {
        double[] ink = new double[scan.width() * scan.height()];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = scan.ink()[i] & 0xff;
        }
        double[] blurred = GaussianBlur.blur(ink, scan.width(), scan.height(), sigma);
        byte[] out = new byte[ink.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(blurred[i])));
        }
        return new InkImage(scan.width(), scan.height(), out);
    }

    private static InkImage blackAndWhite(InkImage image, int width, int height, int level) {
        return Morphology.threshold(Resampling.areaAverage(image, width, height), level);
    }
}
