package io.digitstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.digitstream.model.DigitModel;
import io.digitstream.model.Scores;
import io.digitstream.model.TestModels;
import io.digitstream.synthetic.Variant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole path: polarity, {@link DenoiseStage}, {@link MnistNormalizer}. */
class DenoiseStageTest {

    private static final int PER_VARIANT = 40;
    /** MnistNormalizer puts the centre of mass at SIZE / 2 in pixel-centre coordinates (pixel x at x + 0.5). */
    private static final double CENTRE = MnistNormalizer.SIZE / 2.0;

    /** The steps in the stream's order, ending in MNIST normalization, for any image. */
    private static float[] allSteps(GrayImage decoded) throws RejectedImageException {
        GrayImage light = InkPolarity.toLightInkOnDark(decoded);
        GrayImage ink = BackgroundModel.subtract(NoiseFilter.smoothIfRough(light));
        return MnistNormalizer.normalize(StrokeSelector.selectDigit(LineRemover.removeLines(ink)));
    }

    private static void assertCentredInA20Box(float[] out, String what) {
        double[] centre = StepImages.centreOfMass(out, MnistNormalizer.SIZE);
        assertThat(centre[0]).as("%s: x", what).isCloseTo(CENTRE, within(0.5));
        assertThat(centre[1]).as("%s: y", what).isCloseTo(CENTRE, within(0.5));
        int[] box = MnistNormalizer.inkBounds(new GrayImage(28, 28, out));
        assertThat(box[2] - box[0] + 1).as("%s: width", what).isLessThanOrEqualTo(20);
        assertThat(box[3] - box[1] + 1).as("%s: height", what).isLessThanOrEqualTo(20);
        assertThat(Math.max(box[2] - box[0], box[3] - box[1]) + 1).as("%s: fills the box", what).isGreaterThanOrEqualTo(19);
        for (float v : out) {
            assertThat(v).as(what).isBetween(0f, 1f);
        }
    }

    @Test
    void theStepsBringEveryVariantToACentredDigitInsideA20Box() throws Exception {
        for (Variant variant : Variant.values()) {
            for (int i = 0; i < PER_VARIANT; i++) {
                assertCentredInA20Box(allSteps(StepImages.decoded(variant, i)), variant + " " + i);
            }
        }
    }

    @Test
    void theStreamsPathCentresMnistRotatedAndNotebookDigitsInsideA20Box() throws Exception {
        for (int i = 0; i < PER_VARIANT; i++) {
            assertCentredInA20Box(ImagePipeline.normalize(StepImages.mnist(i)), "mnist " + i);
            for (Variant variant : new Variant[] {Variant.ROT, Variant.NOTEBOOK}) {
                assertCentredInA20Box(ImagePipeline.normalize(StepImages.decoded(variant, i)), variant + " " + i);
            }
        }
    }

    @Test
    void aNotebookPageComesOutLikeTheCleanMnistDigitItWasWrittenFrom() throws Exception {
        List<Double> correlations = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            float[] page = ImagePipeline.normalize(StepImages.decoded(Variant.NOTEBOOK, i));
            float[] clean = ImagePipeline.normalize(StepImages.mnist(i), Preprocessing.NORMALIZE_ONLY);
            correlations.add(StepImages.correlation(page, clean));
        }
        double[] sorted = correlations.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        assertThat(sorted[sorted.length / 2]).as("median correlation of %s", correlations).isGreaterThan(0.6);
        assertThat(sorted[sorted.length / 5]).as("20th percentile correlation of %s", correlations).isGreaterThan(0.4);
    }

    @Test
    void theShippedModelReadsMostNotebookPagesAfterTheStage() throws Exception {
        int pages = 50;
        float[][] inputs = new float[pages][];
        for (int i = 0; i < pages; i++) {
            inputs[i] = ImagePipeline.normalize(StepImages.decoded(Variant.NOTEBOOK, i));
        }
        DigitModel model = TestModels.shipped();
        float[][] probabilities = model.classify(inputs);
        int correct = 0;
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            if (Scores.argmax(probabilities[i]) == StepImages.MNIST.label(i)) {
                correct++;
            } else {
                wrong.add(i);
            }
        }
        assertThat(correct).as("pages read wrong: %s", wrong).isGreaterThanOrEqualTo(40);
    }

    @Test
    void cleanMnistDigitsAreBarelyChangedByTheStage() throws Exception {
        for (int i = 0; i < 200; i++) {
            float[] denoised = ImagePipeline.normalize(StepImages.mnist(i), Preprocessing.DENOISE);
            float[] plain = ImagePipeline.normalize(StepImages.mnist(i), Preprocessing.NORMALIZE_ONLY);
            assertThat(StepImages.correlation(denoised, plain)).as("image %d", i).isGreaterThan(0.95);
        }
    }

    @Test
    void traceListsEveryStepAndEndsWithTheModelInput() throws Exception {
        GrayImage page = StepImages.decoded(Variant.NOTEBOOK, 3);
        List<DenoiseStage.Step> steps = DenoiseStage.trace(page);

        assertThat(steps).extracting(DenoiseStage.Step::name)
                .containsSubsequence("polarity", "smoothed", "background", "lines", "strokes");
        assertThat(steps.get(0).image()).isSameAs(page);
        GrayImage last = steps.get(steps.size() - 1).image();
        assertThat(last.width()).isEqualTo(28);
        float[] input = ImagePipeline.normalize(page);
        for (int p = 0; p < input.length; p++) {
            assertThat(last.pixels()[p]).isCloseTo(input[p] * 255f, within(1e-3f));
        }
        assertThat(allSteps(page)).containsExactly(input);
    }

    /**
     * A bold 1 stretched to its box: ink everywhere but two notches. Its border is mostly ink, which the
     * normalizer's border-level subtraction, meant for images that skip the stage, would take for background.
     */
    @Test
    void aDigitWhoseInkHoldsMostOfTheFrameKeepsItsInk() throws Exception {
        int side = 32;
        float[] block = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                boolean notch = (x < 10 && y < 8) || (x >= side - 10 && y >= side - 8);
                block[y * side + x] = notch ? 0f : 255f;
            }
        }
        float[] input = DenoiseStage.modelInput(new GrayImage(side, side, block));
        double inkInBox = 0;
        for (float v : input) {
            inkInBox += v;
        }
        assertThat(inkInBox).as("the block's ink, scaled into the 20x20 box").isGreaterThan(0.6 * 20 * 20);
    }
}
