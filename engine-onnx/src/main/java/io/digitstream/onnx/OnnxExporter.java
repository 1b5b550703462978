package io.digitstream.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.digitstream.model.DigitModel;
import io.digitstream.model.QuarterTurnStack;
import io.digitstream.model.TurnPooling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a trained DL4J {@link MultiLayerNetwork} as an equivalent ONNX model for inference.
 *
 * <p>Each BatchNormalization that follows a convolution or dense layer with identity activation is
 * folded into that layer: with {@code s = gamma / sqrt(var + eps)}, {@code W'[c] = W[c] * s[c]} and
 * {@code b'[c] = (b[c] - mean[c]) * s[c] + beta[c]}, where {@code c} is the output channel (conv W
 * {@code [out,in,kh,kw]}) or output column (dense W {@code [nIn,nOut]}). Dropout is the identity at
 * inference and disappears. Input preprocessors become Reshape (784 → 1x28x28, row-major) and Flatten
 * (NCHW, channel-major: DL4J's CnnToFeedForwardPreProcessor order). Graph: input {@code [N,784]} →
 * probabilities {@code [N,10]}, the shapes {@code DigitModel.classify} takes and returns.
 *
 * <p>Supported: ConvolutionLayer (NCHW, Same or Truncate mode), BatchNormalization, ActivationLayer,
 * SubsamplingLayer (max), DenseLayer, DropoutLayer, OutputLayer; activations identity, ReLU and softmax; the
 * quarter turns of a turn-pooled network (QuarterTurnStack: four column Gathers and a Concat; TurnPooling: a
 * ReduceMax over the turns).
 * Anything else is refused rather than exported wrongly.
 */
public final class OnnxExporter {

    public static final String INPUT = "input";
    public static final String OUTPUT = "probabilities";

    private final OnnxGraph graph = new OnnxGraph();
    /** Quantized export: min and max of DL4J's activations, index 0 the input and i + 1 the output of layer i; else null. */
    private final float[][] ranges;
    private String current = INPUT;
    /** The quantization of {@code current} when it is the output of a DequantizeLinear, else null. */
    private Quantization quantized;
    /** The convolution or dense layer not yet emitted, so that a following batch norm can fold into it. */
    private Linear pending;
    private long channels;
    private long height;
    private long width;
    private int names;

    private OnnxExporter(float[][] ranges) {
        this.ranges = ranges;
    }

    /** Per-tensor uint8 quantization of an activation: {@code x = scale * (q - zeroPoint)}. */
    private record Quantization(String scale, String zeroPoint, float scaleValue) {
    }

    /** Exports {@code model} to {@code target} (an {@code .onnx} file). */
    public static void export(DigitModel model, Path target) throws IOException {
        Files.write(target, toOnnx(model));
    }

    public static byte[] toOnnx(DigitModel model) {
        return toOnnx(model.network(), model.version());
    }

    public static byte[] toOnnx(MultiLayerNetwork network, String version) {
        return new OnnxExporter(null).convert(network, version);
    }

    /**
     * An int8 model in ONNX's QDQ form, for ONNX Runtime's int8 kernels (AVX-512 VNNI where the CPU has
     * it): every convolution gets per-output-channel symmetric int8 weights, an int32 bias and uint8
     * activations in and out, whose ranges are the min and max DL4J computes on {@code calibration}
     * (rows of 784 normalized floats: training images, not the images it will be judged on). Max pooling
     * runs on the uint8 values; the dense head stays float (2% of the multiply-adds).
     */
    public static byte[] toQuantizedOnnx(MultiLayerNetwork network, String version, float[][] calibration) {
        if (calibration.length == 0) {
            throw new IllegalArgumentException("no calibration images");
        }
        List<INDArray> activations = network.feedForward(org.nd4j.linalg.factory.Nd4j.create(calibration), false);
        float[][] ranges = new float[activations.size()][];
        for (int i = 0; i < ranges.length; i++) {
            INDArray a = activations.get(i);
            ranges[i] = new float[] {a.minNumber().floatValue(), a.maxNumber().floatValue()};
        }
        return new OnnxExporter(ranges).convert(network, version + "-int8");
    }

    private byte[] convert(MultiLayerNetwork network, String version) {
        graph.input(INPUT, "N", -1, DigitModel.INPUTS);
        MultiLayerConfiguration configuration = network.getLayerWiseConfigurations();
        Layer[] layers = network.getLayers();
        for (int i = 0; i < layers.length; i++) {
            InputPreProcessor preProcessor = configuration.getInputPreProcess(i);
            if (preProcessor != null) {
                preProcess(preProcessor, i, network);
            }
            layer(layers[i], i);
        }
        flush();
        graph.node("Identity", OUTPUT, List.of(current));
        graph.output(OUTPUT, "N", -1, DigitModel.CLASSES);
        return graph.toModel("digit-stream " + version, version,
                "Exported from the DL4J model " + version + "; batch normalization folded into the preceding layers");
    }

    private void preProcess(InputPreProcessor preProcessor, int index, MultiLayerNetwork network) {
        if (preProcessor instanceof FeedForwardToCnnPreProcessor toCnn) {
            flush();
            channels = toCnn.getNumChannels();
            height = toCnn.getInputHeight();
            width = toCnn.getInputWidth();
            String shape = graph.longInitializer(name("shape"), new long[] {4}, new long[] {-1, channels, height, width});
            current = graph.node("Reshape", name("reshaped"), List.of(current, shape));
            quantized = null;
        } else if (preProcessor instanceof CnnToFeedForwardPreProcessor toFeedForward) {
            requireNchw(toFeedForward.getFormat(), "the preprocessor of layer " + index);
            flush();
            current = graph.node("Flatten", name("flat"), List.of(current), OnnxGraph.attribute("axis", 1));
            quantized = null;
        } else if (preProcessor instanceof QuarterTurnStack) {
            // [N,784] → the four quarter turns, each a fixed permutation of the columns, stacked turn by turn
            flush();
            List<String> turns = new ArrayList<>();
            for (int t = 0; t < QuarterTurnStack.TURNS; t++) {
                int[] columns = QuarterTurnStack.turn(t);
                String indices = graph.longInitializer(name("turn"), new long[] {columns.length},
                        Arrays.stream(columns).asLongStream().toArray());
                turns.add(graph.node("Gather", name("turned"), List.of(current, indices), OnnxGraph.attribute("axis", 1)));
            }
            String stacked = graph.node("Concat", name("stacked"), turns, OnnxGraph.attribute("axis", 0));
            channels = 1;
            height = QuarterTurnStack.SIDE;
            width = QuarterTurnStack.SIDE;
            String shape = graph.longInitializer(name("shape"), new long[] {4}, new long[] {-1, channels, height, width});
            current = graph.node("Reshape", name("reshaped"), List.of(stacked, shape));
            quantized = null;
        } else if (preProcessor instanceof TurnPooling) {
            // [4N,F] → [4,N,F] → the largest of the four readings of each feature
            flush();
            String shape = graph.longInitializer(name("shape"), new long[] {3}, new long[] {QuarterTurnStack.TURNS, -1,
                    ((FeedForwardLayer) network.getLayer(index).conf().getLayer()).getNIn()});
            String byTurn = graph.node("Reshape", name("byturn"), List.of(current, shape));
            current = graph.node("ReduceMax", name("pooled"), List.of(byTurn), OnnxGraph.ints("axes", 0),
                    OnnxGraph.attribute("keepdims", 0));
            quantized = null;
        } else {
            throw unsupported("input preprocessor " + preProcessor.getClass().getSimpleName() + " of layer " + index);
        }
    }

    private void layer(Layer layer, int index) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf instanceof ConvolutionLayer conv && conf.getClass() == ConvolutionLayer.class) {
            flush();
            requireNchw(conv.getCnn2dDataFormat(), "layer " + index);
            INDArray w = layer.getParam("W"); // [out, in, kh, kw]
            long[] shape = w.shape();
            int[] kernel = conv.getKernelSize();
            int[] stride = conv.getStride();
            int[] dilation = conv.getDilation();
            long[] pads = new long[4]; // top, left, bottom, right
            long outH = outputSize(conv.getConvolutionMode(), height, kernel[0], stride[0], dilation[0], conv.getPadding()[0], pads, 0);
            long outW = outputSize(conv.getConvolutionMode(), width, kernel[1], stride[1], dilation[1], conv.getPadding()[1], pads, 1);
            float[] bias = layer.paramTable().containsKey("b") ? floats(layer.getParam("b")) : new float[(int) shape[0]];
            pending = new Linear(index, true, floats(w), shape, bias, conv.getActivationFn(), List.of(
                    OnnxGraph.ints("kernel_shape", kernel[0], kernel[1]),
                    OnnxGraph.ints("strides", stride[0], stride[1]),
                    OnnxGraph.ints("dilations", dilation[0], dilation[1]),
                    OnnxGraph.ints("pads", pads)));
            channels = shape[0];
            height = outH;
            width = outW;
        } else if (conf instanceof SubsamplingLayer pool && conf.getClass() == SubsamplingLayer.class) {
            flush();
            if (pool.getPoolingType() != PoolingType.MAX) {
                throw unsupported("pooling " + pool.getPoolingType() + " of layer " + index);
            }
            requireNchw(pool.getCnn2dDataFormat(), "layer " + index);
            int[] kernel = pool.getKernelSize();
            int[] stride = pool.getStride();
            int[] dilation = pool.getDilation();
            long[] pads = new long[4];
            long outH = outputSize(pool.getConvolutionMode(), height, kernel[0], stride[0], dilation[0], pool.getPadding()[0], pads, 0);
            long outW = outputSize(pool.getConvolutionMode(), width, kernel[1], stride[1], dilation[1], pool.getPadding()[1], pads, 1);
            current = graph.node("MaxPool", name("pool"), List.of(current),
                    OnnxGraph.ints("kernel_shape", kernel[0], kernel[1]),
                    OnnxGraph.ints("strides", stride[0], stride[1]),
                    OnnxGraph.ints("dilations", dilation[0], dilation[1]),
                    OnnxGraph.ints("pads", pads));
            if (quantized != null) {
                // Same scale and zero point on both sides: ONNX Runtime then pools the uint8 values directly.
                current = dequantize(quantize(current, quantized), quantized);
            }
            height = outH;
            width = outW;
        } else if (conf instanceof BatchNormalization bn) {
            if (pending == null || !(pending.activation instanceof ActivationIdentity)) {
                throw unsupported("batch normalization of layer " + index + " that does not follow a convolution or dense"
                        + " layer with identity activation (it cannot be folded)");
            }
            pending.foldBatchNorm(layer.paramTable(), bn, index);
            pending.lastIndex = index;
        } else if (conf instanceof ActivationLayer activation) {
            if (pending != null && pending.activation instanceof ActivationIdentity) {
                pending.activation = activation.getActivationFn();
                pending.lastIndex = index;
            } else {
                flush();
                current = activation(activation.getActivationFn(), current, index);
            quantized = null;
            }
        } else if (conf instanceof DropoutLayer) {
            // The identity at inference.
            if (pending != null) {
                pending.lastIndex = index;
            }
        } else if ((conf instanceof DenseLayer || conf instanceof OutputLayer)
                && (conf.getClass() == DenseLayer.class || conf.getClass() == OutputLayer.class)) {
            flush();
            INDArray w = layer.getParam("W"); // [nIn, nOut]
            float[] bias = layer.paramTable().containsKey("b") ? floats(layer.getParam("b")) : new float[(int) w.size(1)];
            pending = new Linear(index, false, floats(w), w.shape(), bias, ((BaseLayer) conf).getActivationFn(), List.of());
        } else {
            throw unsupported("layer " + index + " (" + conf.getClass().getSimpleName() + ")");
        }
    }

    /** Emits the pending convolution or dense layer with its (folded) weights and its activation. */
    private void flush() {
        if (pending == null) {
            return;
        }
        Linear linear = pending;
        pending = null;
        if (ranges != null && linear.convolution) {
            flushQuantized(linear);
            return;
        }
        String w = graph.floatInitializer(name("W"), linear.shape, linear.weights);
        String b = graph.floatInitializer(name("B"), new long[] {linear.bias.length}, linear.bias);
        String out;
        if (linear.convolution) {
            out = graph.node("Conv", name("conv"), List.of(current, w, b), linear.attributes.toArray(AttributeProto[]::new));
        } else {
            out = graph.node("Gemm", name("gemm"), List.of(current, w, b));
        }
        current = activation(linear.activation, out, -1);
        quantized = null;
    }

    /** DQ(Q(x)) → Conv(DQ(int8 W), DQ(int32 b)) → activation → Q → DQ, which ONNX Runtime fuses into QLinearConv. */
    private void flushQuantized(Linear linear) {
        if (quantized == null) {
            quantized = quantization(ranges[linear.firstIndex]);
            current = dequantize(quantize(current, quantized), quantized);
        }
        int outputs = linear.bias.length;
        int perChannel = linear.weights.length / outputs;
        float[] weightScales = new float[outputs];
        byte[] weights = new byte[linear.weights.length];
        int[] bias = new int[outputs];
        for (int c = 0; c < outputs; c++) {
            float max = 0;
            for (int k = c * perChannel; k < (c + 1) * perChannel; k++) {
                max = Math.max(max, Math.abs(linear.weights[k]));
            }
            weightScales[c] = max == 0 ? 1 : max / 127;
            for (int k = c * perChannel; k < (c + 1) * perChannel; k++) {
                weights[k] = (byte) Math.max(-127, Math.min(127, Math.round(linear.weights[k] / weightScales[c])));
            }
            bias[c] = Math.round(linear.bias[c] / (quantized.scaleValue() * weightScales[c]));
        }
        float[] biasScales = new float[outputs];
        for (int c = 0; c < outputs; c++) {
            biasScales[c] = quantized.scaleValue() * weightScales[c];
        }
        long[] channelDims = {outputs};
        String w = graph.node("DequantizeLinear", name("W_dq"), List.of(
                graph.bytesInitializer(name("W_q"), linear.shape, DataType.INT8, weights),
                graph.floatInitializer(name("W_scale"), channelDims, weightScales),
                graph.bytesInitializer(name("W_zero"), channelDims, DataType.INT8, new byte[outputs])),
                OnnxGraph.attribute("axis", 0));
        String b = graph.node("DequantizeLinear", name("B_dq"), List.of(
                graph.intInitializer(name("B_q"), channelDims, bias),
                graph.floatInitializer(name("B_scale"), channelDims, biasScales),
                graph.intInitializer(name("B_zero"), channelDims, new int[outputs])),
                OnnxGraph.attribute("axis", 0));
        String out = graph.node("Conv", name("conv"), List.of(current, w, b), linear.attributes.toArray(AttributeProto[]::new));
        out = activation(linear.activation, out, -1);
        quantized = quantization(ranges[linear.lastIndex + 1]);
        current = dequantize(quantize(out, quantized), quantized);
    }

    /** Asymmetric uint8 over [min, max] widened to include 0 (a ReLU output gets zero point 0). */
    private Quantization quantization(float[] range) {
        float min = Math.min(0, range[0]);
        float max = Math.max(0, range[1]);
        float scale = max > min ? (max - min) / 255 : 1;
        int zeroPoint = Math.max(0, Math.min(255, Math.round(-min / scale)));
        String scaleName = graph.floatInitializer(name("x_scale"), new long[0], new float[] {scale});
        String zeroName = graph.bytesInitializer(name("x_zero"), new long[0], DataType.UINT8, new byte[] {(byte) zeroPoint});
        return new Quantization(scaleName, zeroName, scale);
    }

    private String quantize(String input, Quantization q) {
        return graph.node("QuantizeLinear", name("q"), List.of(input, q.scale(), q.zeroPoint()));
    }

    private String dequantize(String input, Quantization q) {
        return graph.node("DequantizeLinear", name("dq"), List.of(input, q.scale(), q.zeroPoint()));
    }

    private String activation(IActivation activation, String input, int index) {
        if (activation instanceof ActivationIdentity) {
            return input;
        } else if (activation instanceof ActivationReLU relu) {
            requirePlainRelu(relu, index);
            return graph.node("Relu", name("relu"), List.of(input));
        } else if (activation instanceof ActivationSoftmax) {
            return graph.node("Softmax", name("softmax"), List.of(input), OnnxGraph.attribute("axis", 1));
        }
        throw unsupported("activation " + activation + (index >= 0 ? " of layer " + index : ""));
    }

    private static void requirePlainRelu(ActivationReLU relu, int index) {
        boolean plain = (relu.getMax() == null || relu.getMax().isInfinite())
                && (relu.getThreshold() == null || relu.getThreshold() == 0.0)
                && (relu.getNegativeSlope() == null || relu.getNegativeSlope() == 0.0);
        if (!plain) {
            throw unsupported("ReLU variant " + relu + " (max, threshold or slope)" + (index >= 0 ? " of layer " + index : ""));
        }
    }

    /**
     * Output size of a convolution or pooling along one axis, filling its padding (ONNX order:
     * all begins, then all ends). Same mode pads {@code total/2} before and the rest after, like DL4J.
     */
    private static long outputSize(ConvolutionMode mode, long in, int kernel, int stride, int dilation, int padding,
                                   long[] pads, int axis) {
        long effective = (long) (kernel - 1) * dilation + 1;
        if (mode == ConvolutionMode.Same) {
            long out = (in + stride - 1) / stride;
            long total = Math.max(0, (out - 1) * stride + effective - in);
            pads[axis] = total / 2;
            pads[axis + 2] = total - total / 2;
            return out;
        } else if (mode == ConvolutionMode.Truncate) {
            pads[axis] = padding;
            pads[axis + 2] = padding;
            return (in + 2L * padding - effective) / stride + 1;
        }
        throw unsupported("convolution mode " + mode);
    }

    private static void requireNchw(CNN2DFormat format, String where) {
        if (format != null && format != CNN2DFormat.NCHW) {
            throw unsupported("data format " + format + " of " + where + " (only NCHW)");
        }
    }

    private String name(String kind) {
        return kind + "_" + names++;
    }

    private static float[] floats(INDArray array) {
        return array.dup('c').data().asFloat();
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("cannot export to ONNX: unsupported " + what);
    }

    /** A convolution (W [out,in,kh,kw]) or dense layer (W [nIn,nOut]) with its bias and activation. */
    private static final class Linear {
        /** The layer that made it and the last layer folded into it (batch norm, activation, dropout). */
        final int firstIndex;
        int lastIndex;
        final boolean convolution;
        final float[] weights;
        final long[] shape;
        final float[] bias;
        final List<AttributeProto> attributes;
        IActivation activation;

        Linear(int index, boolean convolution, float[] weights, long[] shape, float[] bias, IActivation activation,
               List<AttributeProto> attributes) {
            this.firstIndex = index;
            this.lastIndex = index;
            this.convolution = convolution;
            this.weights = weights;
            this.shape = shape;
            this.bias = bias;
            this.activation = activation;
            this.attributes = attributes;
        }

        /** y = gamma * (x - mean) / sqrt(var + eps) + beta, per output channel, folded into W and b. */
        void foldBatchNorm(Map<String, INDArray> params, BatchNormalization bn, int index) {
            int outputs = bias.length;
            float[] mean = floats(params.get("mean"));
            float[] variance;
            if (params.containsKey("var")) {
                variance = floats(params.get("var"));
            } else if (params.containsKey("log10stdev")) {
                float[] log10Std = floats(params.get("log10stdev"));
                variance = new float[outputs];
                for (int c = 0; c < outputs; c++) {
                    double std = Math.pow(10, log10Std[c]);
                    variance[c] = (float) (std * std);
                }
            } else {
                throw unsupported("batch normalization of layer " + index + " without global variance: " + params.keySet());
            }
            float[] gamma = params.containsKey("gamma") ? floats(params.get("gamma")) : filled(outputs, bn.getGamma());
            float[] beta = params.containsKey("beta") ? floats(params.get("beta")) : filled(outputs, bn.getBeta());
            if (mean.length != outputs) {
                throw unsupported("batch normalization of layer " + index + " over " + mean.length + " channels after a layer of "
                        + outputs);
            }
            double eps = bn.getEps();
            for (int c = 0; c < outputs; c++) {
                double scale = gamma[c] / Math.sqrt(variance[c] + eps);
                if (convolution) {
                    int perChannel = weights.length / outputs;
                    for (int k = c * perChannel; k < (c + 1) * perChannel; k++) {
                        weights[k] = (float) (weights[k] * scale);
                    }
                } else {
                    for (int k = c; k < weights.length; k += outputs) {
                        weights[k] = (float) (weights[k] * scale);
                    }
                }
                bias[c] = (float) ((bias[c] - mean[c]) * scale + beta[c]);
            }
        }

        private static float[] filled(int n, double value) {
            float[] values = new float[n];
            java.util.Arrays.fill(values, (float) value);
            return values;
        }
    }
}
