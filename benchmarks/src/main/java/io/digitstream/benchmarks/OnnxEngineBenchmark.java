package io.digitstream.benchmarks;

import io.digitstream.classifier.model.DigitModel;
import io.digitstream.onnx.OnnxDigitModel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code OnnxDigitModel.classify} of the shipped model exported to ONNX (batch norm folded), float or
 * with int8 convolutions (calibrated on fixture images 256..499, disjoint from the 256 classified), one
 * calling thread and {@code intraOpThreads} ONNX Runtime threads per call (default 1; add
 * {@code -p intraOpThreads=1,2}). Score: images/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.platform.extension=-onednn",
        "-Dorg.eclipse.deeplearning4j.helpers.disable=false", "--add-opens", "java.base/java.nio=ALL-UNNAMED"})
public class OnnxEngineBenchmark {

    @Param({"1", "32", "256"})
    int batch;

    @Param({"float", "int8"})
    String precision;

    @Param({"1"})
    int intraOpThreads;

    private OnnxDigitModel model;
    private float[][][] batches;

    @Setup
    public void setUp() throws Exception {
        DigitModel dl4j = EngineInputs.shippedModel();
        model = switch (precision) {
            case "float" -> OnnxDigitModel.of(dl4j, intraOpThreads);
            case "int8" -> OnnxDigitModel.quantized(dl4j, EngineInputs.calibration(), intraOpThreads);
            default -> throw new IllegalArgumentException("precision float or int8, not " + precision);
        };
        batches = EngineInputs.batches(batch);
        System.err.printf("ONNX Runtime %s, %s, %d intra-op thread(s)%n", OnnxDigitModel.runtimeVersion(), precision, intraOpThreads);
    }

    @TearDown
    public void tearDown() {
        model.close();
    }

    @Benchmark
    @OperationsPerInvocation(EngineInputs.IMAGES)
    public void classify(Blackhole blackhole) {
        for (float[][] inputs : batches) {
            blackhole.consume(model.classify(inputs));
        }
    }
}
