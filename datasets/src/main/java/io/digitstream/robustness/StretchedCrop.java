package io.digitstream.robustness;

import java.util.SplittableRandom;

/**
 * {@code stretched}: the digit cut to its ink and stretched (bilinear) to fill a square of 32..96 pixels, its aspect
 * ratio lost, as some scanners' size normalization does (a slanted {@code 1} becomes a wide bar; an upright one, which
 * would become a solid block, keeps its aspect: {@link SquareFill}).
 */
final class StretchedCrop {

    private StretchedCrop() {
    }

    static InkImage of(InkImage digit, SplittableRandom random) {
        return of(digit, TightCrop.MIN_SIZE + random.nextInt(TightCrop.MAX_SIZE - TightCrop.MIN_SIZE + 1));
    }

    /** The digit stretched to fill a square of {@code size} px. */
    static InkImage of(InkImage digit, int size) {
        return SquareFill.of(InkBox.of(digit).crop(digit), size, Resampling::bilinear);
    }
}
