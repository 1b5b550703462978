package io.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkDropoutTest {

    private static MultiLayerNetwork slim(double dropout) {
        TrainingParameters parameters = new TrainingParameters(42, 1, 32, 1e-3, 1, 0, dropout, 0, 0, false, 1,
                NetworkArchitecture.SLIM);
        MultiLayerNetwork network = new MultiLayerNetwork(NetworkArchitecture.configuration(parameters));
        network.init();
        return network;
    }

    /**
     * Two training passes over the same images agree when nothing is dropped (batch normalization uses the batch's own
     * statistics either way) and differ when the dense layer's activations are dropped at random.
     */
    @Test
    void aFineTuneDropsWhatItIsToldToInTraining() {
        MultiLayerNetwork network = slim(0.4);
        Nd4j.getRandom().setSeed(7);
        INDArray images = Nd4j.rand(16, 784);
        assertThat(network.output(images, true).equalsWithEps(network.output(images, true), 1e-6)).isFalse();

        NetworkArchitecture.setDropout(network, 0);
        assertThat(network.output(images, true).equalsWithEps(network.output(images, true), 1e-6)).isTrue();

        NetworkArchitecture.setDropout(network, 0.4);
        assertThat(network.output(images, true).equalsWithEps(network.output(images, true), 1e-6)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"-0.01", "1", "1.01", "NaN"})
    void aShareOutsideZeroToOneIsRefused(double share) {
        MultiLayerNetwork network = slim(0.4);
        assertThatThrownBy(() -> NetworkArchitecture.setDropout(network, share))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropout");
    }

    @ParameterizedTest
    @CsvSource({"0", "0.99"})
    void sharesFromZeroToUnderOneAreTaken(double share) {
        NetworkArchitecture.setDropout(slim(0.4), share);
    }
}
