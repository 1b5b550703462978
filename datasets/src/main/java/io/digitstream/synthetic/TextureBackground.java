package io.digitstream.synthetic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code back-image} background: a patch of a photograph, at a random place in a randomly chosen image. As in
 * Larochelle et al., patches with little texture (standard deviation below {@link #MIN_STD}, e.g. sky, a black
 * night, an out-of-focus wall) are skipped: behind a digit they would be no harder than MNIST itself.
 */
final class TextureBackground {
    /** Gray levels; a uniform background has 0, the back-rand noise about 74. */
    static final double MIN_STD = 16;
    private static final int MAX_TRIES = 10_000;

    private TextureBackground() {
    }

    static byte[] draw(Textures textures, int width, int height, SplittableRandom random) {
        List<Texture> images = textures.images();
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            Texture texture = images.get(random.nextInt(images.size()));
            if (texture.width() < width || texture.height() < height) {
                continue;
            }
            byte[] patch = texture.patch(random.nextInt(texture.width() - width + 1),
                    random.nextInt(texture.height() - height + 1), width, height);
            if (std(patch) >= MIN_STD) {
                return patch;
            }
        }
        throw new IllegalStateException("no textured " + width + "x" + height + " patch in " + MAX_TRIES
                + " tries: the images (" + textures.describe() + ") are too small or too plain");
    }

    static double std(byte[] pixels) {
        double sum = 0;
        double sumOfSquares = 0;
        for (byte pixel : pixels) {
            int v = pixel & 0xFF;
            sum += v;
            sumOfSquares += (double) v * v;
        }
        double mean = sum / pixels.length;
        return Math.sqrt(Math.max(0, sumOfSquares / pixels.length - mean * mean));
    }
}
