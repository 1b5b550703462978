package io.digitstream.lab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.util.List;
import java.util.Locale;

/** A small line chart over epochs 1..n: axes, grid, series with markers, an optional reference line, legend. */
final class LineChart {

    record Series(String name, Color color, double[] values) {
    }

    /** A horizontal dashed line, e.g. a target accuracy. */
    record Reference(String name, double value) {
    }

    static final int TICKS = 5;

    private final String title;
    private final String yLabel;
    private final String yFormat;
    private final double yMin;
    private final double yMax;

    LineChart(String title, String yLabel, String yFormat, double yMin, double yMax) {
        if (!(yMax > yMin)) {
            throw new IllegalArgumentException("empty y range " + yMin + ".." + yMax);
        }
        this.title = title;
        this.yLabel = yLabel;
        this.yFormat = yFormat;
        this.yMin = yMin;
        this.yMax = yMax;
    }

    void draw(Graphics2D g, Rectangle area, int epochs, List<Series> series, Reference reference) {
        Rectangle plot = new Rectangle(area.x + 70, area.y + 36, area.width - 90, area.height - 106);
        g.setColor(Figures.TEXT);
        g.setFont(Figures.font(Font.BOLD, 14));
        Figures.centered(g, title, plot.x + plot.width / 2, area.y + 20);
        grid(g, plot, epochs);
        if (reference != null && reference.value() >= yMin && reference.value() <= yMax) {
            Stroke saved = g.getStroke();
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.setColor(Figures.MUTED);
            int y = y(plot, reference.value());
            g.drawLine(plot.x, y, plot.x + plot.width, y);
            g.setStroke(saved);
            g.setFont(Figures.font(Font.PLAIN, 11));
            g.drawString(reference.name(), plot.x + 4, y - 4);
        }
        for (Series s : series) {
            line(g, plot, epochs, s);
        }
        legend(g, plot, area, series);
    }

    private void grid(Graphics2D g, Rectangle plot, int epochs) {
        g.setFont(Figures.font(Font.PLAIN, 11));
        for (int i = 0; i <= TICKS; i++) {
            double value = yMin + (yMax - yMin) * i / TICKS;
            int y = y(plot, value);
            g.setColor(Figures.GRID);
            g.drawLine(plot.x, y, plot.x + plot.width, y);
            g.setColor(Figures.TEXT);
            String label = String.format(Locale.ROOT, yFormat, value);
            g.drawString(label, plot.x - 6 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        int step = Math.max(1, (epochs + 11) / 12);
        for (int epoch = 1; epoch <= epochs; epoch += step) {
            Figures.centered(g, Integer.toString(epoch), x(plot, epochs, epoch), plot.y + plot.height + 16);
        }
        g.setColor(Figures.TEXT);
        g.drawRect(plot.x, plot.y, plot.width, plot.height);
        g.setFont(Figures.font(Font.PLAIN, 12));
        Figures.centered(g, "epoch", plot.x + plot.width / 2, plot.y + plot.height + 34);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        Figures.centered(g, yLabel, -(plot.y + plot.height / 2), plot.x - 54);
        g.setTransform(saved);
    }

    private void line(Graphics2D g, Rectangle plot, int epochs, Series s) {
        g.setColor(s.color());
        Stroke saved = g.getStroke();
        g.setStroke(new BasicStroke(2f));
        Path2D path = new Path2D.Double();
        for (int i = 0; i < s.values().length; i++) {
            double x = x(plot, epochs, i + 1);
            double y = y(plot, clamp(s.values()[i]));
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        g.draw(path);
        g.setStroke(saved);
        for (int i = 0; i < s.values().length; i++) {
            g.fillOval(x(plot, epochs, i + 1) - 3, y(plot, clamp(s.values()[i])) - 3, 7, 7);
        }
    }

    private static void legend(Graphics2D g, Rectangle plot, Rectangle area, List<Series> series) {
        g.setFont(Figures.font(Font.PLAIN, 12));
        int x = plot.x;
        int y = area.y + area.height - 12;
        for (Series s : series) {
            g.setColor(s.color());
            g.fillRect(x, y - 9, 14, 4);
            g.setColor(Figures.TEXT);
            g.drawString(s.name(), x + 20, y - 3);
            x += 40 + g.getFontMetrics().stringWidth(s.name());
        }
    }

    private double clamp(double value) {
        return Math.max(yMin, Math.min(yMax, value));
    }

    private int y(Rectangle plot, double value) {
        return (int) Math.round(plot.y + plot.height * (yMax - value) / (yMax - yMin));
    }

    /** A single epoch sits in the middle rather than on the left edge. */
    private static int x(Rectangle plot, int epochs, int epoch) {
        return epochs == 1 ? plot.x + plot.width / 2 : plot.x + (int) Math.round((double) plot.width * (epoch - 1) / (epochs - 1));
    }
}
