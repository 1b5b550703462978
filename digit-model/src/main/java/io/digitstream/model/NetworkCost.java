package io.digitstream.model;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What one image costs a network: the multiply-adds of its convolutions and dense layers, read from the shapes
 * of one forward pass (batch norm, pooling and activations add a few percent at most and are not counted, as
 * in the papers that compare small CNNs this way).
 */
public final class NetworkCost {

    private NetworkCost() {
    }

    public static long multiplyAdds(MultiLayerNetwork network) {
        List<INDArray> activations = network.feedForward(Nd4j.zeros(1, DigitModel.INPUTS), false);
        long total = 0;
        for (int i = 0; i < network.getnLayers(); i++) {
            Layer layer = network.getLayer(i);
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            if (conf instanceof ConvolutionLayer) {
                long[] kernel = layer.getParam("W").shape(); // [out, in, kh, kw]
                long[] output = activations.get(i + 1).shape(); // [1, out, h, w]
                // times the rows one image became (four for a network that reads its quarter turns)
                total += output[0] * output[2] * output[3] * kernel[0] * kernel[1] * kernel[2] * kernel[3];
            } else if (conf instanceof DenseLayer || conf instanceof OutputLayer) {
                total += activations.get(i + 1).size(0) * layer.getParam("W").length(); // [in, out]
            }
        }
        return total;
    }
}
