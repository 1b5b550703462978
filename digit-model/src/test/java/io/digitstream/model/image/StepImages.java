package io.digitstream.model.image;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.synthetic.SyntheticDigits;
import io.digitstream.synthetic.SyntheticImage;
import io.digitstream.synthetic.Textures;
import io.digitstream.synthetic.Variant;
import io.digitstream.testing.MnistFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Images and measurements shared by the tests of the denoise steps. */
public final class StepImages {

    static final LabeledImages MNIST = MnistFixture.test500();
    static final long SEED = SyntheticDigits.DEFAULT_SEED;
    private static Textures textures;

    private StepImages() {
    }

    /** MNIST test image {@code i}: light ink on a 0 background, 28x28. */
    static GrayImage mnist(int i) {
        return GrayImage.ofGray8(MNIST.width(), MNIST.height(), MNIST.image(i), 0);
    }

    static synchronized Textures textures() {
        if (textures == null) {
            try {
                textures = Textures.fetch().testSet();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return textures;
    }

    static SyntheticImage synthetic(Variant variant, int i) {
        return synthetic(variant, i, SEED);
    }

    static SyntheticImage synthetic(Variant variant, int i, long seed) {
        return SyntheticDigits.of(variant, variant.needsTextures() ? textures() : null).generate(MNIST, i, seed);
    }

    /** A synthetic image decoded as the stream decodes it (notebook pages are color PNG/JPEG). */
    static GrayImage decoded(Variant variant, int i) {
        return decoded(variant, i, SEED);
    }

    /** As {@link #decoded(Variant, int)}, drawn with another seed: more images than the fixture has digits. */
    static GrayImage decoded(Variant variant, int i, long seed) {
        try {
            return new ImageDecoder(ImageLimits.DEFAULT).decode(
                    DigitRecords.synthetic(synthetic(variant, i, seed), "t", "t", Instant.EPOCH, true));
        } catch (RejectedImageException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A {@code side}-pixel square of {@code paper} with MNIST digit {@code digit} (none when negative) on it at
     * {@code ink}, enlarged twice and centred: a field as a form reader cuts it.
     */
    static float[] darkDigitOnPaper(int side, int digit, float paper, float ink) {
        float[] pixels = new float[side * side];
        java.util.Arrays.fill(pixels, paper);
        if (digit >= 0) {
            GrayImage mnist = mnist(digit);
            int offset = (side - 56) / 2;
            for (int y = 0; y < 56; y++) {
                for (int x = 0; x < 56; x++) {
                    pixels[(offset + y) * side + offset + x] = paper - mnist.get(x / 2, y / 2) * (paper - ink) / 255f;
                }
            }
        }
        return pixels;
    }

    /** The image with every level turned round: dark ink on light paper becomes light ink on dark, and back. */
    static GrayImage negative(GrayImage image) {
        float[] pixels = new float[image.pixels().length];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = 255f - image.pixels()[p];
        }
        return new GrayImage(image.width(), image.height(), pixels);
    }

    static GrayImage blank(int width, int height) {
        return new GrayImage(width, height, new float[width * height]);
    }

    /** Sets the rectangle [x0, x1) x [y0, y1) to {@code level} (keeping brighter pixels). */
    static void fill(GrayImage image, int x0, int y0, int x1, int y1, float level) {
        for (int y = Math.max(0, y0); y < Math.min(image.height(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(image.width(), x1); x++) {
                int i = y * image.width() + x;
                image.pixels()[i] = Math.max(image.pixels()[i], level);
            }
        }
    }

    /** MNIST digit {@code i} enlarged {@code factor} times (nearest neighbour) at (x0, y0) of {@code canvas}. */
    static void paste(GrayImage canvas, int i, int factor, int x0, int y0) {
        GrayImage digit = mnist(i);
        for (int y = 0; y < 28 * factor; y++) {
            for (int x = 0; x < 28 * factor; x++) {
                int cx = x0 + x;
                int cy = y0 + y;
                float v = digit.get(x / factor, y / factor);
                if (cx >= 0 && cy >= 0 && cx < canvas.width() && cy < canvas.height() && v > 0) {
                    int k = cy * canvas.width() + cx;
                    canvas.pixels()[k] = Math.max(canvas.pixels()[k], v);
                }
            }
        }
    }

    /** Whether any pixel within {@code radius} (Chebyshev) of (x, y) is brighter than {@code level} in {@code mask}. */
    static boolean near(GrayImage mask, int x, int y, int radius, float level) {
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                int nx = x + dx;
                int ny = y + dy;
                if (nx >= 0 && ny >= 0 && nx < mask.width() && ny < mask.height() && mask.get(nx, ny) > level) {
                    return true;
                }
            }
        }
        return false;
    }

    public static double sum(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum;
    }

    static float max(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** Pearson correlation of two equally long arrays. */
    public static double correlation(float[] a, float[] b) {
        double ma = sum(a) / a.length;
        double mb = sum(b) / b.length;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** Centre of mass {x, y} of a row-major image, in pixel-centre coordinates (pixel x covers [x, x+1)). */
    static double[] centreOfMass(float[] pixels, int width) {
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < pixels.length; i++) {
            mass += pixels[i];
            mx += pixels[i] * (i % width + 0.5);
            my += pixels[i] * (i / width + 0.5);
        }
        return new double[] {mx / mass, my / mass};
    }
}
