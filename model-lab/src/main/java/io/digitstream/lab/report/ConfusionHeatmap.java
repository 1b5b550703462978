package io.digitstream.lab.report;

import io.digitstream.metrics.ConfusionMatrix;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * The confusion matrix as a heatmap with the count in every cell. Correct predictions (the diagonal)
 * are shaded blue by recall; errors red, scaled to the largest error count, because against a
 * diagonal of ~1,000 per class a handful of confusions would otherwise be invisible.
 */
final class ConfusionHeatmap {

    private static final int CELL = 54;
    private static final int LEFT = 86;
    private static final int TOP = 56;
    private static final int BOTTOM = 64;
    private static final int RIGHT_MARGIN = 24;
    private static final Color DIAGONAL = new Color(0x1f, 0x5f, 0xb4);

    BufferedImage render(ConfusionMatrix matrix) {
        int k = ConfusionMatrix.CLASSES;
        BufferedImage image = Figures.canvas(LEFT + k * CELL + RIGHT_MARGIN, TOP + k * CELL + BOTTOM);
        Graphics2D g = Figures.graphics(image);
        Figures.title(g, "Confusion matrix (" + Numbers.count(matrix.total()) + " images; red cells are errors)", image.getWidth());
        long maxError = 1;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                if (t != p) {
                    maxError = Math.max(maxError, matrix.count(t, p));
                }
            }
        }
        Font counts = Figures.font(Font.PLAIN, 13);
        for (int t = 0; t < k; t++) {
            long row = Math.max(1, matrix.rowSum(t));
            for (int p = 0; p < k; p++) {
                long count = matrix.count(t, p);
                double strength = t == p ? (double) count / row : (double) count / maxError;
                Color base = t == p ? DIAGONAL : Figures.WRONG;
                Color fill = count == 0 ? Color.WHITE : blend(base, t == p ? strength : 0.15 + 0.85 * strength);
                int x = LEFT + p * CELL;
                int y = TOP + t * CELL;
                g.setColor(fill);
                g.fillRect(x, y, CELL, CELL);
                g.setColor(Figures.GRID);
                g.drawRect(x, y, CELL, CELL);
                g.setFont(counts);
                g.setColor(count == 0 ? Figures.MUTED : luminance(fill) < 0.55 ? Color.WHITE : Figures.TEXT);
                Figures.centered(g, Long.toString(count), x + CELL / 2, y + CELL / 2 + 5);
            }
        }
        axes(g, k);
        g.dispose();
        return image;
    }

    private static void axes(Graphics2D g, int k) {
        g.setColor(Figures.TEXT);
        g.setFont(Figures.font(Font.BOLD, 14));
        for (int d = 0; d < k; d++) {
            Figures.centered(g, Integer.toString(d), LEFT + d * CELL + CELL / 2, TOP + k * CELL + 20);
            Figures.centered(g, Integer.toString(d), LEFT - 16, TOP + d * CELL + CELL / 2 + 5);
        }
        g.setFont(Figures.font(Font.PLAIN, 14));
        Figures.centered(g, "predicted digit", LEFT + k * CELL / 2, TOP + k * CELL + 48);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        Figures.centered(g, "true digit", -(TOP + k * CELL / 2), LEFT - 44);
        g.setTransform(saved);
    }

    /** {@code color} at opacity {@code alpha} over white. */
    private static Color blend(Color color, double alpha) {
        double a = Math.max(0, Math.min(1, alpha));
        return new Color((int) Math.round(255 - a * (255 - color.getRed())), (int) Math.round(255 - a * (255 - color.getGreen())),
                (int) Math.round(255 - a * (255 - color.getBlue())));
    }

    private static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255;
    }
}
