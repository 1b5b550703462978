package io.digitstream.model.image;

import java.util.ArrayList;
import java.util.List;

/**
 * The clean-up between decoding and the model, each step a small function of its own: smoothing of
 * rough images ({@link NoiseFilter}), background estimation and removal, ruled and grid line removal, selection of the digit's
 * strokes, then MNIST normalization. Its input is light ink on dark ({@link InkPolarity} has run).
 *
 * <p>One exception: a 28x28 image whose border is not MNIST's black field is a digit already normalized
 * onto a cluttered background (the MNIST-convention variants). Cropping to "ink" there would crop to the
 * clutter, so only the smoothing runs and the geometry is kept; the model learns to read through the rest.
 * Unless its frame is paper crossed by ink with all four corners paper, ink or a stroke's edge: a crop of a digit
 * filling its frame, which must be cut to its ink and normalized like any other. A photograph behind an MNIST-format
 * digit can leave most of the frame at a dark level too, but a level between reaches at least one corner.
 */
public final class DenoiseStage {

    /** A border brighter than this on a 28x28 image is clutter, not MNIST's zero field. */
    static final float CLEAN_FIELD_BORDER = 24f;

    /** One step's output, for the report's before/after figures. */
    public record Step(String name, GrayImage image) {
    }

    private DenoiseStage() {
    }

    /** The model input of an image already light ink on dark: 784 floats in 0..1, light ink on dark. */
    public static float[] modelInput(GrayImage lightInkOnDark) throws RejectedImageException {
        return run(lightInkOnDark, false, null);
    }

    /**
     * The model input of an image as the scanner framed it ({@link #beforePolarity}), brought to light ink on dark
     * first. A 28x28 frame read as a crop before polarity stays a crop after it: the polarity may have turned white
     * paper dark, and the frame test for a crop on white paper admits more than the one on dark paper can.
     */
    static float[] modelInputOfFramed(GrayImage framed) throws RejectedImageException {
        return run(InkPolarity.toLightInkOnDark(framed), isCropBeforePolarity(framed), null);
    }

    private static boolean isCropBeforePolarity(GrayImage framed) {
        return framed.width() == MnistNormalizer.SIZE && framed.height() == MnistNormalizer.SIZE
                && !InkPolarity.isMnistFormatOnClutter(framed);
    }

    /** Every step of the stream's preprocessing of one decoded image, in order, ending with the model input. */
    public static List<Step> trace(GrayImage decoded) throws RejectedImageException {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("decoded (gray)", decoded));
        GrayImage framed = beforePolarity(decoded, steps);
        GrayImage light = InkPolarity.toLightInkOnDark(framed);
        steps.add(new Step("polarity", light));
        float[] input = run(light, isCropBeforePolarity(framed), steps);
        float[] scaled = new float[input.length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = input[i] * 255f;
        }
        steps.add(new Step("model input", new GrayImage(MnistNormalizer.SIZE, MnistNormalizer.SIZE, scaled)));
        return steps;
    }

    /**
     * The steps that read the frame as the scanner left it, before polarity judges it: a coarse image enlarged, a
     * field's printed box, a band along an edge (or a frame all round) and the corners a turned crop left painted over. Each step that changed the image is recorded in
     * {@code steps} (unless null).
     */
    static GrayImage beforePolarity(GrayImage decoded, List<Step> steps) {
        GrayImage enlarged = recordIfChanged(steps, "enlarged", decoded, LowResolution.enlarge(decoded));
        GrayImage unboxed = recordIfChanged(steps, "box erased", enlarged, FieldBox.erase(enlarged));
        GrayImage unbanded = recordIfChanged(steps, "edge band erased", unboxed, EdgeBand.erase(unboxed));
        return recordIfChanged(steps, "turned corners erased", unbanded, TurnedCorners.erase(unbanded));
    }

    private static GrayImage recordIfChanged(List<Step> steps, String name, GrayImage before, GrayImage after) {
        if (after != before) {
            record(steps, name, after);
        }
        return after;
    }

    static boolean isNormalizedOnClutter(GrayImage lightInkOnDark) {
        return lightInkOnDark.width() == MnistNormalizer.SIZE && lightInkOnDark.height() == MnistNormalizer.SIZE
                && InkPolarity.borderMean(lightInkOnDark) > CLEAN_FIELD_BORDER && !isCropOnPaper(lightInkOnDark);
    }

    /** Whether the image is a crop on dark paper ({@link InkPolarity#paperFrameLevel}), once its ink is light. */
    static boolean isCropOnPaper(GrayImage lightInkOnDark) {
        int paper = InkPolarity.paperFrameLevel(lightInkOnDark);
        return paper >= 0 && paper <= InkPolarity.PAPER_AT_AN_END;
    }

    private static float[] run(GrayImage light, boolean cropBeforePolarity, List<Step> steps)
            throws RejectedImageException {
        GrayImage smoothed = NoiseFilter.smoothIfRough(light);
        record(steps, "smoothed", smoothed);
        if (!cropBeforePolarity && isNormalizedOnClutter(light)) {
            return MnistNormalizer.asModelInput(smoothed);
        }
        GrayImage ink = BackgroundModel.subtract(smoothed);
        record(steps, "background", ink);
        GrayImage unlined = LineRemover.removeLines(ink);
        record(steps, "lines", unlined);
        GrayImage strokes = StrokeSelector.selectDigit(unlined);
        record(steps, "strokes", strokes);
        return MnistNormalizer.normalizeInk(strokes); // the background is gone: the border may be the digit's own ink
    }

    private static void record(List<Step> steps, String name, GrayImage image) {
        if (steps != null) {
            steps.add(new Step(name, image));
        }
    }
}
