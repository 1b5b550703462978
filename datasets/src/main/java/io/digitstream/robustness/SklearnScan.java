package io.digitstream.robustness;

/**
 * {@code sklearn-digits}: an 8x8 scikit-learn digit shown honestly as the low-resolution scan it is: enlarged
 * (bilinear) to 32x32, light ink on dark as in the source. Nothing is sharpened or invented.
 */
final class SklearnScan {
    static final int SIZE = 32;

    private SklearnScan() {
    }

    static InkImage of(InkImage digit) {
        return Resampling.bilinear(digit, SIZE, SIZE);
    }
}
