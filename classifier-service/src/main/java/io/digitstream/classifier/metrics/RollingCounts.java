package io.digitstream.classifier.metrics;

import io.digitstream.metrics.ConfusionMatrix;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The count-based rolling window (River's {@code Rolling}): the last {@code capacity} labeled predictions, in the
 * order their outcome became known, and the confusion matrix of exactly those. A ring of (label, digit) pairs
 * keeps what to subtract when the oldest one leaves.
 */
public final class RollingCounts {

    private static final int K = ConfusionMatrix.CLASSES;

    static final BinarySerde<RollingCounts> SERDE = new BinarySerde<>("RollingCounts", 1) {
        @Override
        void write(DataOutputStream out, RollingCounts r) throws IOException {
            out.writeInt(r.capacity);
            out.writeInt(r.size);
            for (int i = 0; i < r.size; i++) {
                out.writeByte(r.ring[r.index(i)]);
            }
        }

        @Override
        RollingCounts read(DataInputStream in, int version) throws IOException {
            RollingCounts r = new RollingCounts(in.readInt());
            int size = in.readInt();
            for (int i = 0; i < size; i++) {
                byte pair = in.readByte();
                r.add(pair / K, pair % K);
            }
            return r;
        }
    };

    private final int capacity;
    /** label * 10 + digit of each held prediction; the oldest at {@code oldest}. */
    private final byte[] ring;
    private final long[] confusion = new long[K * K];
    private int oldest;
    private int size;

    public RollingCounts(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        }
        this.capacity = capacity;
        this.ring = new byte[capacity];
    }

    /** Adds a labeled prediction, evicting the oldest when full; returns this. */
    public RollingCounts add(int label, int digit) {
        byte pair = (byte) (label * K + digit);
        if (size == capacity) {
            confusion[ring[oldest]]--;
            ring[oldest] = pair;
            oldest = (oldest + 1) % capacity;
        } else {
            ring[index(size)] = pair;
            size++;
        }
        confusion[pair]++;
        return this;
    }

    /** The same window with another capacity (after a configuration change): keeps the newest that fit. */
    public RollingCounts withCapacity(int newCapacity) {
        if (newCapacity == capacity) {
            return this;
        }
        RollingCounts resized = new RollingCounts(newCapacity);
        for (int i = Math.max(0, size - newCapacity); i < size; i++) {
            byte pair = ring[index(i)];
            resized.add(pair / K, pair % K);
        }
        return resized;
    }

    private int index(int position) {
        return (oldest + position) % capacity;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public ConfusionMatrix confusion() {
        long[][] rows = new long[K][K];
        for (int label = 0; label < K; label++) {
            System.arraycopy(confusion, label * K, rows[label], 0, K);
        }
        return ConfusionMatrix.of(rows);
    }
}
