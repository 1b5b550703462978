package io.digitstream.lab.report;

import io.digitstream.lab.baseline.ForestBaselineResult;
import io.digitstream.metrics.ClassificationMetrics;
import io.digitstream.metrics.ConfusionMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * This model next to the random-forest baselines (measured on the same test images, from the same kind
 * of confusion matrix) and the figures the project's seeds and the literature published.
 */
final class ComparisonTable {

    /** A figure quoted, not measured here. */
    record Published(String model, String trainRows, String accuracy, String kappa, String source) {
    }

    static final List<Published> PUBLISHED = List.of(
            new Published("small Keras CNN (the seeds)", "—", "98.62%", "0.9847", "the project's seeds"),
            new Published("random forest on 2,000 rows (the seeds)", "2,000", "92%", "—", "the project's seeds"),
            new Published("LeNet-5 (LeCun et al., 1998)", "60,000", "99.05%", "—", "Gradient-based learning applied to document recognition"),
            new Published("best single CNNs", "60,000", "~99.8%", "—", "literature"));

    private final List<String> rows = new ArrayList<>();

    ComparisonTable measured(String model, long trainRows, ConfusionMatrix confusion, String trainingTime, String source) {
        ClassificationMetrics m = confusion.metrics();
        rows.add(Numbers.row(model, Numbers.count(trainRows), Numbers.percent(m.accuracy()),
                Numbers.percent(1 - m.accuracy()) + " (" + Numbers.interval(m.errorRateInterval95()) + ")",
                Numbers.fixed4(m.macroF1()), Numbers.fixed4(m.kappa()), trainingTime, source));
        return this;
    }

    ComparisonTable forest(ForestBaselineResult.Setup setup, String model) {
        return measured(model, setup.trainRows(), setup.confusion(), Numbers.seconds(setup.trainingSeconds()),
                "measured, `bin/digits baseline`");
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(Numbers.row("model", "training rows", "accuracy", "error rate (95% CI)", "macro F1", "Cohen's kappa", "training time",
                "source")).append('\n');
        md.append("|---|--:|--:|--:|--:|--:|--:|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        for (Published p : PUBLISHED) {
            md.append(Numbers.row(p.model(), p.trainRows(), p.accuracy(), "—", "—", p.kappa(), "—", "published: " + p.source())).append('\n');
        }
        return md.toString();
    }
}
