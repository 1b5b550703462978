package io.digitstream.model;

import io.digitstream.idx.LabeledImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A folder of scans as a user would have them, for {@code dir:PATH}: MNIST digits in dark blue ink on yellow paper,
 * colour PNG and JPEG files of different sizes and shapes, labeled by {@code labels.csv}.
 */
public final class ColourScans {

    /** Width x height of image i cycles through these, so no two neighbours share a size or a shape. */
    public static final int[][] SIZES = {{40, 40}, {64, 48}, {90, 120}, {33, 57}, {150, 150}, {28, 28}};
    public static final Color PAPER = new Color(245, 222, 150);
    public static final Color INK = new Color(20, 30, 110);

    private ColourScans() {
    }

    /** Digit i of {@code source} stretched over a {@link #SIZES} canvas; even images PNG, odd ones JPEG. */
    public static Path write(Path folder, LabeledImages source, int count) throws IOException {
        Files.createDirectories(folder);
        StringBuilder labels = new StringBuilder("file,label\n");
        for (int i = 0; i < count; i++) {
            int width = SIZES[i % SIZES.length][0];
            int height = SIZES[i % SIZES.length][1];
            byte[] digit = source.image(i);
            BufferedImage scan = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double ink = (digit[(y * 28 / height) * 28 + x * 28 / width] & 0xff) / 255.0;
                    scan.setRGB(x, y, mix(PAPER, INK, ink));
                }
            }
            String file = String.format("scan-%02d.%s", i, i % 2 == 0 ? "png" : "jpg");
            if (!ImageIO.write(scan, i % 2 == 0 ? "png" : "jpeg", folder.resolve(file).toFile())) {
                throw new IOException("no ImageIO writer for " + file);
            }
            labels.append(file).append(',').append(source.label(i)).append('\n');
        }
        Files.writeString(folder.resolve("labels.csv"), labels);
        return folder;
    }

    /**
     * Adds two files the stream dead-letters: a PNG wider than {@link io.digitstream.model.image.ImageLimits#DEFAULT}
     * allows (a 3) and a JPEG cut off in its scan (a 5), named to sort after the scans.
     */
    public static void addRejected(Path folder) throws IOException {
        BufferedImage wide = new BufferedImage(4097, 2, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(wide, "png", folder.resolve("zz-too-wide.png").toFile());
        BufferedImage square = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64 * 64; i++) {
            square.setRGB(i % 64, i / 64, mix(PAPER, INK, (i * 7919 % 256) / 255.0));
        }
        Path jpeg = folder.resolve("zz-truncated.jpg");
        ImageIO.write(square, "jpeg", jpeg.toFile());
        byte[] bytes = Files.readAllBytes(jpeg);
        Files.write(jpeg, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(folder.resolve("labels.csv"), "zz-too-wide.png,3\nzz-truncated.jpg,5\n",
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static int mix(Color from, Color to, double t) {
        return new Color((int) Math.round(from.getRed() + t * (to.getRed() - from.getRed())),
                (int) Math.round(from.getGreen() + t * (to.getGreen() - from.getGreen())),
                (int) Math.round(from.getBlue() + t * (to.getBlue() - from.getBlue()))).getRGB();
    }
}
