package io.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkCostTest {

    /** Each count worked out by hand from the layer shapes: sum of out_h * out_w * out_c * k * k * in_c, plus in * out. */
    @ParameterizedTest
    @CsvSource({
            // 28x28: 1->32, 32->32; 14x14: 32->64, 64->64; dense 7*7*64 -> 128 -> 10
            "VGG,   18691840",
            // 28x28: 1->16, 16->16; 14x14: 16->32, 32->32; dense 7*7*32 -> 128 -> 10
            "SLIM,  4830720",
            // 28x28: 1->16; 14x14: 16->64; 7x7: 64->64, 64->64; dense 7*7*64 -> 128 -> 10
            "COMPACT, 5934592",
            // 24x24: 1->20 (5x5); 8x8: 20->50 (5x5); dense 4*4*50 -> 256 -> 10
            "LENET, 2095360"})
    void countsTheConvolutionsAndDenseLayersOfEachArchitecture(NetworkArchitecture architecture, long expected) {
        TrainingParameters parameters = new TrainingParameters(42, 1, 32, 1e-3, 1, 0, 0.4, 0, 0, false, 1, architecture);
        MultiLayerNetwork network = new MultiLayerNetwork(NetworkArchitecture.configuration(parameters));
        network.init();

        assertThat(NetworkCost.multiplyAdds(network)).isEqualTo(expected);
    }
}
