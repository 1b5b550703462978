package io.digitstream.benchmarks;

import io.digitstream.classifier.model.DigitModel;
import io.digitstream.classifier.model.NativeBackend;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code DigitModel.classify} of the shipped model (DL4J with oneDNN), one thread. Each invocation
 * classifies 256 images in batches of {@code batch}, so the score (ops/s) is images/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.platform.extension=-onednn",
        "-Dorg.eclipse.deeplearning4j.helpers.disable=false", "--add-opens", "java.base/java.nio=ALL-UNNAMED"})
public class Dl4jEngineBenchmark {

    @Param({"1", "32", "256"})
    int batch;

    private DigitModel model;
    private float[][][] batches;

    @Setup
    public void setUp() throws Exception {
        model = EngineInputs.shippedModel();
        batches = EngineInputs.batches(batch);
        System.err.printf("DL4J, convolutions on oneDNN: %s%n", NativeBackend.convolutionsUseOneDnn(model.network()));
    }

    @Benchmark
    @OperationsPerInvocation(EngineInputs.IMAGES)
    public void classify(Blackhole blackhole) {
        for (float[][] inputs : batches) {
            blackhole.consume(model.classify(inputs));
        }
    }
}
