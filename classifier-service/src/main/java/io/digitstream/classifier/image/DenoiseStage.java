package io.digitstream.classifier.image;

import java.util.ArrayList;
import java.util.List;

/**
 * The clean-up between decoding and MNIST normalization, each step a small function of its own: median
 * filtering of rough images, background estimation and removal, ruled and grid line removal, and selection
 * of the digit's strokes. Its input is light ink on dark ({@link InkPolarity} has run).
 */
public final class DenoiseStage {

    /** One step's output, for the report's before/after figures. */
    public record Step(String name, GrayImage image) {
    }

    private DenoiseStage() {
    }

    public static GrayImage apply(GrayImage lightInkOnDark) {
        GrayImage smoothed = NoiseFilter.medianIfRough(lightInkOnDark);
        GrayImage ink = BackgroundModel.subtract(smoothed);
        return StrokeSelector.selectDigit(LineRemover.removeLines(ink));
    }

    /** Every step of the stream's preprocessing of one decoded image, in order, ending with the model input. */
    public static List<Step> trace(GrayImage decoded) throws RejectedImageException {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("decoded (gray)", decoded));
        GrayImage polarity = InkPolarity.toLightInkOnDark(decoded);
        steps.add(new Step("polarity", polarity));
        GrayImage smoothed = NoiseFilter.medianIfRough(polarity);
        steps.add(new Step("median", smoothed));
        GrayImage ink = BackgroundModel.subtract(smoothed);
        steps.add(new Step("background", ink));
        GrayImage unlined = LineRemover.removeLines(ink);
        steps.add(new Step("lines", unlined));
        GrayImage strokes = StrokeSelector.selectDigit(unlined);
        steps.add(new Step("strokes", strokes));
        float[] normalized = MnistNormalizer.normalize(strokes);
        float[] scaled = new float[normalized.length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = normalized[i] * 255f;
        }
        steps.add(new Step("normalized 28x28", new GrayImage(MnistNormalizer.SIZE, MnistNormalizer.SIZE, scaled)));
        return steps;
    }
}
