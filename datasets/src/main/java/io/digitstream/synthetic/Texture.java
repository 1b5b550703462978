package io.digitstream.synthetic;

import io.digitstream.image.BuiltInImageReaders;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** One background photograph, converted to 8-bit gray, and whether it belongs to the test set. */
public record Texture(String name, int width, int height, byte[] gray, boolean test) {

    public Texture {
        if (gray.length != width * height) {
            throw new IllegalArgumentException(gray.length + " pixels do not make " + width + "x" + height);
        }
    }

    /** The {@code w x h} region whose top left corner is {@code (x, y)}, row-major. */
    public byte[] patch(int x, int y, int w, int h) {
        byte[] out = new byte[w * h];
        for (int row = 0; row < h; row++) {
            System.arraycopy(gray, (y + row) * width + x, out, row * w, w);
        }
        return out;
    }

    static boolean isImageFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }

    /** Reads a PNG or JPEG file with the JDK's own readers and converts it to gray. */
    public static Texture load(String name, Path file, boolean test) throws IOException {
        return load(name, file, test, Integer.MAX_VALUE);
    }

    /**
     * As {@link #load(String, Path, boolean)}, then shrinks the image by the smallest whole factor that brings its
     * longer side to at most {@code maxSide}, each pixel the mean of its factor x factor block (no aliasing).
     */
    public static Texture load(String name, Path file, boolean test, int maxSide) throws IOException {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide " + maxSide + " < 1");
        }
        Texture full = loadFull(name, file, test);
        int factor = (Math.max(full.width(), full.height()) + maxSide - 1) / maxSide;
        return factor <= 1 ? full : full.shrunk(factor);
    }

    /** Each pixel the rounded mean of a {@code factor x factor} block; the ragged right and bottom edges dropped. */
    Texture shrunk(int factor) {
        int w = width / factor;
        int h = height / factor;
        byte[] out = new byte[w * h];
        int area = factor * factor;
        int[] sums = new int[w];
        for (int y = 0; y < h; y++) {
            Arrays.fill(sums, 0);
            for (int dy = 0; dy < factor; dy++) {
                int row = (y * factor + dy) * width;
                for (int x = 0; x < w * factor; x++) {
                    sums[x / factor] += gray[row + x] & 0xFF;
                }
            }
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (byte) ((sums[x] + area / 2) / area);
            }
        }
        return new Texture(name, w, h, out, test);
    }

    private static Texture loadFull(String name, Path file, boolean test) throws IOException {
        ImageReader reader = BuiltInImageReaders.forFormat(formatOf(file));
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            if (input == null) {
                throw new IOException("cannot open " + file);
            }
            reader.setInput(input, true, true);
            BufferedImage image = reader.read(0);
            return new Texture(name, image.getWidth(), image.getHeight(), toGray(image), test);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read image " + file + ": " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    /** By the file's first bytes, not its name: a renamed file still reads. */
    private static String formatOf(Path file) throws IOException {
        byte[] head = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 2) == 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8) {
                return "JPEG";
            }
        }
        return "PNG";
    }

    /**
     * Gray from the raster's own samples (BufferedImage.getRGB would run 8-bit gray through a linear-gamma color
     * conversion and change the levels); color by the Rec. 601 luma weights, as most imaging libraries do.
     */
    static byte[] toGray(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] gray = new byte[width * height];
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        boolean direct = !(image.getColorModel() instanceof IndexColorModel) && (bands == 1 || bands == 2
                || bands == 3 || bands == 4);
        int shift = direct ? Math.max(0, image.getColorModel().getComponentSize(0) - 8) : 0;
        int[] row = new int[width * bands];
        for (int y = 0; y < height; y++) {
            if (!direct) {
                for (int x = 0; x < width; x++) {
                    int rgb = image.getRGB(x, y);
                    gray[y * width + x] = (byte) luma((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
                }
                continue;
            }
            raster.getPixels(0, y, width, 1, row);
            for (int x = 0; x < width; x++) {
                int base = x * bands;
                int value = bands <= 2
                        ? row[base] >> shift
                        : luma(row[base] >> shift, row[base + 1] >> shift, row[base + 2] >> shift);
                gray[y * width + x] = (byte) Math.min(255, value);
            }
        }
        return gray;
    }

    private static int luma(int r, int g, int b) {
        return (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
}
