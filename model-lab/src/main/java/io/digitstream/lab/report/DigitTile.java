package io.digitstream.lab.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * One classified image inside a coloured frame: on the left the image as submitted, scaled to fit its panel
 * (aspect ratio kept), on the right the 28x28 model input at an integer scale; caption lines below. The frame
 * is a filled rectangle, never anti-aliased, so its colour can be read back from the pixels.
 */
final class DigitTile {

    static final int FRAME = 4;
    /** Behind an original that does not fill its square panel, so the image's own edge stays visible. */
    static final Color BACKDROP = new Color(0xc8, 0xc8, 0xd0);
    private static final int LINE = 16;
    private static final int INPUT_SIDE = 28;

    private final int scale;
    private final int captionLines;

    DigitTile(int scale, int captionLines) {
        this.scale = scale;
        this.captionLines = captionLines;
    }

    /** The side of each of the two square panels. */
    int panel() {
        return INPUT_SIDE * scale;
    }

    int width() {
        return 2 * panel() + 3 * FRAME;
    }

    int frameHeight() {
        return panel() + 2 * FRAME;
    }

    int height() {
        return frameHeight() + captionLines * LINE + 4;
    }

    /** Left edge of the original's panel, relative to the tile. */
    int originalX() {
        return FRAME;
    }

    /** Left edge of the model input's panel, relative to the tile. */
    int inputX() {
        return 2 * FRAME + panel();
    }

    void draw(Graphics2D g, ClassifiedDigit digit, DigitPictures pictures, int x, int y, Color frame, Font captionFont,
            String... caption) {
        g.setColor(frame);
        g.fillRect(x, y, width(), frameHeight());
        drawOriginal(g, pictures.original(digit.image(), panel()), x + originalX(), y + FRAME);
        Object interpolation = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(pictures.modelInput(digit.image()), x + inputX(), y + FRAME, panel(), panel(), null);
        if (interpolation != null) {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
        }
        g.setFont(captionFont);
        g.setColor(frame);
        for (int line = 0; line < caption.length; line++) {
            Figures.centered(g, caption[line], x + width() / 2, y + frameHeight() + (line + 1) * LINE);
        }
    }

    /** Centred on the backdrop: an original that is not square leaves part of its panel to it. */
    private void drawOriginal(Graphics2D g, BufferedImage original, int x, int y) {
        g.setColor(BACKDROP);
        g.fillRect(x, y, panel(), panel());
        g.drawImage(original, x + (panel() - original.getWidth()) / 2, y + (panel() - original.getHeight()) / 2, null);
    }
}
