package io.digitstream.lab.report;

import io.digitstream.model.image.DenoiseStage;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.model.image.RejectedImageException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The surest mistakes traced through the preprocessing, one row of steps each: whether the stage lost the digit
 * (a shadow kept as ink, a stroke taken for a ruling) or the network misread a clean input shows at a glance.
 */
final class MistakeStages {

    static final int LIMIT = 12;

    private final ImagePipeline pipeline;

    MistakeStages(ImagePipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** Null when there is no mistake to trace. */
    BufferedImage render(List<ClassifiedDigit> digits) {
        List<List<DenoiseStage.Step>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (ClassifiedDigit digit : MistakeGallery.worst(digits, LIMIT)) {
            try {
                rows.add(DenoiseStage.trace(pipeline.decode(digit.image())));
            } catch (RejectedImageException e) {
                throw new IllegalStateException("image " + digit.id() + " was classified but does not decode: " + e.getMessage(), e);
            }
            labels.add(String.format(Locale.ROOT, "%s: true %d -> %d, %.1f%% sure", digit.id(), digit.label(),
                    digit.predicted(), 100.0 * digit.confidence()));
        }
        return rows.isEmpty() ? null : StageFigure.render("The surest mistakes, step by step", rows, labels);
    }
}
