package io.digitstream.robustness;

import java.util.Objects;

/**
 * An 8-bit gray image in the MNIST convention whatever the file's polarity will be: 0 no ink (paper), 255 full ink;
 * row-major. The array is not copied.
 */
record InkImage(int width, int height, byte[] ink) {

    InkImage {
        Objects.requireNonNull(ink, "ink");
        if (width <= 0 || height <= 0 || ink.length != width * height) {
            throw new IllegalArgumentException(ink.length + " pixels do not make " + width + "x" + height);
        }
    }

    int at(int x, int y) {
        return ink[y * width + x] & 0xFF;
    }

    /** The ink as a dark-on-white picture: 255 white paper, 0 black ink. */
    byte[] darkOnWhite() {
        byte[] gray = new byte[ink.length];
        for (int i = 0; i < ink.length; i++) {
            gray[i] = (byte) (255 - (ink[i] & 0xFF));
        }
        return gray;
    }
}
