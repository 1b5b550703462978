package io.digitstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks, most of the wrong shape, for the model-safety and model-failure tests. */
public final class TestNetworks {

    private TestNetworks() {
    }

    /** A softmax layer from {@code inputs} to {@code classes}: the digit model's shape when 784 → 10. */
    public static MultiLayerNetwork softmax(int inputs, int classes) {
        return singleLayer(inputs, classes, Activation.SOFTMAX, LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD);
    }

    /** 784 → 10 without softmax: the right shape, but its outputs are scores, not probabilities. */
    public static MultiLayerNetwork scores() {
        return singleLayer(DigitModel.INPUTS, DigitModel.CLASSES, Activation.IDENTITY, LossFunctions.LossFunction.MSE);
    }

    private static MultiLayerNetwork singleLayer(int inputs, int outputs, Activation activation, LossFunctions.LossFunction loss) {
        NativeBackend.init();
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new OutputLayer.Builder(loss).nIn(inputs).nOut(outputs).activation(activation).build())
                .build());
        network.init();
        return network;
    }

    /** A model whose every classification fails: it takes 10 inputs, the stream gives 784. */
    public static DigitModel failing() {
        return new DigitModel(softmax(10, 10), metadata("{\"version\": \"failing\"}"));
    }

    /** Saves {@code network} at {@code file} with metadata holding its true SHA-256, as {@code train} would. */
    public static void save(MultiLayerNetwork network, Path file) throws IOException {
        ModelSerializer.writeModel(network, file.toFile(), false);
        metadata("{\"version\": \"test\", \"modelSha256\": \"" + DigitModel.sha256(file) + "\"}").write(file);
    }

    /** Metadata from JSON, as {@code train} writes it; absent fields stay empty. */
    static ModelMetadata metadata(String json) {
        try {
            return new ObjectMapper().readValue(json, ModelMetadata.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
