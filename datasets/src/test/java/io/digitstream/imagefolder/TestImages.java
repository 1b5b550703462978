package io.digitstream.imagefolder;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes small real image files for the folder tests. */
public final class TestImages {

    private TestImages() {
    }

    /** A {@code width}x{@code height} gray diagonal stroke in {@code format} (an ImageIO format name). */
    public static Path write(Path file, String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < Math.min(width, height); i++) {
            image.getRaster().setSample(i, i, 0, 255);
        }
        try {
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalArgumentException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
