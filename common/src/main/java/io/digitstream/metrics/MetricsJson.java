package io.digitstream.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The metrics object of the acceptance contract: dataset, n, accuracy, macro precision/recall/F1,
 * kappa and the confusion matrix (rows true labels, columns predictions), plus per-class detail.
 */
public final class MetricsJson {

    private MetricsJson() {
    }

    public static Map<String, Object> of(String dataset, ConfusionMatrix matrix) {
        ClassificationMetrics m = matrix.metrics();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", dataset);
        json.put("n", m.n());
        json.put("accuracy", m.accuracy());
        json.put("macroPrecision", m.macroPrecision());
        json.put("macroRecall", m.macroRecall());
        json.put("macroF1", m.macroF1());
        json.put("kappa", m.kappa());
        json.put("confusion", matrix.toArray());
        json.put("perClass", IntStream.range(0, ConfusionMatrix.CLASSES).mapToObj(c -> Map.of(
                "digit", c, "precision", m.precision()[c], "recall", m.recall()[c], "f1", m.f1()[c],
                "support", matrix.rowSum(c))).toList());
        double[] interval = m.errorRateInterval95();
        json.put("errorRate95", List.of(interval[0], interval[1]));
        return json;
    }
}
