package io.digitstream.robustness;

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

    enum Pen { THINNER, AS_IS, THICKER, MUCH_THICKER }

    private BinarizedScan() {
    }

    static InkImage of(InkImage digit, SplittableRandom random) {
        return of(digit, Pen.values()[random.nextInt(Pen.values().length)]);
    }

    static InkImage of(InkImage digit, Pen pen) {
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
        return Resampling.bilinear(cells, SIZE, SIZE);
    }

    private static InkImage blackAndWhite(InkImage image, int width, int height, int level) {
        return Morphology.threshold(Resampling.areaAverage(image, width, height), level);
    }
}
