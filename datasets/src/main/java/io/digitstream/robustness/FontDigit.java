package io.digitstream.robustness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code fonts-handwriting}: a digit in one of the {@link HandwritingFonts}, drawn with Java2D from the glyph's outline
 * (so the anti-aliasing is Java's own rasterizer, the same on every machine): slanted by a shear of up to 0.3, turned
 * by up to 8 degrees, its strokes widened by 0..4% of the height, the digit 55..80% of a 32..96 pixel high page with a
 * margin on every side; ink 0..80 gray on paper 225..255, as the ink's coverage (no extra blur or noise).
 */
final class FontDigit {
    static final int MIN_HEIGHT = 32;
    static final int MAX_HEIGHT = 96;
    private static final FontRenderContext OUTLINES = new FontRenderContext(null, true, true);

    private FontDigit() {
    }

    static InkImage draw(List<Font> fonts, int digit, SplittableRandom random) {
        Font font = fonts.get(random.nextInt(fonts.size())).deriveFont(100f);
        Shape glyph = font.createGlyphVector(OUTLINES, String.valueOf(digit)).getOutline();
        int height = MIN_HEIGHT + random.nextInt(MAX_HEIGHT - MIN_HEIGHT + 1);
        AffineTransform pose = AffineTransform.getRotateInstance(StrictMath.toRadians(ImageSeeds.uniform(random, -8, 8)));
        pose.shear(ImageSeeds.uniform(random, -0.3, 0.3), 0);
        Shape posed = pose.createTransformedShape(glyph);
        Rectangle2D bounds = posed.getBounds2D();
        double scale = ImageSeeds.uniform(random, 0.55, 0.8) * height / bounds.getHeight();
        double strokeWidth = ImageSeeds.uniform(random, 0, 0.04) * height;
        double inkWidth = bounds.getWidth() * scale + strokeWidth;
        double inkHeight = bounds.getHeight() * scale + strokeWidth;
        int width = Math.max((int) Math.ceil(inkWidth / 0.8), (int) Math.round(height * ImageSeeds.uniform(random, 0.7, 1.0)));
        double left = (width - inkWidth) * ImageSeeds.uniform(random, 0.25, 0.75) + strokeWidth / 2;
        double top = (height - inkHeight) * ImageSeeds.uniform(random, 0.25, 0.75) + strokeWidth / 2;
        AffineTransform place = AffineTransform.getTranslateInstance(left, top);
        place.scale(scale, scale);
        place.translate(-bounds.getX(), -bounds.getY());
        Shape placed = place.createTransformedShape(posed);

        BufferedImage coverage = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = coverage.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fill(placed);
            if (strokeWidth > 0.2) {
                g.setStroke(new BasicStroke((float) strokeWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(placed);
            }
        } finally {
            g.dispose();
        }
        byte[] cover = ((DataBufferByte) coverage.getRaster().getDataBuffer()).getData();
        double paper = ImageSeeds.uniform(random, 225, 255);
        double ink = ImageSeeds.uniform(random, 0, 80);
        byte[] out = new byte[cover.length];
        for (int i = 0; i < cover.length; i++) {
            double gray = paper - (paper - ink) * (cover[i] & 0xFF) / 255.0;
            out[i] = (byte) (255 - Math.round(gray)); // as ink: 0 where the page is white
        }
        return new InkImage(width, height, out);
    }
}
