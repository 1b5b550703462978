package io.digitstream.classifier.http;

import io.digitstream.classifier.metrics.LiveCounters;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * {@code digits_prediction_latency_seconds}: the latency buckets {@link LiveCounters} keeps, as a Prometheus
 * histogram. A collector of the Prometheus client, since Micrometer has no histogram that reads counts kept elsewhere.
 */
final class LatencyHistogram implements Collector {

    static final String NAME = "digits_prediction_latency_seconds";

    private final LiveCounters counters;
    private final double[] upperBounds = new double[LiveCounters.LATENCY_BUCKETS_MILLIS.length + 1];

    LatencyHistogram(LiveCounters counters) {
        this.counters = counters;
        for (int i = 0; i < LiveCounters.LATENCY_BUCKETS_MILLIS.length; i++) {
            upperBounds[i] = LiveCounters.LATENCY_BUCKETS_MILLIS[i] / 1000.0;
        }
        upperBounds[upperBounds.length - 1] = Double.POSITIVE_INFINITY;
    }

    @Override
    public MetricSnapshot collect() {
        LiveCounters.Totals t = counters.totals();
        long[] cumulative = t.latencyBuckets();
        Long[] perBucket = new Long[cumulative.length]; // the Prometheus client takes counts per bucket
        for (int i = 0; i < cumulative.length; i++) {
            perBucket[i] = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
        }
        return HistogramSnapshot.builder().name(NAME)
                .help("Time from an image record's Kafka timestamp to its classification")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, perBucket))
                        .sum(t.latencySumMillis() / 1000.0).build())
                .build();
    }
}
