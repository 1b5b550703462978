package io.digitstream.lab.report;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The wrong predictions the model was surest of (as submitted beside the model input), with true label, prediction and confidence. */
final class MistakeGallery {

    static final int COLUMNS = 8;
    static final int LIMIT = 32;
    private static final int MARGIN = 20;
    private static final int GAP = 12;
    private static final int TOP = 44;

    private final DigitTile tile = new DigitTile(3, 2);
    private final DigitPictures pictures;

    MistakeGallery(DigitPictures pictures) {
        this.pictures = pictures;
    }

    DigitTile tile() {
        return tile;
    }

    /** Wrong predictions, most confident first; ties in image order, so the figure is reproducible. */
    static List<ClassifiedDigit> worst(List<ClassifiedDigit> digits, int limit) {
        return digits.stream()
                .filter(d -> !d.correct())
                .sorted(Comparator.comparingDouble(ClassifiedDigit::confidence).reversed())
                .limit(limit)
                .toList();
    }

    BufferedImage render(List<ClassifiedDigit> digits) {
        long mistakes = digits.stream().filter(d -> !d.correct()).count();
        List<ClassifiedDigit> shown = worst(digits, LIMIT);
        int rows = Math.max(1, (shown.size() + COLUMNS - 1) / COLUMNS);
        BufferedImage image = Figures.canvas(2 * MARGIN + COLUMNS * tile.width() + (COLUMNS - 1) * GAP,
                TOP + rows * (tile.height() + GAP) + MARGIN);
        Graphics2D g = Figures.graphics(image);
        Figures.title(g, shown.isEmpty() ? "No mistakes among " + digits.size() + " images"
                : String.format(Locale.ROOT, "The %d most confident of %d mistakes (true label -> prediction, confidence)",
                        shown.size(), mistakes), image.getWidth());
        Font caption = Figures.font(Font.PLAIN, 13);
        for (int i = 0; i < shown.size(); i++) {
            ClassifiedDigit digit = shown.get(i);
            int x = MARGIN + (i % COLUMNS) * (tile.width() + GAP);
            int y = TOP + (i / COLUMNS) * (tile.height() + GAP);
            tile.draw(g, digit, pictures, x, y, Figures.WRONG, caption,
                    String.format(Locale.ROOT, "true %d -> %d", digit.label(), digit.predicted()),
                    String.format(Locale.ROOT, "%.1f%% sure", 100.0 * digit.confidence()));
        }
        g.dispose();
        return image;
    }
}
