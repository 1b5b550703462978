package io.digitstream.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Latencies recorded in microseconds by HdrHistogram to 3 significant digits (a percentile is exact to within 0.1%,
 * whatever its size), reported in milliseconds. Not thread-safe.
 */
final class LatencyHistogram {

    private static final int SIGNIFICANT_DIGITS = 3;

    /** Auto-resizing: no highest value to guess. */
    private final Histogram micros = new Histogram(SIGNIFICANT_DIGITS);

    /** A negative latency (a prediction seen before its own capture time: impossible on one clock) counts as 0. */
    void recordMicros(long latency) {
        micros.recordValue(Math.max(0, latency));
    }

    long count() {
        return micros.getTotalCount();
    }

    /** The value at {@code percentile} (0 to 100, nearest rank), in milliseconds; NaN when empty. */
    double percentileMillis(double percentile) {
        return count() == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1_000.0;
    }

    /** The largest latency, in milliseconds; NaN when empty. */
    double maxMillis() {
        return count() == 0 ? Double.NaN : micros.getMaxValue() / 1_000.0;
    }

    /** {@code p50Millis}, {@code p95Millis}, {@code p99Millis}, {@code p999Millis} and {@code maxMillis}. */
    Map<String, Object> percentiles() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("p50Millis", percentileMillis(50));
        fields.put("p95Millis", percentileMillis(95));
        fields.put("p99Millis", percentileMillis(99));
        fields.put("p999Millis", percentileMillis(99.9));
        fields.put("maxMillis", maxMillis());
        return fields;
    }
}
