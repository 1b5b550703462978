package io.digitstream.lab.report;

import io.digitstream.model.image.DenoiseStage;
import io.digitstream.model.image.GrayImage;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Before and after the stream's preprocessing: one row per sample image, one column per step of
 * {@link DenoiseStage#trace}, each step's image scaled to the same cell so the effect of every step is visible.
 */
public final class StageFigure {

    static final int CELL = 72;
    private static final int GAP = 8;
    private static final int LEFT = 12;
    private static final int TOP = 40;

    private StageFigure() {
    }

    /** @param rows one trace per sample; @param labels a short caption per row (dataset, true label) */
    public static BufferedImage render(String title, List<List<DenoiseStage.Step>> rows, List<String> labels) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int width = LEFT * 2 + columns * (CELL + GAP);
        int height = TOP + rows.size() * (CELL + GAP + 30) + 8;
        BufferedImage image = Figures.canvas(width, height);
        Graphics2D g = Figures.graphics(image);
        Figures.title(g, title, width);
        g.setFont(Figures.font(Font.PLAIN, 11));
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        for (int r = 0; r < rows.size(); r++) {
            int y = TOP + r * (CELL + GAP + 30) + 14;
            for (int c = 0; c < rows.get(r).size(); c++) {
                GrayImage step = rows.get(r).get(c).image();
                int x = LEFT + c * (CELL + GAP);
                g.setColor(Figures.MUTED);
                Figures.centered(g, rows.get(r).get(c).name(), x + CELL / 2, y - 4);
                double scale = (double) CELL / Math.max(step.width(), step.height());
                int w = (int) Math.round(step.width() * scale);
                int h = (int) Math.round(step.height() * scale);
                g.drawImage(Figures.rgb(step), x + (CELL - w) / 2, y + (CELL - h) / 2, w, h, null);
                g.setColor(Figures.GRID);
                g.drawRect(x, y, CELL, CELL);
            }
            g.setColor(Figures.TEXT);
            g.drawString(labels.get(r), LEFT, y + CELL + 13);
        }
        g.dispose();
        return image;
    }
}
