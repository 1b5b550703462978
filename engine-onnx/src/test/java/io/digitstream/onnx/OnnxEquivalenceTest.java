package io.digitstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.NetworkArchitecture;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.Scores;
import io.digitstream.model.TrainingParameters;
import io.digitstream.testing.MnistFixture;
import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The ONNX path computes what DL4J computes: same argmax and nearly the same probabilities on the
 * 500 committed MNIST test images, for the shipped model and for freshly initialized networks of
 * both architectures with random batch-norm statistics (so folding is exercised with values far from
 * the identity, and LeNet's 5x5 truncate-mode convolutions too).
 */
class OnnxEquivalenceTest {

    /** Float32 reassociation (folded batch norm, different GEMM order) moves probabilities by ~1e-6; a wrong layout by ~1. */
    static final double MAX_PROBABILITY_DIFFERENCE = 1e-4;

    static float[][] inputs;

    @BeforeAll
    static void fixture() {
        inputs = NormalizedDataset.of(MnistFixture.test500()).inputs();
        assertThat(inputs.length).isEqualTo(500);
    }

    @Test
    void shippedModelAgreesWithDl4jOnTheFixture() throws Exception {
        DigitModel model = DigitModel.load(ModelLocator.defaultModelPath());
        Comparison comparison = compare(model, OnnxDigitModel.of(model, 1));
        System.out.printf("shipped model %s: %d of 500 argmax differ, max |dp| %.3g%n", model.version(),
                comparison.argmaxDifferences, comparison.maxDifference);
        assertThat(comparison.argmaxDifferences).isZero();
        assertThat(comparison.maxDifference).isLessThan(MAX_PROBABILITY_DIFFERENCE);
    }

    @Test
    void shippedModelAgreesWithTwoThreadsAndAnyBatchSize() throws Exception {
        DigitModel model = DigitModel.load(ModelLocator.defaultModelPath());
        float[][] expected = model.classify(inputs);
        try (OnnxDigitModel onnx = OnnxDigitModel.of(model, 2)) {
            int from = 0;
            for (int batch : new int[] {1, 7, 32, 200, 260}) {
                float[][] actual = onnx.classify(Arrays.copyOfRange(inputs, from, from + batch));
                for (int i = 0; i < batch; i++) {
                    assertThat(maxAbsDifference(expected[from + i], actual[i])).as("image %d in a batch of %d", from + i, batch)
                            .isLessThan(MAX_PROBABILITY_DIFFERENCE);
                }
                from += batch;
            }
        }
    }

    @Test
    void randomVggWithNonTrivialBatchNormAgrees() {
        assertRandomNetworkAgrees(NetworkArchitecture.VGG, 7);
    }

    @Test
    void randomSlimAgrees() {
        assertRandomNetworkAgrees(NetworkArchitecture.SLIM, 13);
    }

    @Test
    void randomCompactAgrees() {
        assertRandomNetworkAgrees(NetworkArchitecture.COMPACT, 17);
    }

    @Test
    void randomLenetAgrees() {
        assertRandomNetworkAgrees(NetworkArchitecture.LENET, 11);
    }

    /** The quarter turns become column gathers, their pooling a ReduceMax over the turns. */
    @Test
    void randomTurnPooledAgrees() {
        assertRandomNetworkAgrees(NetworkArchitecture.TURN_POOLED, 19);
    }

    @Test
    void refusesLayersItCannotExport() {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new LocalResponseNormalization.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1)).build());
        network.init();
        assertThatThrownBy(() -> OnnxExporter.toOnnx(network, "x"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("LocalResponseNormalization");
    }

    private static void assertRandomNetworkAgrees(NetworkArchitecture architecture, long seed) {
        TrainingParameters d = TrainingParameters.defaults();
        MultiLayerNetwork network = new MultiLayerNetwork(NetworkArchitecture.configuration(new TrainingParameters(seed,
                d.epochs(), d.batchSize(), d.learningRate(), d.learningRateDecay(), d.l2(), d.dropout(), d.validationImages(),
                d.trainLimit(), d.augment(), d.patience(), architecture)));
        network.init();
        Random random = new Random(seed);
        for (Layer layer : network.getLayers()) {
            for (var entry : layer.paramTable().entrySet()) {
                INDArray param = entry.getValue();
                switch (entry.getKey()) {
                    case "gamma" -> param.assign(randomArray(random, param, 0.5, 1.5));
                    case "beta", "mean" -> param.assign(randomArray(random, param, -0.5, 0.5));
                    case "var" -> param.assign(randomArray(random, param, 0.2, 3.0));
                    case "log10stdev" -> param.assign(randomArray(random, param, -0.4, 0.3));
                    case "b" -> param.assign(randomArray(random, param, -0.1, 0.1));
                    default -> { }
                }
            }
        }
        Comparison comparison = compare(new DigitModel(network, null), OnnxDigitModel.of(network, "random", 1));
        System.out.printf("random %s: %d of 500 argmax differ, max |dp| %.3g%n", architecture, comparison.argmaxDifferences,
                comparison.maxDifference);
        assertThat(comparison.maxDifference).isLessThan(MAX_PROBABILITY_DIFFERENCE);
        assertThat(comparison.argmaxDifferences).isLessThanOrEqualTo(1); // near-ties of an untrained network may flip
    }

    private static INDArray randomArray(Random random, INDArray like, double low, double high) {
        float[] values = new float[(int) like.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (low + (high - low) * random.nextDouble());
        }
        return Nd4j.create(values, like.shape(), 'c').castTo(like.dataType());
    }

    record Comparison(int argmaxDifferences, double maxDifference) {
    }

    static Comparison compare(DigitModel model, OnnxDigitModel onnx) {
        float[][] expected = model.classify(inputs);
        float[][] actual;
        try (onnx) {
            actual = onnx.classify(inputs);
        }
        int differences = 0;
        double max = 0;
        for (int i = 0; i < inputs.length; i++) {
            assertThat(actual[i]).hasSize(DigitModel.CLASSES);
            if (Scores.argmax(expected[i]) != Scores.argmax(actual[i])) {
                differences++;
            }
            max = Math.max(max, maxAbsDifference(expected[i], actual[i]));
        }
        return new Comparison(differences, max);
    }

    static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
