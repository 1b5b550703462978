package io.digitstream.classifier.http;

import io.digitstream.classifier.metrics.CurrentWindow;
import io.digitstream.classifier.metrics.LiveCounters;
import io.digitstream.classifier.metrics.LocalMetricsStores;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.schemas.MetricsSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * {@code /metrics}: this instance's counters, the windows it hosts (each source's windows live in exactly one
 * instance, so scraping all instances counts each once), and Kafka Streams' own metrics, including those of its
 * consumers and producers.
 */
final class PrometheusExport {

    private static final Map<String, ToDoubleFunction<MetricsSnapshot>> WINDOW_GAUGES = new LinkedHashMap<>();

    static {
        WINDOW_GAUGES.put("accuracy", MetricsSnapshot::getAccuracy);
        WINDOW_GAUGES.put("macro_precision", MetricsSnapshot::getMacroPrecision);
        WINDOW_GAUGES.put("macro_recall", MetricsSnapshot::getMacroRecall);
        WINDOW_GAUGES.put("macro_f1", MetricsSnapshot::getMacroF1);
        WINDOW_GAUGES.put("kappa", MetricsSnapshot::getKappa);
        WINDOW_GAUGES.put("labeled", MetricsSnapshot::getLabeled);
        WINDOW_GAUGES.put("unlabeled", MetricsSnapshot::getUnlabeled);
        WINDOW_GAUGES.put("dead_letters", MetricsSnapshot::getDeadLetters);
    }

    private final KafkaStreams streams;
    private final LocalMetricsStores local;
    private final LiveCounters counters;
    private final MetricsConfig config;
    private final StreamHealth health;

    PrometheusExport(KafkaStreams streams, LocalMetricsStores local, LiveCounters counters, MetricsConfig config,
            StreamHealth health) {
        this.streams = streams;
        this.local = local;
        this.counters = counters;
        this.config = config;
        this.health = health;
    }

    String render() {
        PrometheusText text = new PrometheusText();
        KafkaStreams.State state = streams.state();
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            text.gauge("digits_streams_state", "1 for the Kafka Streams state this instance is in",
                    Map.of("state", s.name()), s == state ? 1 : 0);
        }
        health(text, state);
        counters(text, counters.totals());
        windows(text);
        streamsMetrics(text, streams.metrics());
        return text.render();
    }

    /** What to alert on: a thread failing in a loop keeps the state RUNNING, but not these. */
    private void health(PrometheusText text, KafkaStreams.State state) {
        text.gauge("digits_ready", "1 when /health/ready answers 200: RUNNING, and stream threads not failing repeatedly",
                Map.of(), health.ready(state) ? 1 : 0);
        text.counter("digits_stream_thread_replacements_total", "Stream threads that failed and were replaced", Map.of(),
                health.threadReplacements());
        text.gauge("digits_stream_thread_failures_recent", "Stream-thread failures within the readiness window "
                + "(not ready from " + health.maxFailures() + " on)", Map.of(), health.recentFailures());
        health.failuresByTask().forEach((task, count) -> text.counter("digits_task_errors_total",
                "Stream-thread failures by the task they happened in (none: outside a task)", Map.of("task", task), count));
    }

    private static void counters(PrometheusText text, LiveCounters.Totals t) {
        t.predictionsBySource().forEach((source, count) -> text.counter("digits_predictions_total",
                "Predictions read by this instance's metrics tasks", Map.of("source", source), count));
        text.counter("digits_dead_letters_total", "Dead letters read by this instance's metrics tasks", Map.of(), t.deadLetters());
        text.counter("digits_labeled_total", "Predictions joined with their label", Map.of(), t.labeled());
        text.counter("digits_correct_total", "Labeled predictions that were right", Map.of(), t.correct());
        text.counter("digits_unlabeled_total", "Predictions whose label did not come within the join window", Map.of(), t.unlabeled());
        text.counter("digits_unmatched_labels_total", "Label events whose prediction did not come within the join window",
                Map.of(), t.unmatchedLabels());
        t.invalidRecordsByTopic().forEach((topic, count) -> text.counter("digits_invalid_records_total",
                "Records the live metrics skipped: undecodable, a tombstone, no key, or not a digit 0..9",
                Map.of("topic", topic), count));
        String latency = "digits_prediction_latency_seconds";
        String help = "Time from an image record's Kafka timestamp to its classification";
        long[] buckets = t.latencyBuckets();
        for (int i = 0; i < buckets.length; i++) {
            String le = i < LiveCounters.LATENCY_BUCKETS_MILLIS.length
                    ? Double.toString(LiveCounters.LATENCY_BUCKETS_MILLIS[i] / 1000.0) : "+Inf";
            text.add(latency, "histogram", help, "_bucket", Map.of("le", le), buckets[i]);
        }
        text.add(latency, "histogram", help, "_sum", Map.of(), t.latencySumMillis() / 1000.0);
        text.add(latency, "histogram", help, "_count", Map.of(), buckets[buckets.length - 1]);
    }

    /** The current time window and the count window of every source hosted here. */
    private void windows(PrometheusText text) {
        try {
            for (String source : local.sources()) {
                List<MetricsSnapshot> time = local.timeWindows(source);
                CurrentWindow.of(time, w -> w.getWindowStart().toEpochMilli(), config.windowSize())
                        .ifPresent(w -> windowGauges(text, w, "time"));
                local.countWindow(source).ifPresent(w -> windowGauges(text, w, "count"));
            }
        } catch (InvalidStateStoreException e) {
            // stores not queryable now (starting, rebalancing): this scrape has no window gauges
        }
    }

    private static void windowGauges(PrometheusText text, MetricsSnapshot w, String window) {
        Map<String, String> labels = Map.of("source", w.getSource(), "window", window);
        WINDOW_GAUGES.forEach((name, value) -> text.gauge("digits_window_" + name,
                "Window metric " + name.replace('_', ' ') + " (time: the current hopping window; count: the last N"
                        + " labeled predictions); source * is all sources", labels, value.applyAsDouble(w)));
        for (int digit = 0; digit < 10; digit++) {
            text.gauge("digits_window_class_f1", "Per-digit F1 in the window",
                    Map.of("source", w.getSource(), "window", window, "digit", Integer.toString(digit)), w.getF1().get(digit));
        }
    }

    private static void streamsMetrics(PrometheusText text, Map<MetricName, ? extends Metric> metrics) {
        metrics.forEach((name, metric) -> {
            if (!(metric.metricValue() instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                return; // e.g. app-info's version strings, or rates with no sample yet
            }
            String family = "kafka_" + name.group().replace("-metrics", "") + "_" + name.name();
            String type = name.name().endsWith("-total") ? "counter" : "gauge";
            String help = name.description() == null || name.description().isBlank() ? name.name() : name.description();
            text.add(family.toLowerCase(Locale.ROOT), type, help, "", name.tags(), number.doubleValue());
        });
    }
}
