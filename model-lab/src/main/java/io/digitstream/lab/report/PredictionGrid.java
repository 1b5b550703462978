package io.digitstream.lab.report;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The first images of the dataset in a grid, each as submitted beside its model input, framed green when
 * predicted right and red when wrong.
 */
final class PredictionGrid {

    static final int COLUMNS = 10;
    static final int ROWS = 10;
    private static final int MARGIN = 20;
    private static final int GAP = 10;
    private static final int TOP = 44;

    private final DigitTile tile = new DigitTile(2, 1);
    private final DigitPictures pictures;

    PredictionGrid(DigitPictures pictures) {
        this.pictures = pictures;
    }

    DigitTile tile() {
        return tile;
    }

    /** Top-left corner of tile {@code index}'s frame. */
    Point tileOrigin(int index) {
        return new Point(MARGIN + (index % COLUMNS) * (tile.width() + GAP), TOP + (index / COLUMNS) * (tile.height() + GAP));
    }

    BufferedImage render(List<ClassifiedDigit> digits) {
        List<ClassifiedDigit> shown = digits.subList(0, Math.min(digits.size(), COLUMNS * ROWS));
        int rows = Math.max(1, (shown.size() + COLUMNS - 1) / COLUMNS);
        BufferedImage image = Figures.canvas(2 * MARGIN + COLUMNS * tile.width() + (COLUMNS - 1) * GAP,
                TOP + rows * (tile.height() + GAP) + MARGIN);
        Graphics2D g = Figures.graphics(image);
        long wrong = shown.stream().filter(d -> !d.correct()).count();
        Figures.title(g, String.format(Locale.ROOT, "The first %d images (left as submitted, right the model input): green right, red wrong (%d wrong)",
                shown.size(), wrong), image.getWidth());
        Font caption = Figures.font(Font.BOLD, 15);
        for (int i = 0; i < shown.size(); i++) {
            ClassifiedDigit digit = shown.get(i);
            Point at = tileOrigin(i);
            tile.draw(g, digit, pictures, at.x, at.y, digit.correct() ? Figures.RIGHT : Figures.WRONG, caption,
                    Integer.toString(digit.predicted()));
        }
        g.dispose();
        return image;
    }
}
