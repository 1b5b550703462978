package io.digitstream.synthetic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code back-photo} background: like {@link TextureBackground} a textured patch of a training photograph, but
 * seen at a random distance (1..4 source pixels averaged into one, so the same photograph gives coarse and fine
 * texture) and with its tones changed (gamma 0.6..1.6, contrast 0.6..1.2 about the mean, inverted one time in four),
 * so that a model learns clutter in general rather than the few photographs' own patches.
 */
final class PhotoBackground {
    static final int MAX_ZOOM = 4;
    private static final int MAX_TRIES = 10_000;

    private PhotoBackground() {
    }

    /**
     * @param zoom    source pixels per output pixel along each axis
     * @param gamma   applied to the averaged patch (levels / 255 raised to it)
     * @param contrast factor about the patch's mean, after gamma
     * @param invert  whether the patch is turned negative last
     */
    record Tone(int zoom, double gamma, double contrast, boolean invert) {
        static Tone draw(SplittableRandom random) {
            return new Tone(1 + random.nextInt(MAX_ZOOM), Seeds.uniform(random, 0.6, 1.6),
                    Seeds.uniform(random, 0.6, 1.2), random.nextInt(4) == 0);
        }
    }

    static byte[] draw(Textures textures, int width, int height, SplittableRandom random) {
        List<Texture> images = textures.images();
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            Texture texture = images.get(random.nextInt(images.size()));
            Tone tone = Tone.draw(random);
            int spanX = width * tone.zoom();
            int spanY = height * tone.zoom();
            if (texture.width() < spanX || texture.height() < spanY) {
                continue;
            }
            byte[] patch = toned(texture.patch(random.nextInt(texture.width() - spanX + 1),
                    random.nextInt(texture.height() - spanY + 1), spanX, spanY), spanX, spanY, tone);
            if (TextureBackground.std(patch) >= TextureBackground.MIN_STD) {
                return patch;
            }
        }
        throw new IllegalStateException("no textured " + width + "x" + height + " patch in " + MAX_TRIES
                + " tries: the images (" + textures.describe() + ") are too small or too plain");
    }

    /** {@code source} ({@code spanX x spanY}) averaged over {@code zoom x zoom} blocks, then toned. */
    static byte[] toned(byte[] source, int spanX, int spanY, Tone tone) {
        int zoom = tone.zoom();
        int width = spanX / zoom;
        int height = spanY / zoom;
        double[] levels = new double[width * height];
        double sum = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double block = 0;
                for (int dy = 0; dy < zoom; dy++) {
                    for (int dx = 0; dx < zoom; dx++) {
                        block += source[(y * zoom + dy) * spanX + x * zoom + dx] & 0xFF;
                    }
                }
                double level = 255 * StrictMath.pow(block / (zoom * zoom) / 255, tone.gamma());
                levels[y * width + x] = level;
                sum += level;
            }
        }
        double mean = sum / levels.length;
        byte[] out = new byte[levels.length];
        for (int i = 0; i < levels.length; i++) {
            double value = Math.max(0, Math.min(255, mean + (levels[i] - mean) * tone.contrast()));
            out[i] = (byte) Math.round(tone.invert() ? 255 - value : value);
        }
        return out;
    }
}
