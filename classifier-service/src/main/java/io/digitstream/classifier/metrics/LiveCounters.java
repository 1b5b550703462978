package io.digitstream.classifier.metrics;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.Prediction;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of what this instance's metrics tasks have read, for Prometheus and the dashboard's throughput:
 * predictions per source, dead letters, join outcomes, and a histogram of the image-record-to-classification
 * latency. Process-local and not transactional: a task that reprocesses after a failure counts again.
 */
public final class LiveCounters implements MetricsListener {

    /** Upper bounds of the latency histogram buckets, in milliseconds (Prometheus' {@code le}, in seconds). */
    public static final long[] LATENCY_BUCKETS_MILLIS = {5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
            30_000, 60_000};

    /** A consistent-enough copy of the counters; {@code latencyBuckets} are cumulative, the last one is +Inf. */
    public record Totals(Map<String, Long> predictionsBySource, long deadLetters, long labeled, long correct,
            long unlabeled, long unmatchedLabels, long invalidLabels, long[] latencyBuckets, long latencySumMillis) {

        public long predictions() {
            return predictionsBySource.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Map<String, LongAdder> predictions = new ConcurrentHashMap<>();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder labeled = new LongAdder();
    private final LongAdder correct = new LongAdder();
    private final LongAdder unlabeled = new LongAdder();
    private final LongAdder unmatchedLabels = new LongAdder();
    private final LongAdder invalidLabels = new LongAdder();
    private final LongAdder[] latency = new LongAdder[LATENCY_BUCKETS_MILLIS.length + 1];
    private final LongAdder latencySum = new LongAdder();

    public LiveCounters() {
        for (int i = 0; i < latency.length; i++) {
            latency[i] = new LongAdder();
        }
    }

    @Override
    public void prediction(Prediction p, long latencyMillis) {
        predictions.computeIfAbsent(p.getSource(), s -> new LongAdder()).increment();
        int bucket = 0;
        while (bucket < LATENCY_BUCKETS_MILLIS.length && latencyMillis > LATENCY_BUCKETS_MILLIS[bucket]) {
            bucket++;
        }
        latency[bucket].increment();
        latencySum.add(latencyMillis);
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        deadLetters.increment();
    }

    @Override
    public void observed(String imageId, Observation o) {
        if (o.isLabeled()) {
            labeled.increment();
            if (o.label() == o.digit()) {
                correct.increment();
            }
        } else if (o.kind() == Observation.Kind.UNLABELED) {
            unlabeled.increment();
        }
    }

    @Override
    public void unmatchedLabel(String imageId) {
        unmatchedLabels.increment();
    }

    @Override
    public void invalidLabel(String key, String reason) {
        invalidLabels.increment();
    }

    public Totals totals() {
        Map<String, Long> bySource = new TreeMap<>();
        predictions.forEach((source, count) -> bySource.put(source, count.sum()));
        long[] cumulative = new long[latency.length];
        long running = 0;
        for (int i = 0; i < latency.length; i++) {
            running += latency[i].sum();
            cumulative[i] = running;
        }
        return new Totals(bySource, deadLetters.sum(), labeled.sum(), correct.sum(), unlabeled.sum(),
                unmatchedLabels.sum(), invalidLabels.sum(), cumulative, latencySum.sum());
    }
}
