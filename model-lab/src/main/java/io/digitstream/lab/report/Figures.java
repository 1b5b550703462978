package io.digitstream.lab.report;

import io.digitstream.command.OutputException;
import io.digitstream.model.image.GrayImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Drawing conventions shared by the report's figures. */
final class Figures {

    static final Color RIGHT = new Color(0x1e, 0x8c, 0x3a);
    static final Color WRONG = new Color(0xd0, 0x22, 0x22);
    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final Color MUTED = new Color(0x88, 0x88, 0x88);
    static final Color GRID = new Color(0xe4, 0xe4, 0xe4);

    static {
        // No display is needed (or wanted) for drawing PNGs; must be set before AWT initializes.
        System.setProperty("java.awt.headless", "true");
    }

    private Figures() {
    }

    static BufferedImage canvas(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** Anti-aliased text and lines; filled rectangles stay crisp, so frame colours are exact pixels. */
    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(TEXT);
        return g;
    }

    static Font font(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    static void centered(Graphics2D g, String text, int centreX, int baseline) {
        g.drawString(text, centreX - g.getFontMetrics().stringWidth(text) / 2, baseline);
    }

    static void title(Graphics2D g, String text, int width) {
        g.setColor(TEXT);
        g.setFont(font(Font.BOLD, 16));
        centered(g, text, width / 2, 26);
    }

    /**
     * A gray image (0..255, clamped) as RGB pixels: Java 2D treats the gray image types as linear gray and
     * would lighten them when drawing on an sRGB canvas.
     */
    static BufferedImage rgb(GrayImage gray) {
        BufferedImage image = new BufferedImage(gray.width(), gray.height(), BufferedImage.TYPE_INT_RGB);
        float[] p = gray.pixels();
        int[] rgb = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            int v = Math.min(255, Math.max(0, Math.round(p[i])));
            rgb[i] = v << 16 | v << 8 | v;
        }
        image.setRGB(0, 0, gray.width(), gray.height(), rgb, 0, gray.width());
        return image;
    }

    static void writePng(BufferedImage image, Path file) throws IOException {
        OutputException.writing(file, () -> {
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("no PNG writer in this JVM");
            }
        });
    }
}
