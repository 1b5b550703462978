package io.digitstream.lab.report;

import io.digitstream.model.ModelMetadata.EpochRecord;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/** Training (and validation) loss and validation/test accuracy per epoch, from the model's metadata. */
final class TrainingCurves {

    static final double TARGET = 0.994;
    private static final int PANEL_WIDTH = 520;
    private static final int PANEL_HEIGHT = 360;

    BufferedImage render(List<EpochRecord> history) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("no epochs to draw");
        }
        int epochs = history.size();
        double[] loss = history.stream().mapToDouble(EpochRecord::trainLoss).toArray();
        double[] validation = history.stream().mapToDouble(EpochRecord::validationAccuracy).toArray();
        double[] test = history.stream().mapToDouble(EpochRecord::testAccuracy).toArray();

        BufferedImage image = Figures.canvas(2 * PANEL_WIDTH, PANEL_HEIGHT + 40);
        Graphics2D g = Figures.graphics(image);
        Figures.title(g, "Training curves (" + epochs + (epochs == 1 ? " epoch)" : " epochs)"), image.getWidth());
        List<LineChart.Series> losses = new java.util.ArrayList<>();
        losses.add(new LineChart.Series("train loss", new Color(0x6a, 0x3d, 0x9a), loss));
        double maxLoss = Arrays.stream(loss).max().orElseThrow();
        // models trained before early stopping went by validation loss have none recorded
        if (history.stream().allMatch(e -> e.validationLoss() != null)) {
            double[] validationLoss = history.stream().mapToDouble(EpochRecord::validationLoss).toArray();
            losses.add(new LineChart.Series("validation loss", new Color(0x1f, 0x77, 0xb4), validationLoss));
            maxLoss = Math.max(maxLoss, Arrays.stream(validationLoss).max().orElseThrow());
        }
        new LineChart("Loss", "cross-entropy", "%.2f", 0, niceCeiling(maxLoss * 1.1))
                .draw(g, new Rectangle(0, 40, PANEL_WIDTH, PANEL_HEIGHT), epochs, losses, null);
        double lowest = Math.min(Arrays.stream(validation).min().orElseThrow(),
                Arrays.stream(test).min().orElseThrow());
        new LineChart("Accuracy", "accuracy", "%.3f", accuracyFloor(Math.min(lowest, TARGET)), 1.0)
                .draw(g, new Rectangle(PANEL_WIDTH, 40, PANEL_WIDTH, PANEL_HEIGHT), epochs,
                        List.of(new LineChart.Series("validation", new Color(0x1f, 0x77, 0xb4), validation),
                                new LineChart.Series("test", new Color(0xff, 0x7f, 0x0e), test)),
                        new LineChart.Reference("99.4% target", TARGET));
        g.dispose();
        return image;
    }

    /**
     * Accuracies crowd just under 1: the axis ends at 1 and starts five round steps lower, low enough to
     * show {@code lowest}.
     */
    private static double accuracyFloor(double lowest) {
        double step = niceCeiling((1 - lowest) / LineChart.TICKS * 1.05);
        return Math.max(0, 1 - LineChart.TICKS * step);
    }

    /** The next of 1, 2 or 5 times a power of ten, so tick labels stay round. */
    private static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
