package io.digitstream.metrics;

import java.util.Arrays;

/**
 * Counts of (true label, predicted digit) pairs over 10 classes: rows are true labels, columns
 * predictions. Every reported metric is derived from it exactly (see {@link ClassificationMetrics}).
 */
public final class ConfusionMatrix {

    public static final int CLASSES = 10;

    private final long[][] counts;

    public ConfusionMatrix() {
        this(new long[CLASSES][CLASSES]);
    }

    private ConfusionMatrix(long[][] counts) {
        this.counts = counts;
    }

    public static ConfusionMatrix of(long[][] counts) {
        if (counts.length != CLASSES || Arrays.stream(counts).anyMatch(row -> row.length != CLASSES)) {
            throw new IllegalArgumentException("a confusion matrix is 10x10");
        }
        long[][] copy = new long[CLASSES][];
        for (int i = 0; i < CLASSES; i++) {
            copy[i] = counts[i].clone();
        }
        return new ConfusionMatrix(copy);
    }

    public void add(int label, int predicted) {
        counts[label][predicted]++;
    }

    public long count(int label, int predicted) {
        return counts[label][predicted];
    }

    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long c : row) {
                total += c;
            }
        }
        return total;
    }

    public long rowSum(int label) {
        return Arrays.stream(counts[label]).sum();
    }

    public long columnSum(int predicted) {
        long sum = 0;
        for (long[] row : counts) {
            sum += row[predicted];
        }
        return sum;
    }

    public long correct() {
        long correct = 0;
        for (int i = 0; i < CLASSES; i++) {
            correct += counts[i][i];
        }
        return correct;
    }

    public long[][] toArray() {
        long[][] copy = new long[CLASSES][];
        for (int i = 0; i < CLASSES; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public ClassificationMetrics metrics() {
        return ClassificationMetrics.of(this);
    }
}
