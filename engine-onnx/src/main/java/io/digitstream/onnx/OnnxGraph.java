package io.digitstream.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An ONNX graph being built with ONNX's generated protobuf classes ({@code ai.onnx.proto.OnnxMl}, shipped in
 * Tribuo's {@code tribuo-util-onnx}). Initializers hold their values in {@code raw_data}, little-endian as
 * ONNX specifies.
 */
final class OnnxGraph {

    /** IR version 8 (ONNX 1.10+); opset 13 has every operator used here in its current form. */
    static final long IR_VERSION = 8;
    static final long OPSET = 13;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int nodeCount;

    /** An int64 attribute. */
    static AttributeProto attribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setI(value).setType(AttributeProto.AttributeType.INT).build();
    }

    /** A list-of-int64 attribute. */
    static AttributeProto ints(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).addAllInts(boxed(values)).setType(AttributeProto.AttributeType.INTS)
                .build();
    }

    /** Adds a node and returns the name of its (single) output. */
    String node(String opType, String output, List<String> inputs, AttributeProto... attributes) {
        graph.addNode(NodeProto.newBuilder()
                .addAllInput(inputs)
                .addOutput(output)
                .setName(opType.toLowerCase(Locale.ROOT) + "_" + nodeCount++)
                .setOpType(opType)
                .addAllAttribute(Arrays.asList(attributes)));
        return output;
    }

    String floatInitializer(String name, long[] dims, float[] values) {
        ByteBuffer raw = littleEndian(values.length * Float.BYTES);
        raw.asFloatBuffer().put(values);
        return initializer(name, dims, DataType.FLOAT, raw);
    }

    String longInitializer(String name, long[] dims, long[] values) {
        ByteBuffer raw = littleEndian(values.length * Long.BYTES);
        raw.asLongBuffer().put(values);
        return initializer(name, dims, DataType.INT64, raw);
    }

    String intInitializer(String name, long[] dims, int[] values) {
        ByteBuffer raw = littleEndian(values.length * Integer.BYTES);
        raw.asIntBuffer().put(values);
        return initializer(name, dims, DataType.INT32, raw);
    }

    /** An initializer of one-byte elements ({@code INT8} or {@code UINT8}). */
    String bytesInitializer(String name, long[] dims, DataType dataType, byte[] values) {
        return initializer(name, dims, dataType, ByteBuffer.wrap(values));
    }

    private String initializer(String name, long[] dims, DataType dataType, ByteBuffer raw) {
        graph.addInitializer(TensorProto.newBuilder()
                .addAllDims(boxed(dims))
                .setDataType(dataType.getNumber())
                .setName(name)
                .setRawData(ByteString.copyFrom(raw)));
        return name;
    }

    /** A float tensor input; a dimension below zero is symbolic, named {@code symbolicName} (the batch). */
    void input(String name, String symbolicName, long... dims) {
        graph.addInput(valueInfo(name, symbolicName, dims));
    }

    void output(String name, String symbolicName, long... dims) {
        graph.addOutput(valueInfo(name, symbolicName, dims));
    }

    private static ValueInfoProto valueInfo(String name, String symbolicName, long[] dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long dim : dims) {
            shape.addDim(dim < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam(symbolicName)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(DataType.FLOAT.getNumber()).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    byte[] toModel(String graphName, String producerVersion, String docString) {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("digit-stream")
                .setProducerVersion(producerVersion)
                .setDocString(docString)
                .setGraph(graph.setName(graphName).setDocString(docString))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)) // the default domain
                .build()
                .toByteArray();
    }

    private static ByteBuffer littleEndian(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
