package io.digitstream.classifier.metrics;

import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.schemas.ModelComparison;
import java.util.ArrayList;
import java.util.List;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The aggregate of a time window: the confusion matrix of its labeled predictions, plus the inputs that cannot
 * enter a confusion matrix (unlabeled predictions, dead letters) and the classification latency. Every metric is
 * derived from the matrix ({@link io.digitstream.metrics.ClassificationMetrics}); nothing else is accumulated but the
 * distribution of the predictions for drift ({@link DriftCounts}), which needs no labels, and the side-by-side counts
 * of champion and challenger when a challenger classified the window's images too ({@link ComparisonCounts}).
 */
public final class WindowCounts {

    private static final int K = ConfusionMatrix.CLASSES;
    /** Pairs of champion and challenger versions a window keeps apart; a window seeing more forgets the oldest. */
    static final int MAX_PAIRS = 4;

    /** Version 2 adds the drift counts and the comparison of champion and challenger. */
    static final BinarySerde<WindowCounts> SERDE = new BinarySerde<>("WindowCounts", 2, 1) {
        @Override
        void write(DataOutputStream out, WindowCounts c) throws IOException {
            writeLongs(out, c.confusion);
            out.writeLong(c.unlabeled);
            out.writeLong(c.deadLetters);
            out.writeLong(c.latencyCount);
            out.writeLong(c.latencySumMillis);
            out.writeLong(c.latencyMaxMillis);
            c.drift.write(out);
            out.writeByte(c.comparisons.size());
            for (ComparisonCounts comparison : c.comparisons) {
                ComparisonCounts.write(out, comparison);
            }
        }

        @Override
        int sizeHint(WindowCounts c) {
            // the longs, then each model version's histograms and each pair's counts with their (short) names
            return (K * K + 5) * Long.BYTES + 2 + c.drift.byVersion().size() * 200 + c.comparisons.size() * 100;
        }

        @Override
        WindowCounts read(DataInputStream in, int version) throws IOException {
            WindowCounts c = new WindowCounts();
            readLongs(in, c.confusion);
            c.unlabeled = in.readLong();
            c.deadLetters = in.readLong();
            c.latencyCount = in.readLong();
            c.latencySumMillis = in.readLong();
            c.latencyMaxMillis = in.readLong();
            c.drift = version >= 2 ? DriftCounts.read(in) : new DriftCounts();
            int comparisons = version >= 2 ? in.readByte() : 0;
            if (comparisons < 0 || comparisons > MAX_PAIRS) {
                throw new IOException(comparisons + " pairs of versions, more than " + MAX_PAIRS);
            }
            for (int i = 0; i < comparisons; i++) {
                c.comparisons.add(ComparisonCounts.read(in));
            }
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
    private DriftCounts drift = new DriftCounts();
    /**
     * Champion and challenger side by side, per pair of versions, oldest pair first. While instances take up a swap
     * the outcomes of the old and the new pair interleave: each keeps its own counts, and the newest pair is shown.
     */
    private final List<ComparisonCounts> comparisons = new ArrayList<>(MAX_PAIRS);

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
            drift.add(o);
        }
        if (o.pair() != null) {
            ComparisonCounts counts = comparisons.stream().filter(c -> c.counts(o.pair())).findFirst().orElse(null);
            if (counts == null) {
                if (comparisons.size() == MAX_PAIRS) {
                    comparisons.remove(0);
                }
                counts = new ComparisonCounts(o.pair().championVersion(), o.pair().challengerVersion());
                comparisons.add(counts);
            }
            counts.add(o);
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

    DriftCounts drift() {
        return drift;
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

    /** Champion against challenger (the newest pair of versions) in this window; null when no image had both. */
    public ModelComparison comparison() {
        return comparisons.isEmpty() ? null : comparisons.get(comparisons.size() - 1).snapshot();
    }

    public Long latencyMaxMillis() {
        return latencyCount == 0 ? null : latencyMaxMillis;
    }
}
