package io.digitstream.robustness;

import io.digitstream.schemas.PixelEncoding;
import io.digitstream.synthetic.SyntheticImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** A generated image as the service would see it: gray levels (0 black, 255 white) and, for color files, RGB. */
record Decoded(int width, int height, int[] gray, BufferedImage picture) {

    static Decoded of(SyntheticImage image) {
        if (image.encoding() == PixelEncoding.GRAY8) {
            int[] gray = new int[image.bytes().length];
            for (int i = 0; i < gray.length; i++) {
                gray[i] = image.bytes()[i] & 0xFF;
            }
            return new Decoded(image.width(), image.height(), gray, null);
        }
        try {
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(image.bytes()));
            int[] gray = new int[picture.getWidth() * picture.getHeight()];
            for (int y = 0; y < picture.getHeight(); y++) {
                for (int x = 0; x < picture.getWidth(); x++) {
                    gray[y * picture.getWidth() + x] = picture.getType() == BufferedImage.TYPE_BYTE_GRAY
                            ? picture.getRaster().getSample(x, y, 0)
                            : luma(picture.getRGB(x, y));
                }
            }
            return new Decoded(picture.getWidth(), picture.getHeight(), gray, picture);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int at(int x, int y) {
        return gray[y * width + x];
    }

    /** Which borders (left, top, right, bottom) hold ink: a pixel at least {@code contrast} darker than white. */
    boolean[] inkOnBorders(int contrast) {
        boolean[] touches = new boolean[4];
        for (int x = 0; x < width; x++) {
            touches[1] |= at(x, 0) <= 255 - contrast;
            touches[3] |= at(x, height - 1) <= 255 - contrast;
        }
        for (int y = 0; y < height; y++) {
            touches[0] |= at(0, y) <= 255 - contrast;
            touches[2] |= at(width - 1, y) <= 255 - contrast;
        }
        return touches;
    }

    static int count(boolean[] flags) {
        int n = 0;
        for (boolean flag : flags) {
            n += flag ? 1 : 0;
        }
        return n;
    }

    private static int luma(int rgb) {
        return (int) Math.round(0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF));
    }
}
