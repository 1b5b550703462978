package io.digitstream.robustness;

/**
 * {@code lowres16}: as the USPS scans were made: the digit cut to its ink, shrunk (area average) so its longer side
 * is 16 pixels, centred in a 16x16 gray square, then enlarged (bilinear) to 64x64. The longer side touches the frame.
 */
final class LowResolutionScan {
    static final int CELLS = 16;
    static final int SIZE = 64;

    private LowResolutionScan() {
    }

    static InkImage of(InkImage digit) {
        return of(digit, SIZE);
    }

    /** The scan enlarged to {@code size} pixels instead of 64. */
    static InkImage of(InkImage digit, int size) {
        InkImage tight = InkBox.of(digit).crop(digit);
        double scale = (double) CELLS / Math.max(tight.width(), tight.height());
        int w = Math.max(1, Math.min(CELLS, (int) Math.round(tight.width() * scale)));
        int h = Math.max(1, Math.min(CELLS, (int) Math.round(tight.height() * scale)));
        InkImage small = Resampling.areaAverage(tight, w, h);
        byte[] square = new byte[CELLS * CELLS];
        int left = (CELLS - w) / 2;
        int top = (CELLS - h) / 2;
        for (int y = 0; y < h; y++) {
            System.arraycopy(small.ink(), y * w, square, (top + y) * CELLS + left, w);
        }
        return Resampling.bilinear(new InkImage(CELLS, CELLS, square), size, size);
    }
}
