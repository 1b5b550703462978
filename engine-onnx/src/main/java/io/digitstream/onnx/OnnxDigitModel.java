package io.digitstream.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.digitstream.model.Calibration;
import io.digitstream.model.DigitModel;
import io.digitstream.model.InferenceEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The digit classifier on ONNX Runtime (CPU), built from the DL4J-trained weights by
 * {@link OnnxExporter}: same input (rows of 784 normalized floats) and output (rows of 10
 * probabilities) as {@link DigitModel#classify}. One session per instance; ONNX Runtime's
 * {@code run} is thread-safe, but the input buffer here is not, so classify is synchronized
 * like DL4J's {@code output} (use one instance per thread: {@link #copy()}). As an {@link InferenceEngine}
 * it is what the service's {@code onnx} and {@code onnx-int8} engines run ({@link OnnxEngineProvider}).
 */
public final class OnnxDigitModel implements InferenceEngine, AutoCloseable {

    private final OrtEnvironment environment;
    private final byte[] onnx;
    private final OrtSession session;
    private final String version;
    private final int intraOpThreads;
    private FloatBuffer buffer = allocate(1);
    /** The DL4J model's temperature scaling: the same probabilities, so the same calibration. */
    private Calibration calibration = Calibration.NONE;

    private OnnxDigitModel(byte[] onnx, String version, int intraOpThreads) throws OrtException {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, not " + intraOpThreads);
        }
        this.environment = environment();
        this.onnx = onnx;
        this.version = version;
        this.intraOpThreads = intraOpThreads;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = environment.createSession(onnx, options);
        }
    }

    /** Stack of the thread that starts ONNX Runtime; see {@link #environment()}. */
    static final long START_STACK_BYTES = 512L << 20;

    private static OrtEnvironment runtime;

    /**
     * ONNX Runtime's environment, started once on a thread of its own with a large stack. At start, ONNX Runtime
     * 1.29 matches its process's command line ({@code /proc/self/cmdline}) with a recursive regular expression that
     * needs about a kilobyte of stack per character: on a Java thread's default 1 MB, a command line some 3.5 KB
     * longer than {@code bin/digits}'s (a long class path, a long {@code -D} value) overflowed it, and the JVM died of
     * SIGSEGV without a report ({@code OnnxStartTest}, with a 30 KB command line). 512 MB of stack is reserved, not
     * used: at that rate it leaves room for command lines hundreds of kilobytes long.
     */
    static synchronized OrtEnvironment environment() {
        if (runtime == null) {
            OrtEnvironment[] started = new OrtEnvironment[1];
            RuntimeException[] failure = new RuntimeException[1];
            Thread thread = new Thread(null, () -> {
                try {
                    started[0] = OrtEnvironment.getEnvironment();
                } catch (RuntimeException e) {
                    failure[0] = e;
                }
            }, "onnx-runtime-start", START_STACK_BYTES);
            thread.start();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while ONNX Runtime started", e);
            }
            if (failure[0] != null) {
                throw failure[0];
            }
            runtime = started[0];
        }
        return runtime;
    }

    /** Converts the DL4J model in memory and opens it with {@code intraOpThreads} threads per call. */
    public static OnnxDigitModel of(DigitModel model, int intraOpThreads) {
        return of(model.network(), model.version(), intraOpThreads).calibrated(model.calibration());
    }

    private OnnxDigitModel calibrated(Calibration fitted) {
        this.calibration = fitted;
        return this;
    }

    @Override
    public Calibration calibration() {
        return calibration;
    }

    /** Converts a DL4J network in memory; {@code version} names it. */
    public static OnnxDigitModel of(MultiLayerNetwork network, String version, int intraOpThreads) {
        try {
            return new OnnxDigitModel(OnnxExporter.toOnnx(network, version), version, intraOpThreads);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused the exported model " + version + ": " + e.getMessage(), e);
        }
    }

    /**
     * The int8 variant ({@link OnnxExporter#toQuantizedOnnx}): activation ranges calibrated on
     * {@code calibration} (normalized training images, a few hundred suffice).
     */
    public static OnnxDigitModel quantized(DigitModel model, float[][] calibration, int intraOpThreads) {
        String version = model.version() + "-int8";
        try {
            return new OnnxDigitModel(OnnxExporter.toQuantizedOnnx(model.network(), model.version(), calibration), version,
                    intraOpThreads).calibrated(model.calibration());
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused the exported model " + version + ": " + e.getMessage(), e);
        }
    }

    /** Loads (and verifies) a DL4J model file and converts it; see {@link DigitModel#load}. */
    public static OnnxDigitModel load(Path dl4jModel, int intraOpThreads) throws IOException {
        return of(DigitModel.load(dl4jModel), intraOpThreads);
    }

    /** Softmax probabilities, one row of 10 per input row of 784 floats. */
    @Override
    public synchronized float[][] classify(float[][] inputs) {
        int n = inputs.length;
        if (buffer.capacity() < n * DigitModel.INPUTS) {
            buffer = allocate(n);
        }
        buffer.clear();
        for (float[] row : inputs) {
            if (row.length != DigitModel.INPUTS) {
                throw new IllegalArgumentException("an input has " + row.length + " values, not " + DigitModel.INPUTS);
            }
            buffer.put(row);
        }
        buffer.flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, buffer, new long[] {n, DigitModel.INPUTS});
             OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, tensor))) {
            FloatBuffer output = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[][] probabilities = new float[n][DigitModel.CLASSES];
            for (float[] row : probabilities) {
                output.get(row);
            }
            return probabilities;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to classify: " + e.getMessage(), e);
        }
    }

    @Override
    public String version() {
        return version;
    }

    /** Another session on the same ONNX model, with its own input buffer, for one more thread. */
    @Override
    public OnnxDigitModel copy() {
        try {
            return new OnnxDigitModel(onnx, version, intraOpThreads).calibrated(calibration);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused a copy of model " + version + ": " + e.getMessage(), e);
        }
    }

    /** The serialized ONNX model this session runs. */
    public byte[] onnxBytes() {
        return onnx.clone();
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    /** The ONNX Runtime version the session runs on. */
    public static String runtimeVersion() {
        return environment().getVersion();
    }

    @Override
    public synchronized void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FloatBuffer allocate(int images) {
        return ByteBuffer.allocateDirect(images * DigitModel.INPUTS * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
