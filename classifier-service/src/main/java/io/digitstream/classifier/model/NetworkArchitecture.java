package io.digitstream.classifier.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
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
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The shipped CNN: two blocks of stacked 3x3 convolutions with batch normalization and max pooling,
 * then a small dense head with dropout. Adam with a per-epoch exponential learning-rate decay.
 */
public final class NetworkArchitecture {

    public static final String NAME = "conv3x3(32,32)-pool-conv3x3(64,64)-pool-dense(128)-softmax, batch norm, dropout";

    private NetworkArchitecture() {
    }

    public static MultiLayerConfiguration configuration(TrainingParameters p) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(p.seed())
                .updater(new Adam(new ExponentialSchedule(ScheduleType.EPOCH, p.learningRate(), p.learningRateDecay())))
                .weightInit(WeightInit.RELU)
                .l2(p.l2())
                .convolutionMode(ConvolutionMode.Same)
                .list();
        convBlock(layers, 1, 32);
        convBlock(layers, 32, 32);
        layers.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        convBlock(layers, 32, 64);
        convBlock(layers, 64, 64);
        layers.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        layers.layer(new DenseLayer.Builder().nOut(128).activation(Activation.IDENTITY).build());
        layers.layer(new BatchNormalization.Builder().build());
        layers.layer(new ActivationLayer(Activation.RELU));
        // DL4J's dropout argument is the probability of keeping an activation.
        layers.layer(new DropoutLayer(1.0 - p.dropout()));
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                .nOut(10).activation(Activation.SOFTMAX).build());
        return layers.setInputType(InputType.convolutionalFlat(28, 28, 1)).build();
    }

    private static void convBlock(NeuralNetConfiguration.ListBuilder layers, int in, int out) {
        layers.layer(new ConvolutionLayer.Builder(3, 3).nIn(in).nOut(out).stride(1, 1)
                .activation(Activation.IDENTITY).hasBias(false).build());
        layers.layer(new BatchNormalization.Builder().build());
        layers.layer(new ActivationLayer(Activation.RELU));
    }
}
