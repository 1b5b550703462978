package io.digitstream.classifier.metrics;

import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.schemas.ModelComparison;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The aggregate of a time window: the confusion matrix of its labeled predictions, plus the inputs that cannot
 * enter a confusion matrix (unlabeled predictions, dead letters) and the classification latency. Every metric is
 * derived from the matrix ({@link io.digitstream.metrics.ClassificationMetrics}); nothing else is accumulated, but for
 * the side-by-side counts of champion and challenger when a challenger classified the window's images too
 * ({@link ComparisonCounts}).
 */
public final class WindowCounts {

    private static final int K = ConfusionMatrix.CLASSES;

    /** Version 2 adds the comparison of champion and challenger. */
    static final BinarySerde<WindowCounts> SERDE = new BinarySerde<>("WindowCounts", 2, 1) {
        @Override
        void write(DataOutputStream out, WindowCounts c) throws IOException {
            for (long count : c.confusion) {
                out.writeLong(count);
            }
            out.writeLong(c.unlabeled);
            out.writeLong(c.deadLetters);
            out.writeLong(c.latencyCount);
            out.writeLong(c.latencySumMillis);
            out.writeLong(c.latencyMaxMillis);
            ComparisonCounts.write(out, c.comparison);
        }

        @Override
        WindowCounts read(DataInputStream in, int version) throws IOException {
            WindowCounts c = new WindowCounts();
            for (int i = 0; i < c.confusion.length; i++) {
                c.confusion[i] = in.readLong();
            }
            c.unlabeled = in.readLong();
            c.deadLetters = in.readLong();
            c.latencyCount = in.readLong();
            c.latencySumMillis = in.readLong();
            c.latencyMaxMillis = in.readLong();
            c.comparison = version >= 2 ? ComparisonCounts.read(in) : null;
            return c;
        }
    };

    /** Row-major: index label * 10 + predicted digit. */
    private final long[] confusion = new long[K * K];
    private long unlabeled;
    private long deadLetters;
    private long latencyCount;
    private long latencySumMillis;
    private long latencyMaxMillis;
    /** Champion and challenger side by side, on the observations that carry both answers; null without any. */
    private ComparisonCounts comparison;

    /** Adds one observation; returns this (the aggregator contract of Kafka Streams). */
    public WindowCounts add(Observation o) {
        switch (o.kind()) {
            case LABELED -> confusion[o.label() * K + o.digit()]++;
            case UNLABELED -> unlabeled++;
            case DEAD_LETTER -> deadLetters++;
        }
        if (o.isPrediction()) {
            latencyCount++;
            latencySumMillis += o.latencyMillis();
            latencyMaxMillis = Math.max(latencyMaxMillis, o.latencyMillis());
        }
        if (o.pair() != null) {
            if (comparison == null || !comparison.counts(o.pair())) {
                comparison = new ComparisonCounts(o.pair().championVersion(), o.pair().challengerVersion());
            }
            comparison.add(o);
        }
        return this;
    }

    public ConfusionMatrix confusion() {
        long[][] rows = new long[K][K];
        for (int label = 0; label < K; label++) {
            System.arraycopy(confusion, label * K, rows[label], 0, K);
        }
        return ConfusionMatrix.of(rows);
    }

    public long unlabeled() {
        return unlabeled;
    }

    public long deadLetters() {
        return deadLetters;
    }

    /** Mean image-record-to-classification latency of the window's predictions; null without any. */
    public Double latencyMeanMillis() {
        return latencyCount == 0 ? null : (double) latencySumMillis / latencyCount;
    }

    /** Champion against challenger in this window; null when no image of it was classified by both. */
    public ModelComparison comparison() {
        return comparison == null ? null : comparison.snapshot();
    }

    public Long latencyMaxMillis() {
        return latencyCount == 0 ? null : latencyMaxMillis;
    }
}
