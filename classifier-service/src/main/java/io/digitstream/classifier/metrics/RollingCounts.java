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

    /** The largest capacity read back: the configuration's limit, so only corrupt data exceeds it. */
    static final int MAX_CAPACITY = MetricsConfig.ROLLING_COUNT.max();

    /** Capacity, size, then the pairs oldest first, one byte each (label * 10 + digit). */
    static final BinarySerde<RollingCounts> SERDE = new BinarySerde<>("RollingCounts", 1) {
        @Override
        void write(DataOutputStream out, RollingCounts r) throws IOException {
            out.writeInt(r.capacity);
            out.writeInt(r.size);
            // The ring in order: from the oldest to the array's end, then from its start (empty until it is full).
            int first = Math.min(r.size, r.capacity - r.oldest);
            out.write(r.ring, r.oldest, first);
            out.write(r.ring, 0, r.size - first);
        }

        @Override
        int sizeHint(RollingCounts r) {
            return 2 * Integer.BYTES + r.size;
        }

        @Override
        RollingCounts read(DataInputStream in, int version) throws IOException {
            int capacity = in.readInt();
            int size = in.readInt();
            if (capacity < 1 || capacity > MAX_CAPACITY || size < 0) {
                throw new IOException("capacity " + capacity + " and size " + size + " (capacity 1.." + MAX_CAPACITY + ")");
            }
            byte[] pairs = in.readNBytes(size);
            if (pairs.length < size) {
                throw new IOException(size + " pairs announced, " + pairs.length + " present");
            }
            return new RollingCounts(capacity, pairs);
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

    /** The window after {@code pairs} were added in order (the newest {@code capacity} of them stay). */
    private RollingCounts(int capacity, byte[] pairs) throws IOException {
        this(capacity);
        int from = Math.max(0, pairs.length - capacity);
        for (int i = from; i < pairs.length; i++) {
            byte pair = pairs[i];
            if (pair < 0 || pair >= confusion.length) {
                throw new IOException("pair " + pair + " at " + i + " is not a label * 10 + digit");
            }
            ring[i - from] = pair;
            confusion[pair]++;
        }
        size = pairs.length - from;
    }

    /** Adds a labeled prediction, evicting the oldest when full; returns this. */
    public RollingCounts add(int label, int digit) {
        byte pair = (byte) (label * K + digit);
        if (size == capacity) {
            confusion[ring[oldest]]--;
            ring[oldest] = pair;
            if (++oldest == capacity) {
                oldest = 0;
            }
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
