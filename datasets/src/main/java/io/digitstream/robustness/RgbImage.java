package io.digitstream.robustness;

/** A color image in linear working values 0..255 per channel (may leave that range until {@link #toBytes}). */
final class RgbImage {
    final int width;
    final int height;
    /** {@code [channel][y * width + x]}, channels R, G, B. */
    final double[][] channels;

    RgbImage(int width, int height) {
        this.width = width;
        this.height = height;
        this.channels = new double[3][width * height];
    }

    /** Interleaved R, G, B bytes, clipped and rounded. */
    byte[] toBytes() {
        byte[] rgb = new byte[3 * width * height];
        for (int i = 0; i < width * height; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[3 * i + c] = (byte) Math.max(0, Math.min(255, Math.round(channels[c][i])));
            }
        }
        return rgb;
    }
}
