package io.digitstream.cli.bench;

import io.digitstream.model.DigitModel;
import io.digitstream.model.NativeBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Inference throughput of one network copy at several batch sizes: warm-up, then repeated timed
 * rounds of a fixed number of images; the best round counts (least disturbed by the rest of the box).
 */
public final class EngineBenchmark {

    /** Images/s at one batch size, best and median of the rounds. */
    public record Result(int batch, double bestImagesPerSecond, double medianImagesPerSecond, double meanBatchMillis) {
    }

    private final UnaryOperator<float[][]> classifier;
    private final String version;
    /** Engine-specific fields of the JSON, after model, batch and imagesPerSecond. */
    private final Map<String, Object> engineFields;
    private final float[][] inputs;

    /** DL4J (the default engine): {@code DigitModel.classify}. */
    public EngineBenchmark(DigitModel model, float[][] inputs) {
        this(model::classify, model.version(), dl4jFields(model), inputs);
    }

    /** Any engine with {@code DigitModel.classify}'s contract: rows of 784 floats in, rows of 10 probabilities out. */
    public EngineBenchmark(UnaryOperator<float[][]> classifier, String version, Map<String, Object> engineFields, float[][] inputs) {
        this.classifier = classifier;
        this.version = version;
        this.engineFields = engineFields;
        this.inputs = inputs;
    }

    private static Map<String, Object> dl4jFields(DigitModel model) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("engine", "dl4j");
        fields.put("ompThreads", NativeBackend.openMpThreads());
        fields.put("oneDnn", NativeBackend.convolutionsUseOneDnn(model.network()));
        return fields;
    }

    public Result run(int batch, int imagesPerRound, int rounds) {
        float[][] batchInputs = new float[batch][];
        for (int i = 0; i < batch; i++) {
            batchInputs[i] = inputs[i % inputs.length];
        }
        int calls = Math.max(1, imagesPerRound / batch);
        for (int i = 0; i < Math.max(3, calls / 4); i++) {
            classifier.apply(batchInputs);
        }
        List<Double> rates = new ArrayList<>();
        double totalMillis = 0;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                classifier.apply(batchInputs);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            rates.add(calls * batch / seconds);
            totalMillis += seconds * 1000 / calls;
        }
        List<Double> sorted = rates.stream().sorted().toList();
        return new Result(batch, sorted.get(sorted.size() - 1), sorted.get(sorted.size() / 2), totalMillis / rounds);
    }

    /** Runs every batch size and returns the acceptance JSON: the best batch plus per-batch detail. */
    public Map<String, Object> runAll(List<Integer> batches, int imagesPerRound, int rounds) {
        List<Result> results = new ArrayList<>();
        for (int batch : batches) {
            Result result = run(batch, imagesPerRound, rounds);
            results.add(result);
            System.err.printf("batch %4d: %,10.0f images/s (median %,.0f), %.2f ms per call%n", batch,
                    result.bestImagesPerSecond(), result.medianImagesPerSecond(), result.meanBatchMillis());
        }
        Result best = results.stream().max(java.util.Comparator.comparingDouble(Result::bestImagesPerSecond)).orElseThrow();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", version);
        json.put("batch", best.batch());
        json.put("imagesPerSecond", best.bestImagesPerSecond());
        json.putAll(engineFields);
        json.put("batches", results);
        return json;
    }
}
