package io.digitstream.lab.report;

import io.digitstream.lab.evaluate.CalibrationCheck;
import io.digitstream.model.Calibration.CoveragePoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy of the accepted predictions against the share accepted, as the calibrated-confidence threshold falls from
 * the most confident prediction to none, with the review operating point for the target error marked.
 */
final class CoverageCurve {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 440;
    private static final int TICKS = 5;
    private static final Color LINE = new Color(0x1f, 0x77, 0xb4);

    /** The left end of the coverage axis. */
    private double xMin;

    BufferedImage render(CalibrationCheck check, String dataset) {
        List<CoveragePoint> curve = check.curve();
        if (curve.isEmpty()) {
            throw new IllegalArgumentException("no coverage curve to draw");
        }
        double lowest = curve.stream().mapToDouble(p -> 1 - p.error()).min().orElseThrow();
        double yMin = Math.max(0, Math.floor(lowest * 100 - 0.5) / 100);
        // The curve stays at 1 until the first error: the axis starts a little before it, at a tenth.
        double firstError = curve.stream().filter(p -> p.error() > 0).mapToDouble(CoveragePoint::coverage).min().orElse(1);
        xMin = Math.min(0.9, Math.max(0, Math.floor((firstError - 0.05) * 10) / 10));
        BufferedImage image = Figures.canvas(WIDTH, HEIGHT);
        Graphics2D g = Figures.graphics(image);
        Figures.title(g, "Accuracy versus coverage on " + dataset + " (calibrated confidence)", WIDTH);
        Rectangle plot = new Rectangle(80, 50, WIDTH - 110, HEIGHT - 120);
        g.setFont(Figures.font(Font.PLAIN, 11));
        for (int i = 0; i <= TICKS; i++) {
            double y = yMin + (1 - yMin) * i / TICKS;
            double x = xMin + (1 - xMin) * i / TICKS;
            g.setColor(Figures.GRID);
            g.drawLine(plot.x, y(plot, y, yMin), plot.x + plot.width, y(plot, y, yMin));
            g.drawLine(x(plot, x), plot.y, x(plot, x), plot.y + plot.height);
            g.setColor(Figures.TEXT);
            String yLabel = String.format(Locale.ROOT, "%.3f", y);
            g.drawString(yLabel, plot.x - 6 - g.getFontMetrics().stringWidth(yLabel), y(plot, y, yMin) + 4);
            Figures.centered(g, String.format(Locale.ROOT, "%.0f%%", 100 * x), x(plot, x), plot.y + plot.height + 16);
        }
        g.drawRect(plot.x, plot.y, plot.width, plot.height);
        g.setFont(Figures.font(Font.PLAIN, 12));
        Figures.centered(g, "coverage: share of predictions accepted (the rest go to review)", plot.x + plot.width / 2,
                plot.y + plot.height + 36);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        Figures.centered(g, "accuracy of the accepted", -(plot.y + plot.height / 2), plot.x - 56);
        g.setTransform(saved);

        Path2D path = new Path2D.Double();
        List<CoveragePoint> shown = curve.stream().filter(p -> p.coverage() >= xMin).toList();
        for (int i = 0; i < shown.size(); i++) {
            CoveragePoint p = shown.get(i);
            if (i == 0) {
                path.moveTo(x(plot, p.coverage()), y(plot, 1 - p.error(), yMin));
            } else {
                path.lineTo(x(plot, p.coverage()), y(plot, 1 - p.error(), yMin));
            }
        }
        Stroke stroke = g.getStroke();
        g.setColor(LINE);
        g.setStroke(new BasicStroke(2f));
        g.draw(path);
        if (check.coverage() >= xMin) {
            int px = x(plot, check.coverage());
            int py = y(plot, 1 - check.acceptedError(), yMin);
            g.setColor(Figures.WRONG);
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(px, plot.y, px, plot.y + plot.height);
            g.setStroke(stroke);
            g.fillOval(px - 5, py - 5, 11, 11);
            g.setFont(Figures.font(Font.PLAIN, 12));
            String label = String.format(Locale.ROOT, "target error %.3f: threshold %s, %.1f%% accepted, accuracy %.4f",
                    check.targetError(), Double.isNaN(check.threshold()) ? "per model"
                            : String.format(Locale.ROOT, "%.3f", check.threshold()), 100 * check.coverage(),
                    1 - check.acceptedError());
            g.drawString(label, Math.max(plot.x + 4, Math.min(px - g.getFontMetrics().stringWidth(label) - 8,
                    plot.x + plot.width - g.getFontMetrics().stringWidth(label) - 4)), plot.y + plot.height - 10);
        }
        g.setStroke(stroke);
        g.dispose();
        return image;
    }

    private int x(Rectangle plot, double coverage) {
        return (int) Math.round(plot.x + plot.width * (coverage - xMin) / (1 - xMin));
    }

    private static int y(Rectangle plot, double accuracy, double yMin) {
        double clamped = Math.max(yMin, Math.min(1, accuracy));
        return (int) Math.round(plot.y + plot.height * (1 - clamped) / (1 - yMin));
    }
}
