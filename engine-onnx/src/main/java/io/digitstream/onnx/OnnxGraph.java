package io.digitstream.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX graph being built, encoded as a {@code ModelProto}. Field numbers are those of the public
 * {@code onnx.proto} (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto,
 * TypeProto, TensorShapeProto); only the fields this exporter writes are named here.
 */
final class OnnxGraph {

    /** IR version 8 (ONNX 1.10+); opset 13 has every operator used here in its current form. */
    static final long IR_VERSION = 8;
    static final long OPSET = 13;

    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int INT32 = 6;
    static final int INT64 = 7;

    private static final int ATTRIBUTE_INT = 2;
    private static final int ATTRIBUTE_INTS = 7;

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private int nodeCount;

    /** An attribute of a node: one int64 or a list of them (all this exporter needs). */
    record Attribute(String name, long[] ints, boolean list) {
        static Attribute of(String name, long value) {
            return new Attribute(name, new long[] {value}, false);
        }

        static Attribute ints(String name, long... values) {
            return new Attribute(name, values, true);
        }
    }

    /** Adds a node and returns the name of its (single) output. */
    String node(String opType, String output, List<String> nodeInputs, Attribute... attributes) {
        ProtoWriter node = new ProtoWriter();
        for (String input : nodeInputs) {
            node.string(1, input); // input
        }
        node.string(2, output); // output
        node.string(3, opType.toLowerCase(java.util.Locale.ROOT) + "_" + nodeCount++); // name
        node.string(4, opType); // op_type
        for (Attribute attribute : attributes) {
            ProtoWriter a = new ProtoWriter().string(1, attribute.name()); // name
            if (attribute.list()) {
                for (long value : attribute.ints()) {
                    a.int64(8, value); // ints (unpacked: parsers accept both encodings)
                }
                a.int64(20, ATTRIBUTE_INTS); // type
            } else {
                a.int64(3, attribute.ints()[0]); // i
                a.int64(20, ATTRIBUTE_INT);
            }
            node.message(5, a); // attribute
        }
        nodes.add(node);
        return output;
    }

    String floatInitializer(String name, long[] dims, float[] values) {
        return initializer(name, dims, FLOAT, ProtoWriter.rawFloats(values));
    }

    String longInitializer(String name, long[] dims, long[] values) {
        return initializer(name, dims, INT64, ProtoWriter.rawLongs(values));
    }

    String bytesInitializer(String name, long[] dims, int dataType, byte[] values) {
        return initializer(name, dims, dataType, values);
    }

    String intInitializer(String name, long[] dims, int[] values) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(values.length * Integer.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(values);
        return initializer(name, dims, INT32, buffer.array());
    }

    private String initializer(String name, long[] dims, int dataType, byte[] raw) {
        ProtoWriter tensor = new ProtoWriter();
        for (long dim : dims) {
            tensor.int64(1, dim); // dims
        }
        tensor.int64(2, dataType); // data_type
        tensor.string(8, name); // name
        tensor.bytes(9, raw); // raw_data
        initializers.add(tensor);
        return name;
    }

    /** A float tensor input; a dimension below zero is symbolic, named {@code symbolicName} (the batch). */
    void input(String name, String symbolicName, long... dims) {
        inputs.add(valueInfo(name, symbolicName, dims));
    }

    void output(String name, String symbolicName, long... dims) {
        outputs.add(valueInfo(name, symbolicName, dims));
    }

    private static ProtoWriter valueInfo(String name, String symbolicName, long[] dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long dim : dims) {
            ProtoWriter d = new ProtoWriter();
            if (dim < 0) {
                d.string(2, symbolicName); // dim_param
            } else {
                d.int64(1, dim); // dim_value
            }
            shape.message(1, d); // TensorShapeProto.dim
        }
        ProtoWriter tensorType = new ProtoWriter().int64(1, FLOAT).message(2, shape); // elem_type, shape
        ProtoWriter type = new ProtoWriter().message(1, tensorType); // TypeProto.tensor_type
        return new ProtoWriter().string(1, name).message(2, type); // ValueInfoProto name, type
    }

    byte[] toModel(String graphName, String producerVersion, String docString) {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n)); // node
        graph.string(2, graphName); // name
        initializers.forEach(t -> graph.message(5, t)); // initializer
        graph.string(10, docString); // doc_string
        inputs.forEach(v -> graph.message(11, v)); // input
        outputs.forEach(v -> graph.message(12, v)); // output
        ProtoWriter model = new ProtoWriter();
        model.int64(1, IR_VERSION); // ir_version
        model.string(2, "digit-stream"); // producer_name
        model.string(3, producerVersion); // producer_version
        model.string(6, docString); // doc_string
        model.message(7, graph); // graph
        model.message(8, new ProtoWriter().string(1, "").int64(2, OPSET)); // opset_import: default domain
        return model.toByteArray();
    }
}
