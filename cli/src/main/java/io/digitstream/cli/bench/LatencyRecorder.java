package io.digitstream.cli.bench;

import java.util.Arrays;

/** End-to-end latencies in milliseconds, and their percentiles. Not thread-safe. */
final class LatencyRecorder {

    private long[] millis = new long[1024];
    private int count;

    void record(long latencyMillis) {
        if (count == millis.length) {
            millis = Arrays.copyOf(millis, count * 2);
        }
        millis[count++] = latencyMillis;
    }

    int count() {
        return count;
    }

    /** The q-quantile (0..1) by the nearest-rank method; NaN when empty. */
    double percentile(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(millis, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
    }
}
