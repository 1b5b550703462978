package io.digitstream.synthetic;

import java.util.SplittableRandom;

/** The {@code back-rand} background: every pixel independently uniform in 0..255 (mean 127.5, std about 73.9). */
final class RandomBackground {

    private RandomBackground() {
    }

    static byte[] draw(int size, SplittableRandom random) {
        byte[] noise = new byte[size];
        for (int i = 0; i < size; i++) {
            noise[i] = (byte) random.nextInt(256);
        }
        return noise;
    }
}
