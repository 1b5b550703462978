package io.digitstream.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The CNNs {@code train} can build. All: convolutions with batch normalization and max pooling, a
 * small dense head with dropout, Adam with a per-epoch exponential learning-rate decay. They trade
 * accuracy for arithmetic ({@link NetworkCost}): VGG needs 18.7M multiply-adds per image, COMPACT 5.9M, SLIM 4.8M, LeNet 2.1M,
 * TURN_POOLED (VGG four times) 74.8M. SLIM and COMPACT, measured, misread cluttered and real digits far more often
 * (docs/models.md).
 */
public enum NetworkArchitecture {

    /** Two blocks of stacked 3x3 convolutions (32, 64 channels), 28x28 and 14x14: the accurate one. */
    VGG("conv3x3(32,32)-pool-conv3x3(64,64)-pool-dense(128)-softmax, batch norm, dropout"),
    /**
     * VGG read at the four quarter turns inside the network ({@link QuarterTurnStack}), the dense features of the four
     * pooled to their maximum before the output layer ({@link TurnPooling}): the same weights as VGG, four times its
     * arithmetic, and a reading that is the same at every quarter turn, trained as it is served. For a model read at
     * any angle.
     */
    TURN_POOLED("VGG at the four quarter turns, the dense features max-pooled over the turns (TI-pooling)"),
    /** VGG's shape at half the width (16, 32 channels): a quarter of its multiply-adds. */
    SLIM("conv3x3(16,16)-pool-conv3x3(32,32)-pool-dense(128)-softmax, batch norm, dropout"),
    /**
     * One convolution at 28x28 (16 channels) and one at 14x14 (64), then two at 7x7 (64): VGG's widest layers where
     * the strokes are already pooled, so most of the arithmetic runs on the coarsest grid with a wider receptive field.
     */
    COMPACT("conv3x3(16)-pool-conv3x3(64)-pool-conv3x3(64,64)-dense(128)-softmax, batch norm, dropout"),
    /** LeNet-5's shape (5x5 valid convolutions, 20 and 50 channels) with batch norm: the fast one. */
    LENET("conv5x5(20)-pool-conv5x5(50)-pool-dense(256)-softmax, batch norm, dropout");

    private final String description;

    NetworkArchitecture(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public static MultiLayerConfiguration configuration(TrainingParameters p) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(p.seed())
                .updater(new Adam(new ExponentialSchedule(ScheduleType.EPOCH, p.learningRate(), p.learningRateDecay())))
                .weightInit(WeightInit.RELU)
                .l2(p.l2())
                .convolutionMode(p.architecture() == LENET ? ConvolutionMode.Truncate : ConvolutionMode.Same)
                .list();
        int dense = 128;
        switch (p.architecture()) {
            case VGG, SLIM, TURN_POOLED -> {
                int width = p.architecture() == SLIM ? 16 : 32;
                convBlock(layers, 1, width, 3);
                convBlock(layers, width, width, 3);
                maxPool(layers);
                convBlock(layers, width, 2 * width, 3);
                convBlock(layers, 2 * width, 2 * width, 3);
                maxPool(layers);
            }
            case COMPACT -> {
                convBlock(layers, 1, 16, 3);
                maxPool(layers);
                convBlock(layers, 16, 64, 3);
                maxPool(layers);
                convBlock(layers, 64, 64, 3);
                convBlock(layers, 64, 64, 3);
            }
            case LENET -> {
                convBlock(layers, 1, 20, 5);
                maxPool(layers);
                convBlock(layers, 20, 50, 5);
                maxPool(layers);
                dense = 256;
            }
        }
        layers.layer(new DenseLayer.Builder().nOut(dense).activation(Activation.IDENTITY).build());
        layers.layer(new BatchNormalization.Builder().build());
        layers.layer(new ActivationLayer(Activation.RELU));
        // DL4J's dropout argument is the probability of keeping an activation.
        layers.layer(new DropoutLayer(1.0 - p.dropout()));
        if (p.architecture() == TURN_POOLED) {
            layers.inputPreProcessor(0, new QuarterTurnStack());
            layers.inputPreProcessor(layers.getLayerwise().size(), new TurnPooling());
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                .nOut(10).activation(Activation.SOFTMAX).build());
        return layers.setInputType(InputType.convolutionalFlat(28, 28, 1)).build();
    }

    /**
     * Sets the share of activations every dropout layer of {@code network} drops in training: a fine-tune may drop
     * less (or more) than the network it starts from was trained with. Inference is unaffected.
     */
    public static void setDropout(MultiLayerNetwork network, double share) {
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), not " + share);
        }
        for (Layer layer : network.getLayers()) {
            if (layer.conf().getLayer() instanceof DropoutLayer dropout) {
                dropout.setIDropout(new Dropout(1.0 - share)); // DL4J's argument: the share kept
            }
        }
    }

    private static void maxPool(NeuralNetConfiguration.ListBuilder layers) {
        layers.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
    }

    private static void convBlock(NeuralNetConfiguration.ListBuilder layers, int in, int out, int kernel) {
        layers.layer(new ConvolutionLayer.Builder(kernel, kernel).nIn(in).nOut(out).stride(1, 1)
                .activation(Activation.IDENTITY).hasBias(false).build());
        layers.layer(new BatchNormalization.Builder().build());
        layers.layer(new ActivationLayer(Activation.RELU));
    }
}
