package io.digitstream.classifier.metrics;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.Prediction;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of what this instance's metrics tasks have read, for Prometheus and the dashboard's throughput:
 * predictions per source, dead letters, join outcomes, skipped records per topic, and a histogram of the
 * image-record-to-classification latency. Process-local and not transactional: a task that reprocesses after a
 * failure counts again. At most {@code maxSources} sources are counted apart, the first ones seen; the predictions
 * of any other source are counted under {@link Observation#OTHER_SOURCES}.
 */
public final class LiveCounters implements MetricsListener {

    /** Upper bounds of the latency histogram buckets, in milliseconds (Prometheus' {@code le}, in seconds). */
    public static final long[] LATENCY_BUCKETS_MILLIS = {5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
            30_000, 60_000};

    /** A consistent-enough copy of the counters; {@code latencyBuckets} are cumulative, the last one is +Inf. */
    public record Totals(Map<String, Long> predictionsBySource, long deadLetters, long labeled, long correct,
            long unlabeled, long unmatchedLabels, Map<String, Long> invalidRecordsByTopic, long[] latencyBuckets,
            long latencySumMillis) {

        public long predictions() {
            return predictionsBySource.values().stream().mapToLong(Long::longValue).sum();
        }

        public long invalidRecords() {
            return invalidRecordsByTopic.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final int maxSources;
    private final Map<String, LongAdder> predictions = new ConcurrentHashMap<>();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder labeled = new LongAdder();
    private final LongAdder correct = new LongAdder();
    private final LongAdder unlabeled = new LongAdder();
    private final LongAdder unmatchedLabels = new LongAdder();
    private final Map<String, LongAdder> invalidRecords = new ConcurrentHashMap<>();
    private final LongAdder[] latency = new LongAdder[LATENCY_BUCKETS_MILLIS.length + 1];
    private final LongAdder latencySum = new LongAdder();

    public LiveCounters() {
        this(MetricsConfig.DEFAULT.maxSources());
    }

    public LiveCounters(int maxSources) {
        this.maxSources = maxSources;
        for (int i = 0; i < latency.length; i++) {
            latency[i] = new LongAdder();
        }
    }

    @Override
    public void prediction(Prediction p, long latencyMillis) {
        String source = MetricsText.source(p.getSource());
        LongAdder count = predictions.get(source);
        (count != null ? count : admit(source)).increment();
        int bucket = 0;
        while (bucket < LATENCY_BUCKETS_MILLIS.length && latencyMillis > LATENCY_BUCKETS_MILLIS[bucket]) {
            bucket++;
        }
        latency[bucket].increment();
        latencySum.add(latencyMillis);
    }

    /** A source not counted yet: counted apart while fewer than maxSources are, else under the other sources. */
    private synchronized LongAdder admit(String source) {
        LongAdder count = predictions.get(source);
        if (count != null) {
            return count;
        }
        int tracked = predictions.size() - (predictions.containsKey(Observation.OTHER_SOURCES) ? 1 : 0);
        String key = tracked >= maxSources ? Observation.OTHER_SOURCES : source;
        return predictions.computeIfAbsent(key, s -> new LongAdder());
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
    public void invalidRecord(String topic, String key, String reason) {
        invalidRecords.computeIfAbsent(topic, t -> new LongAdder()).increment();
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
        Map<String, Long> invalidByTopic = new TreeMap<>();
        invalidRecords.forEach((topic, count) -> invalidByTopic.put(topic, count.sum()));
        return new Totals(bySource, deadLetters.sum(), labeled.sum(), correct.sum(), unlabeled.sum(),
                unmatchedLabels.sum(), invalidByTopic, cumulative, latencySum.sum());
    }
}
