package io.digitstream.classifier.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * One digit drawn dark on light at an integer scale inside a coloured frame, with caption lines below.
 * The frame is a filled rectangle, never anti-aliased, so its colour can be read back from the pixels.
 */
final class DigitTile {

    static final int FRAME = 4;
    private static final int LINE = 16;

    private final int scale;
    private final int side;
    private final int captionLines;

    DigitTile(int scale, int side, int captionLines) {
        this.scale = scale;
        this.side = side;
        this.captionLines = captionLines;
    }

    int width() {
        return side * scale + 2 * FRAME;
    }

    int height() {
        return width() + captionLines * LINE + 4;
    }

    void draw(Graphics2D g, ClassifiedDigit digit, int x, int y, Color frame, Font captionFont, String... caption) {
        g.setColor(frame);
        g.fillRect(x, y, width(), width());
        g.drawImage(pixels(digit), x + FRAME, y + FRAME, side * scale, side * scale, null);
        g.setFont(captionFont);
        g.setColor(frame);
        for (int line = 0; line < caption.length; line++) {
            Figures.centered(g, caption[line], x + width() / 2, y + width() + (line + 1) * LINE);
        }
    }

    /** MNIST ink is 255 on a 0 background; inverted so it reads as pencil on paper. */
    private BufferedImage pixels(ClassifiedDigit digit) {
        if (digit.width() != side || digit.height() != side) {
            throw new IllegalArgumentException("tiles are " + side + "x" + side + ", image " + digit.id() + " is "
                    + digit.width() + "x" + digit.height());
        }
        // RGB rather than a gray image type: Java 2D treats those as linear gray and would lighten the ink.
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        int[] paper = new int[digit.pixels().length];
        for (int i = 0; i < paper.length; i++) {
            int gray = 255 - (digit.pixels()[i] & 0xff);
            paper[i] = gray << 16 | gray << 8 | gray;
        }
        image.setRGB(0, 0, side, side, paper, 0, side);
        return image;
    }
}
