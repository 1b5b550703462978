package io.digitstream.benchmarks;

import io.digitstream.model.DigitModel;
import io.digitstream.model.Engines;
import io.digitstream.model.InferenceEngine;
import io.digitstream.onnx.OnnxEngineProvider;
import java.util.Map;
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
 * {@code classify} of the shipped model on each inference engine the service can run ({@link Engines}: DL4J with
 * oneDNN, and the same weights on ONNX Runtime, float or with int8 convolutions calibrated as the service
 * calibrates them), one calling thread and {@code intraOpThreads} ONNX Runtime threads per call (default 1; add
 * {@code -p intraOpThreads=1,2}). Each invocation classifies 256 images in batches of {@code batch}, so the
 * score (ops/s) is images/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.platform.extension=-onednn",
        "-Dorg.eclipse.deeplearning4j.helpers.disable=false", "--add-opens", "java.base/java.nio=ALL-UNNAMED"})
public class EngineBenchmark {

    @Param({"dl4j", "onnx", "onnx-int8"})
    String engine;

    @Param({"1", "32", "256"})
    int batch;

    @Param({"1"})
    int intraOpThreads;

    private InferenceEngine model;
    private float[][][] batches;

    @Setup
    public void setUp() throws Exception {
        DigitModel dl4j = EngineInputs.shippedModel();
        model = Engines.open(engine, dl4j, Map.of(OnnxEngineProvider.THREADS.name(), Integer.toString(intraOpThreads)));
        batches = EngineInputs.batches(batch);
        System.err.printf("engine %s (%s), %d intra-op thread(s) for ONNX Runtime%n", engine, model.version(), intraOpThreads);
    }

    @TearDown
    public void tearDown() throws Exception {
        if (model instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(EngineInputs.IMAGES)
    public void classify(Blackhole blackhole) {
        for (float[][] inputs : batches) {
            blackhole.consume(model.classify(inputs));
        }
    }
}
