package io.digitstream.classifier.metrics;

import io.digitstream.metrics.ClassificationMetrics;
import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.WindowKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds the {@link MetricsSnapshot} contract from a window's aggregate; the metrics come from {@link ClassificationMetrics}. */
public final class MetricsSnapshots {

    private MetricsSnapshots() {
    }

    /** Without drift scores (no references): a window with predictions reports {@code NO_REFERENCE}. */
    public static MetricsSnapshot timeWindow(String source, long start, Duration size, WindowCounts counts, long asOf) {
        return timeWindow(source, start, size, counts, asOf, DriftScoring.NONE);
    }

    public static MetricsSnapshot timeWindow(String source, long start, Duration size, WindowCounts counts, long asOf,
            DriftScoring drift) {
        return base(source, WindowKind.TIME, counts.confusion(), asOf)
                .setDrift(drift.score(counts.drift()).orElse(null))
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + size.toMillis()))
                .setWindowSize(size.toMillis())
                .setUnlabeled(counts.unlabeled())
                .setDeadLetters(counts.deadLetters())
                .setLatencyMeanMillis(counts.latencyMeanMillis())
                .setLatencyMaxMillis(counts.latencyMaxMillis())
                .setComparison(counts.comparison())
                .build();
    }

    public static MetricsSnapshot countWindow(String source, RollingCounts rolling, long asOf) {
        return base(source, WindowKind.COUNT, rolling.confusion(), asOf)
                .setWindowSize(rolling.capacity())
                .build();
    }

    private static MetricsSnapshot.Builder base(String source, WindowKind kind, ConfusionMatrix matrix, long asOf) {
        ClassificationMetrics m = ClassificationMetrics.of(matrix);
        List<Long> cells = new ArrayList<>(ConfusionMatrix.CLASSES * ConfusionMatrix.CLASSES);
        for (long[] row : matrix.toArray()) {
            Arrays.stream(row).forEach(cells::add);
        }
        return MetricsSnapshot.newBuilder()
                .setSource(source)
                .setWindow(kind)
                .setLabeled(m.n())
                .setUnlabeled(0)
                .setDeadLetters(0)
                .setAccuracy(m.accuracy())
                .setMacroPrecision(m.macroPrecision())
                .setMacroRecall(m.macroRecall())
                .setMacroF1(m.macroF1())
                .setKappa(m.kappa())
                .setPrecision(boxed(m.precision()))
                .setRecall(boxed(m.recall()))
                .setF1(boxed(m.f1()))
                .setConfusion(cells)
                .setAsOf(Instant.ofEpochMilli(asOf));
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /** The confusion matrix of a snapshot, rows true labels. */
    public static ConfusionMatrix confusion(MetricsSnapshot snapshot) {
        int k = ConfusionMatrix.CLASSES;
        long[][] rows = new long[k][k];
        for (int i = 0; i < k * k; i++) {
            rows[i / k][i % k] = snapshot.getConfusion().get(i);
        }
        return ConfusionMatrix.of(rows);
    }
}
