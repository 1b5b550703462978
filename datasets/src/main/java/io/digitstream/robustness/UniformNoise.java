package io.digitstream.robustness;

import java.util.SplittableRandom;

/** {@code back-rand-b}'s background: each pixel drawn independently and uniformly from 0..255. */
final class UniformNoise {

    private UniformNoise() {
    }

    static byte[] draw(int size, SplittableRandom random) {
        byte[] noise = new byte[size];
        for (int i = 0; i < size; i++) {
            noise[i] = (byte) random.nextInt(256);
        }
        return noise;
    }
}
