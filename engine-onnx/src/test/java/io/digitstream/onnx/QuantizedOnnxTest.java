package io.digitstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.cli.ModelLocator;
import io.digitstream.classifier.model.DigitModel;
import io.digitstream.classifier.model.Scores;
import io.digitstream.classifier.train.NormalizedDataset;
import io.digitstream.mnist.MnistFixture;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The int8 model keeps the float model's decisions: calibrated on fixture images 250..499, judged on
 * 0..249 (disjoint), it must agree with DL4J's argmax on all but 2 of them and be as accurate within 1 image.
 */
class QuantizedOnnxTest {

    @Test
    void int8ModelKeepsTheDecisionsOfTheShippedModel() throws Exception {
        DigitModel model = DigitModel.load(ModelLocator.defaultModelPath());
        NormalizedDataset fixture = NormalizedDataset.of(MnistFixture.test500());
        float[][] judged = Arrays.copyOfRange(fixture.inputs(), 0, 250);
        float[][] calibration = Arrays.copyOfRange(fixture.inputs(), 250, 500);
        float[][] expected = model.classify(judged);
        float[][] actual;
        try (OnnxDigitModel int8 = OnnxDigitModel.quantized(model, calibration, 1)) {
            actual = int8.classify(judged);
        }
        int disagreements = 0;
        int dl4jCorrect = 0;
        int int8Correct = 0;
        double max = 0;
        for (int i = 0; i < judged.length; i++) {
            int want = Scores.argmax(expected[i]);
            int got = Scores.argmax(actual[i]);
            disagreements += want == got ? 0 : 1;
            dl4jCorrect += want == fixture.labels()[i] ? 1 : 0;
            int8Correct += got == fixture.labels()[i] ? 1 : 0;
            max = Math.max(max, OnnxEquivalenceTest.maxAbsDifference(expected[i], actual[i]));
        }
        System.out.printf("int8: %d of 250 argmax differ from DL4J, max |dp| %.3g; correct: DL4J %d, int8 %d%n",
                disagreements, max, dl4jCorrect, int8Correct);
        assertThat(disagreements).isLessThanOrEqualTo(2);
        assertThat(int8Correct).isGreaterThanOrEqualTo(dl4jCorrect - 1);
    }
}
