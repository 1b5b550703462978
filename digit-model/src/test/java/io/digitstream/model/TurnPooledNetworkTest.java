package io.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class TurnPooledNetworkTest {

    private static final int BATCH = 6;

    @BeforeAll
    static void backend() {
        NativeBackend.init();
    }

    private static MultiLayerNetwork network(NetworkArchitecture architecture, double dropout) {
        TrainingParameters parameters = new TrainingParameters(7, 1, BATCH, 1e-3, 1, 0, dropout, 0, 0, false, 1, architecture);
        MultiLayerNetwork network = new MultiLayerNetwork(NetworkArchitecture.configuration(parameters));
        network.init();
        return network;
    }

    private static float[][] images(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] images = new float[count][DigitModel.INPUTS];
        for (float[] image : images) {
            for (int p = 0; p < image.length; p++) {
                image[p] = random.nextDouble() < 0.2 ? (float) random.nextDouble() : 0f;
            }
        }
        return images;
    }

    private static INDArray batch(float[][] images) {
        return Nd4j.create(images);
    }

    @Test
    void readsAnImageAlikeAtEveryQuarterTurn() {
        MultiLayerNetwork network = network(NetworkArchitecture.TURN_POOLED, 0);
        float[][] images = images(BATCH, 1);
        INDArray upright = network.output(batch(images));
        float[][] turned = new float[BATCH][];
        for (int turns = 1; turns < 4; turns++) {
            for (int i = 0; i < BATCH; i++) {
                turned[i] = QuarterTurnReading.quarterTurn(turns == 1 ? images[i] : turned[i]);
            }
            INDArray reading = network.output(batch(turned));
            for (int i = 0; i < BATCH; i++) {
                for (int c = 0; c < DigitModel.CLASSES; c++) {
                    assertThat(reading.getFloat(i, c)).as("image %d, class %d, %d turns", i, c, turns)
                            .isCloseTo(upright.getFloat(i, c), within(1e-5f));
                }
            }
        }
        // and each image is read by itself: a batch is not pooled across images
        INDArray alone = network.output(batch(new float[][] {images[2]}));
        assertThat(alone.getFloat(0, 3)).isCloseTo(upright.getFloat(2, 3), within(1e-5f));
    }

    @Test
    void theStackHoldsTheFourTurnsOfEachImageTurnByTurn() {
        float[][] images = images(2, 3);
        INDArray stacked = new QuarterTurnStack().preProcess(batch(images), 2,
                LayerWorkspaceMgr.noWorkspaces());
        assertThat(stacked.shape()).containsExactly(8, 1, 28, 28);
        for (int i = 0; i < 2; i++) {
            float[] expected = images[i];
            for (int t = 0; t < 4; t++) {
                float[] row = stacked.get(org.nd4j.linalg.indexing.NDArrayIndex.point(t * 2 + i)).reshape(784).toFloatVector();
                assertThat(row).as("image %d at %d turns", i, t).containsExactly(expected);
                expected = QuarterTurnReading.quarterTurn(expected);
            }
        }
    }

    /** The stack's backprop is its adjoint: <stack(x), y> = <x, backprop(y)> for any x and y. */
    @Test
    void theStacksGradientIsItsTranspose() {
        QuarterTurnStack stack = new QuarterTurnStack();
        INDArray x = batch(images(3, 11));
        INDArray y = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 12, 1, 28, 28);
        LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
        double forward = stack.preProcess(x, 3, none).mul(y).sumNumber().doubleValue();
        INDArray back = stack.backprop(y, 3, none);
        assertThat(back.shape()).containsExactly(3, 784);
        assertThat(x.mul(back).sumNumber().doubleValue()).isCloseTo(forward, within(1e-3 * Math.abs(forward)));
    }

    /** Each feature is the largest of its four readings, and its gradient goes to that reading alone. */
    @Test
    void poolingKeepsTheLargestReadingAndSendsItsGradientThere() {
        TurnPooling pooling = new TurnPooling();
        // two images, two features; rows t*2 + i: reading t of image i
        INDArray readings = Nd4j.create(new float[][] {
                {1, 5}, {0, 2},   // turn 0
                {3, 4}, {7, 1},   // turn 1
                {2, 9}, {6, 0},   // turn 2
                {0, 8}, {5, 3}}); // turn 3
        LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
        assertThat(pooling.preProcess(readings, 2, none).toFloatMatrix())
                .isDeepEqualTo(new float[][] {{3, 9}, {7, 3}});
        INDArray gradient = pooling.backprop(Nd4j.create(new float[][] {{10, 20}, {30, 40}}), 2, none);
        assertThat(gradient.toFloatMatrix()).isDeepEqualTo(new float[][] {
                {0, 0}, {0, 0},
                {10, 0}, {30, 0},
                {0, 20}, {0, 0},
                {0, 0}, {0, 40}});
    }

    @Test
    void trainsAndSurvivesSavingWithTheSameReadings(@TempDir Path dir) throws Exception {
        MultiLayerNetwork network = network(NetworkArchitecture.TURN_POOLED, 0.1);
        INDArray features = batch(images(BATCH, 9));
        INDArray labels = Nd4j.zeros(BATCH, DigitModel.CLASSES);
        for (int i = 0; i < BATCH; i++) {
            labels.putScalar(i, i % 2, 1);
        }
        DataSet data = new DataSet(features, labels);
        double before = network.score(data);
        for (int step = 0; step < 30; step++) {
            network.fit(data);
        }
        assertThat(network.score(data)).isLessThan(before / 2);

        File file = dir.resolve("turn-pooled.zip").toFile();
        ModelSerializer.writeModel(network, file, false);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, false);
        assertThat(restored.getLayerWiseConfigurations().getInputPreProcess(0)).isInstanceOf(QuarterTurnStack.class);
        assertThat(restored.output(features).toFloatMatrix()).isDeepEqualTo(network.output(features).toFloatMatrix());
    }

    /** A model read at any angle is read at its quarter turns by the engine, unless its network reads them itself. */
    @Test
    void isNotReadAtTheQuarterTurnsAgain() throws Exception {
        DigitModel pooled = new DigitModel(network(NetworkArchitecture.TURN_POOLED, 0), TestNetworks.metadata(
                "{\"version\": \"pooled\", \"parameters\": {\"architecture\": \"TURN_POOLED\", \"mix\": \"rot:1\"}}"));
        InferenceEngine served = Engines.open(Engines.DL4J, pooled, java.util.Map.of());
        assertThat(((RepeatedReading) served).engine()).isSameAs(pooled);

        DigitModel vgg = new DigitModel(network(NetworkArchitecture.VGG, 0), TestNetworks.metadata(
                "{\"version\": \"vgg\", \"parameters\": {\"architecture\": \"VGG\", \"mix\": \"rot:1\"}}"));
        assertThat(((RepeatedReading) Engines.open(Engines.DL4J, vgg, java.util.Map.of())).engine())
                .isInstanceOf(QuarterTurnReading.class);
    }

    /** Four readings of VGG up to its dense features, one output layer (128 -> 10) after the pooling. */
    @Test
    void costsFourReadingsOfVggButOneOutputLayer() {
        assertThat(NetworkCost.multiplyAdds(network(NetworkArchitecture.TURN_POOLED, 0)))
                .isEqualTo(4 * NetworkCost.multiplyAdds(network(NetworkArchitecture.VGG, 0)) - 3 * 128 * 10);
    }
}
