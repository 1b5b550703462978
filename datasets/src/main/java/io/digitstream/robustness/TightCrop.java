package io.digitstream.robustness;

import java.util.SplittableRandom;

/**
 * {@code tight}: the digit cut out as a form reader cuts a field, 0 or 1 pixel beyond its ink on each side (at
 * least two sides flush, so the ink touches the frame), enlarged (bilinear) so its longer side is 32..96 pixels,
 * aspect ratio kept.
 */
final class TightCrop {
    static final int MIN_SIZE = 32;
    static final int MAX_SIZE = 96;

    private TightCrop() {
    }

    static InkImage of(InkImage digit, SplittableRandom random) {
        InkImage crop = cut(digit, random);
        return enlarged(crop, MIN_SIZE + random.nextInt(MAX_SIZE - MIN_SIZE + 1));
    }

    /** The crop {@link #of} cuts with the same draws, its longer side {@code longSide} px instead of a drawn size. */
    static InkImage of(InkImage digit, SplittableRandom random, int longSide) {
        return enlarged(cut(digit, random), longSide);
    }

    private static InkImage cut(InkImage digit, SplittableRandom random) {
        int[] margins = new int[4];
        for (int side = 0; side < 4; side++) {
            margins[side] = random.nextInt(2);
        }
        int flush = random.nextInt(4);
        margins[flush] = 0;
        margins[(flush + 1 + random.nextInt(3)) % 4] = 0;
        return InkBox.of(digit).crop(digit, margins[0], margins[1], margins[2], margins[3]);
    }

    private static InkImage enlarged(InkImage crop, int longSide) {
        double scale = (double) longSide / Math.max(crop.width(), crop.height());
        return Resampling.bilinear(crop, Math.max(1, (int) Math.round(crop.width() * scale)),
                Math.max(1, (int) Math.round(crop.height() * scale)));
    }
}
