package io.digitstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.NetworkArchitecture;
import io.digitstream.model.TrainingParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exported bytes parse back as an ONNX {@code ModelProto} with the graph the exporter documents: batch norm
 * folded and dropout gone, the weights of every convolution and dense layer in DL4J's parameter shapes, an
 * {@code [N,784]} input and {@code [N,10]} output, opset 13. Runtime agreement with DL4J is {@link OnnxEquivalenceTest}.
 */
class OnnxExportStructureTest {

    /** conv3x3(32,32)-pool-conv3x3(64,64)-pool-dense(128)-softmax, each conv and the dense layer with its ReLU. */
    static final List<String> VGG_OPS = List.of("Reshape", "Conv", "Relu", "Conv", "Relu", "MaxPool", "Conv", "Relu", "Conv",
            "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm", "Softmax", "Identity");
    static final List<String> LENET_OPS = List.of("Reshape", "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten",
            "Gemm", "Relu", "Gemm", "Softmax", "Identity");

    static DigitModel model;

    @BeforeAll
    static void load() throws Exception {
        model = DigitModel.load(ModelLocator.defaultModelPath());
    }

    @Test
    void theShippedModelParsesBackAsItsDl4jGraph() throws Exception {
        ModelProto onnx = ModelProto.parseFrom(OnnxExporter.toOnnx(model));

        assertThat(onnx.getIrVersion()).isEqualTo(8);
        assertThat(onnx.getProducerName()).isEqualTo("digit-stream");
        assertThat(onnx.getProducerVersion()).isEqualTo(model.version());
        assertThat(onnx.getOpsetImportList()).singleElement().satisfies(opset -> {
            assertThat(opset.getDomain()).isEmpty();
            assertThat(opset.getVersion()).isEqualTo(13);
        });
        GraphProto graph = onnx.getGraph();
        assertThat(graph.getName()).isEqualTo("digit-stream " + model.version());
        assertFloatTensor(graph.getInputList(), OnnxExporter.INPUT, DigitModel.INPUTS);
        assertFloatTensor(graph.getOutputList(), OnnxExporter.OUTPUT, DigitModel.CLASSES);
        assertThat(opTypes(graph)).containsExactlyElementsOf(VGG_OPS);
        assertWellFormed(graph);
        assertFloatWeightsHaveDl4jShapes(graph, model.network());

        NodeProto reshape = graph.getNode(0);
        assertThat(longs(initializers(graph).get(reshape.getInput(1)))).containsExactly(-1, 1, 28, 28);
        NodeProto conv = graph.getNode(1);
        assertThat(attributes(conv)).containsOnlyKeys("kernel_shape", "strides", "dilations", "pads");
        assertThat(attributes(conv).get("kernel_shape").getType()).isEqualTo(AttributeProto.AttributeType.INTS);
        assertThat(attributes(conv).get("kernel_shape").getIntsList()).containsExactly(3L, 3L);
        assertThat(attributes(conv).get("pads").getIntsList()).containsExactly(1L, 1L, 1L, 1L); // Same mode
        assertThat(attributes(graph.getNode(5)).get("strides").getIntsList()).containsExactly(2L, 2L);
        assertThat(attributes(graph.getNode(11)).get("axis").getI()).isEqualTo(1);
        assertThat(attributes(graph.getNode(15)).get("axis").getType()).isEqualTo(AttributeProto.AttributeType.INT);
        assertThat(attributes(graph.getNode(15)).get("axis").getI()).isEqualTo(1);
    }

    @Test
    void aLenetParsesBackWithTruncateModeConvolutions() throws Exception {
        MultiLayerNetwork lenet = network(NetworkArchitecture.LENET);
        GraphProto graph = ModelProto.parseFrom(OnnxExporter.toOnnx(lenet, "lenet")).getGraph();

        assertThat(opTypes(graph)).containsExactlyElementsOf(LENET_OPS);
        assertWellFormed(graph);
        assertFloatWeightsHaveDl4jShapes(graph, lenet);
        assertThat(attributes(graph.getNode(1)).get("kernel_shape").getIntsList()).containsExactly(5L, 5L);
        assertThat(attributes(graph.getNode(1)).get("pads").getIntsList()).containsExactly(0L, 0L, 0L, 0L);
    }

    @Test
    void theInt8ModelParsesBackWithQuantizedConvolutionsAndAFloatHead() throws Exception {
        ModelProto onnx = ModelProto.parseFrom(OnnxExporter.toQuantizedOnnx(model.network(), model.version(),
                OnnxEngineProvider.calibrationImages()));

        assertThat(onnx.getProducerVersion()).isEqualTo(model.version() + "-int8");
        assertThat(onnx.getOpsetImport(0).getVersion()).isEqualTo(13);
        GraphProto graph = onnx.getGraph();
        assertFloatTensor(graph.getInputList(), OnnxExporter.INPUT, DigitModel.INPUTS);
        assertFloatTensor(graph.getOutputList(), OnnxExporter.OUTPUT, DigitModel.CLASSES);
        assertWellFormed(graph);
        assertThat(opTypes(graph).stream().filter(op -> !op.equals("QuantizeLinear") && !op.equals("DequantizeLinear")).toList())
                .containsExactlyElementsOf(VGG_OPS);

        Map<String, TensorProto> initializers = initializers(graph);
        Map<String, NodeProto> producers = producers(graph);
        List<long[]> dl4jWeights = weightShapes(model.network());
        List<NodeProto> convs = graph.getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).toList();
        assertThat(convs).hasSize(4);
        for (int i = 0; i < convs.size(); i++) {
            NodeProto conv = convs.get(i);
            long outputs = dl4jWeights.get(i)[0];
            // Activations in: uint8 through a QuantizeLinear/DequantizeLinear pair.
            NodeProto in = producers.get(conv.getInput(0));
            assertThat(in.getOpType()).isEqualTo("DequantizeLinear");
            assertThat(producers.get(in.getInput(0)).getOpType()).isEqualTo("QuantizeLinear");
            assertThat(initializers.get(in.getInput(2)).getDataType()).isEqualTo(DataType.UINT8_VALUE);
            assertThat(initializers.get(in.getInput(2)).getDimsList()).isEmpty(); // per tensor
            // Weights: symmetric int8 per output channel, DL4J's shape.
            NodeProto weights = producers.get(conv.getInput(1));
            assertThat(weights.getOpType()).isEqualTo("DequantizeLinear");
            assertThat(attributes(weights).get("axis").getI()).isZero();
            assertTensor(initializers.get(weights.getInput(0)), DataType.INT8, dl4jWeights.get(i));
            assertTensor(initializers.get(weights.getInput(1)), DataType.FLOAT, outputs);
            assertTensor(initializers.get(weights.getInput(2)), DataType.INT8, outputs);
            assertThat(initializers.get(weights.getInput(2)).getRawData().toByteArray()).containsOnly(0);
            // Bias: int32 per output channel.
            NodeProto bias = producers.get(conv.getInput(2));
            assertThat(bias.getOpType()).isEqualTo("DequantizeLinear");
            assertTensor(initializers.get(bias.getInput(0)), DataType.INT32, outputs);
            assertTensor(initializers.get(bias.getInput(1)), DataType.FLOAT, outputs);
        }
        // The dense head stays float, in DL4J's shapes.
        List<NodeProto> gemms = graph.getNodeList().stream().filter(n -> n.getOpType().equals("Gemm")).toList();
        assertThat(gemms).hasSize(2);
        for (int i = 0; i < gemms.size(); i++) {
            assertTensor(initializers.get(gemms.get(i).getInput(1)), DataType.FLOAT, dl4jWeights.get(convs.size() + i));
        }
    }

    private static void assertFloatWeightsHaveDl4jShapes(GraphProto graph, MultiLayerNetwork network) {
        Map<String, TensorProto> initializers = initializers(graph);
        List<long[]> expected = weightShapes(network);
        List<NodeProto> linear = graph.getNodeList().stream()
                .filter(n -> n.getOpType().equals("Conv") || n.getOpType().equals("Gemm")).toList();
        assertThat(linear).hasSameSizeAs(expected);
        for (int i = 0; i < linear.size(); i++) {
            long outputs = expected.get(i)[linear.get(i).getOpType().equals("Conv") ? 0 : 1];
            assertTensor(initializers.get(linear.get(i).getInput(1)), DataType.FLOAT, expected.get(i));
            assertTensor(initializers.get(linear.get(i).getInput(2)), DataType.FLOAT, outputs);
        }
    }

    /** The shapes of DL4J's {@code W} parameters, layer by layer: conv {@code [out,in,kh,kw]}, dense {@code [nIn,nOut]}. */
    private static List<long[]> weightShapes(MultiLayerNetwork network) {
        List<long[]> shapes = new ArrayList<>();
        for (Layer layer : network.getLayers()) {
            if (layer.paramTable().containsKey("W")) {
                shapes.add(layer.getParam("W").shape());
            }
        }
        return shapes;
    }

    /** Every node reads only the graph input, initializers and outputs of earlier nodes; names are unique. */
    private static void assertWellFormed(GraphProto graph) {
        Set<String> defined = new HashSet<>(initializers(graph).keySet());
        assertThat(defined).hasSize(graph.getInitializerCount());
        graph.getInputList().forEach(v -> defined.add(v.getName()));
        Set<String> nodeNames = new HashSet<>();
        for (NodeProto node : graph.getNodeList()) {
            assertThat(defined).as("inputs of %s", node.getName()).containsAll(node.getInputList());
            assertThat(node.getOutputList()).singleElement().satisfies(out -> assertThat(defined.add(out)).isTrue());
            assertThat(nodeNames.add(node.getName())).as("node name %s", node.getName()).isTrue();
        }
        assertThat(defined).contains(OnnxExporter.OUTPUT);
    }

    private static void assertFloatTensor(List<ValueInfoProto> values, String name, long width) {
        assertThat(values).singleElement().satisfies(value -> {
            assertThat(value.getName()).isEqualTo(name);
            assertThat(value.getType().getTensorType().getElemType()).isEqualTo(DataType.FLOAT_VALUE);
            List<TensorShapeProto.Dimension> dims = value.getType().getTensorType().getShape().getDimList();
            assertThat(dims).hasSize(2);
            assertThat(dims.get(0).getDimParam()).isEqualTo("N");
            assertThat(dims.get(0).hasDimValue()).isFalse();
            assertThat(dims.get(1).getDimValue()).isEqualTo(width);
        });
    }

    private static void assertTensor(TensorProto tensor, DataType type, long... shape) {
        assertThat(tensor).as("initializer").isNotNull();
        assertThat(tensor.getDataType()).as("%s data type", tensor.getName()).isEqualTo(type.getNumber());
        assertThat(tensor.getDimsList()).as("%s shape", tensor.getName()).containsExactlyElementsOf(boxed(shape));
        long elements = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int width = switch (type) {
            case FLOAT, INT32 -> 4;
            case INT64 -> 8;
            default -> 1;
        };
        assertThat((long) tensor.getRawData().size()).as("%s raw bytes", tensor.getName()).isEqualTo(elements * width);
    }

    private static List<String> opTypes(GraphProto graph) {
        return graph.getNodeList().stream().map(NodeProto::getOpType).toList();
    }

    private static Map<String, TensorProto> initializers(GraphProto graph) {
        return graph.getInitializerList().stream().collect(Collectors.toMap(TensorProto::getName, Function.identity()));
    }

    private static Map<String, NodeProto> producers(GraphProto graph) {
        Map<String, NodeProto> producers = new HashMap<>();
        graph.getNodeList().forEach(n -> producers.put(n.getOutput(0), n));
        return producers;
    }

    private static Map<String, AttributeProto> attributes(NodeProto node) {
        return node.getAttributeList().stream().collect(Collectors.toMap(AttributeProto::getName, Function.identity()));
    }

    private static long[] longs(TensorProto tensor) {
        assertThat(tensor.getDataType()).isEqualTo(DataType.INT64_VALUE);
        long[] values = new long[tensor.getRawData().size() / Long.BYTES];
        tensor.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
        return values;
    }

    private static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static MultiLayerNetwork network(NetworkArchitecture architecture) {
        TrainingParameters d = TrainingParameters.defaults();
        MultiLayerNetwork network = new MultiLayerNetwork(NetworkArchitecture.configuration(new TrainingParameters(d.seed(),
                d.epochs(), d.batchSize(), d.learningRate(), d.learningRateDecay(), d.l2(), d.dropout(), d.validationImages(),
                d.trainLimit(), d.augment(), d.patience(), architecture)));
        network.init();
        return network;
    }
}
