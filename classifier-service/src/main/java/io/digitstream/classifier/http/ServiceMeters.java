package io.digitstream.classifier.http;

import io.digitstream.classifier.metrics.CurrentWindow;
import io.digitstream.classifier.metrics.LiveCounters;
import io.digitstream.classifier.metrics.LocalMetricsStores;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.schemas.DriftScore;
import io.digitstream.schemas.DriftStatus;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.ModelComparison;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The service's own meters, read from its live state when scraped: Kafka Streams' state and readiness
 * ({@link StreamHealth}), the metrics tasks' counters ({@link LiveCounters}) and the windows this instance hosts
 * (each source's windows live in exactly one instance, so scraping all instances counts each once). Meters are named
 * as exported: dashboards and alerts use these names.
 */
final class ServiceMeters {

    private static final Map<String, ToDoubleFunction<MetricsSnapshot>> WINDOW_GAUGES = new LinkedHashMap<>();

    private static final Map<String, ToDoubleFunction<ModelComparison>> COMPARISON_GAUGES = new LinkedHashMap<>();

    static {
        COMPARISON_GAUGES.put("champion_accuracy", ModelComparison::getChampionAccuracy);
        COMPARISON_GAUGES.put("challenger_accuracy", ModelComparison::getChallengerAccuracy);
        COMPARISON_GAUGES.put("agreement", ModelComparison::getAgreement);
        COMPARISON_GAUGES.put("compared", ModelComparison::getCompared);
        COMPARISON_GAUGES.put("accuracy_difference", ModelComparison::getAccuracyDifference);
        COMPARISON_GAUGES.put("accuracy_difference_low", ModelComparison::getDifferenceLow);
        COMPARISON_GAUGES.put("accuracy_difference_high", ModelComparison::getDifferenceHigh);
        WINDOW_GAUGES.put("accuracy", MetricsSnapshot::getAccuracy);
        WINDOW_GAUGES.put("macro_precision", MetricsSnapshot::getMacroPrecision);
        WINDOW_GAUGES.put("macro_recall", MetricsSnapshot::getMacroRecall);
        WINDOW_GAUGES.put("macro_f1", MetricsSnapshot::getMacroF1);
        WINDOW_GAUGES.put("kappa", MetricsSnapshot::getKappa);
        WINDOW_GAUGES.put("labeled", MetricsSnapshot::getLabeled);
        WINDOW_GAUGES.put("unlabeled", MetricsSnapshot::getUnlabeled);
        WINDOW_GAUGES.put("dead_letters", MetricsSnapshot::getDeadLetters);
    }

    private final MeterRegistry registry;
    private final LocalMetricsStores local;
    private final LiveCounters counters;
    private final MetricsConfig config;
    private final StreamHealth health;
    private final Map<String, MultiGauge> windowGauges = new LinkedHashMap<>();
    private final MultiGauge classF1;
    private final MultiGauge driftPsi;
    private final MultiGauge drifted;
    /** Champion against challenger in the current time window of each hosted source that has both. */
    private final Map<String, MultiGauge> comparisonGauges = new LinkedHashMap<>();

    ServiceMeters(MeterRegistry registry, KafkaStreams streams, LocalMetricsStores local, LiveCounters counters,
            MetricsConfig config, StreamHealth health) {
        this.registry = registry;
        this.local = local;
        this.counters = counters;
        this.config = config;
        this.health = health;
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            Gauge.builder("digits_streams_state", streams, k -> k.state() == s ? 1 : 0).tag("state", s.name())
                    .description("1 for the Kafka Streams state this instance is in").register(registry);
        }
        // What to alert on: a thread failing in a loop keeps the state RUNNING, but not these.
        Gauge.builder("digits_ready", streams, k -> health.ready(k.state()) ? 1 : 0)
                .description("1 when /health/ready answers 200: RUNNING, and stream threads not failing repeatedly")
                .register(registry);
        FunctionCounter.builder("digits_stream_thread_replacements_total", health, StreamHealth::threadReplacements)
                .description("Stream threads that failed and were replaced").register(registry);
        Gauge.builder("digits_stream_thread_failures_recent", health, StreamHealth::recentFailures)
                .description("Stream-thread failures within the readiness window (not ready from "
                        + health.maxFailures() + " on)").register(registry);
        counter("digits_dead_letters_total", "Dead letters read by this instance's metrics tasks",
                LiveCounters.Totals::deadLetters);
        counter("digits_labeled_total", "Predictions joined with their label", LiveCounters.Totals::labeled);
        counter("digits_correct_total", "Labeled predictions that were right", LiveCounters.Totals::correct);
        counter("digits_unlabeled_total", "Predictions whose label did not come within the join window",
                LiveCounters.Totals::unlabeled);
        counter("digits_unmatched_labels_total", "Label events whose prediction did not come within the join window",
                LiveCounters.Totals::unmatchedLabels);
        WINDOW_GAUGES.keySet().forEach(name -> windowGauges.put(name, MultiGauge.builder("digits_window_" + name)
                .description("Window metric " + name.replace('_', ' ') + " (time: the current hopping window; count:"
                        + " the last N labeled predictions); source * is all sources").register(registry)));
        classF1 = MultiGauge.builder("digits_window_class_f1").description("Per-digit F1 in the window").register(registry);
        driftPsi = MultiGauge.builder("digits_window_drift_psi").description("Population stability index of the current"
                + " time window's predictions against the model's reference: distribution confidence or class (only"
                + " windows with a score)").register(registry);
        drifted = MultiGauge.builder("digits_window_drifted").description("1 when either drift index of the current time"
                + " window exceeds digits.drift.threshold, else 0 (only windows with a score)").register(registry);
        COMPARISON_GAUGES.keySet().forEach(name -> comparisonGauges.put(name, MultiGauge.builder("digits_window_" + name)
                .description("Champion against challenger in the current time window: " + name.replace('_', ' ')
                        + " (source * is all sources; tagged with both versions)").register(registry)));
    }

    private void counter(String name, String help, ToDoubleFunction<LiveCounters.Totals> value) {
        FunctionCounter.builder(name, counters, c -> value.applyAsDouble(c.totals())).description(help).register(registry);
    }

    /**
     * Before a scrape: adds the series of sources, topics and tasks seen since the last one, and sets the window
     * gauges to the windows hosted here now, dropping those no longer hosted.
     */
    void refresh() {
        keyedCounters("digits_predictions_total", "source", "Predictions read by this instance's metrics tasks",
                counters, c -> c.totals().predictionsBySource());
        keyedCounters("digits_invalid_records_total", "topic",
                "Records the live metrics skipped: undecodable, a tombstone, no key, or not a digit 0..9",
                counters, c -> c.totals().invalidRecordsByTopic());
        keyedCounters("digits_task_errors_total", "task",
                "Stream-thread failures by the task they happened in (none: outside a task)",
                health, StreamHealth::failuresByTask);
        windows();
    }

    /** A series per key: registering one that exists already returns it. */
    private <T> void keyedCounters(String name, String tag, String help, T state, Function<T, Map<String, Long>> byKey) {
        byKey.apply(state).keySet().forEach(key -> FunctionCounter.builder(name, state,
                s -> byKey.apply(s).getOrDefault(key, 0L)).tag(tag, key).description(help).register(registry));
    }

    /** A window this instance hosts: {@code time} (the current hopping window) or {@code count}. */
    private record Hosted(MetricsSnapshot snapshot, String window) {

        Tags tags() {
            return Tags.of("source", snapshot.getSource(), "window", window);
        }
    }

    private void windows() {
        List<Hosted> hosted = new ArrayList<>();
        try {
            for (String source : local.sources()) {
                CurrentWindow.of(local.timeWindows(source), w -> w.getWindowStart().toEpochMilli(), config.windowSize())
                        .ifPresent(w -> hosted.add(new Hosted(w, "time")));
                local.countWindow(source).ifPresent(w -> hosted.add(new Hosted(w, "count")));
            }
        } catch (InvalidStateStoreException e) {
            hosted.clear(); // stores not queryable now (starting, rebalancing): this scrape has no window gauges
        }
        WINDOW_GAUGES.forEach((name, value) -> windowGauges.get(name).register(hosted.stream()
                .<MultiGauge.Row<?>>map(h -> MultiGauge.Row.of(h.tags(), value.applyAsDouble(h.snapshot()))).toList(), true));
        List<MultiGauge.Row<?>> f1 = new ArrayList<>();
        for (Hosted h : hosted) {
            for (int digit = 0; digit < 10; digit++) {
                f1.add(MultiGauge.Row.of(h.tags().and("digit", Integer.toString(digit)), h.snapshot().getF1().get(digit)));
            }
        }
        classF1.register(f1, true);
        List<MultiGauge.Row<?>> psi = new ArrayList<>();
        List<MultiGauge.Row<?>> flags = new ArrayList<>();
        for (Hosted h : hosted) {
            DriftScore drift = h.snapshot().getDrift();
            if (drift == null || drift.getConfidencePsi() == null || drift.getClassPsi() == null) {
                continue; // no reference, or too few predictions: no score, no series
            }
            Tags tags = h.tags().and("model_version", drift.getModelVersion());
            psi.add(MultiGauge.Row.of(tags.and("distribution", "confidence"), drift.getConfidencePsi()));
            psi.add(MultiGauge.Row.of(tags.and("distribution", "class"), drift.getClassPsi()));
            flags.add(MultiGauge.Row.of(tags, drift.getStatus() == DriftStatus.DRIFTED ? 1 : 0));
        }
        driftPsi.register(psi, true);
        drifted.register(flags, true);
        // The hosted sources are already bounded (digits.metrics.max.sources): so are these series.
        List<Hosted> compared = hosted.stream().filter(h -> h.snapshot().getComparison() != null).toList();
        COMPARISON_GAUGES.forEach((name, value) -> comparisonGauges.get(name).register(compared.stream()
                .<MultiGauge.Row<?>>map(h -> MultiGauge.Row.of(h.tags()
                                .and("champion", h.snapshot().getComparison().getChampionVersion())
                                .and("challenger", h.snapshot().getComparison().getChallengerVersion()),
                        value.applyAsDouble(h.snapshot().getComparison()))).toList(), true));
    }
}
