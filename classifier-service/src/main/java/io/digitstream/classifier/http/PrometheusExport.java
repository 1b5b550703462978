package io.digitstream.classifier.http;

import io.digitstream.classifier.metrics.LiveCounters;
import io.digitstream.classifier.metrics.LocalMetricsStores;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code /metrics}, through Micrometer's Prometheus registry: the service's own {@code digits_*} meters
 * ({@link ServiceMeters}, {@link LatencyHistogram}), the JVM's (memory, GC, threads, class loading, CPU), and every
 * metric of Kafka Streams and its consumers and producers ({@code kafka_*}).
 */
final class PrometheusExport implements AutoCloseable {

    /** Prometheus' text format, version 0.0.4 (the registry writes the format its content type names). */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** How often the Kafka Streams metrics are matched to meters: tasks move and failed threads are replaced. */
    static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ServiceMeters service;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ScheduledExecutorService kafkaRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "digits-kafka-metrics");
        thread.setDaemon(true);
        return thread;
    });
    private final KafkaStreamsMetrics kafka;

    PrometheusExport(KafkaStreams streams, LocalMetricsStores local, LiveCounters counters, MetricsConfig config,
            StreamHealth health) {
        service = new ServiceMeters(registry, streams, local, counters, config, health);
        registry.getPrometheusRegistry().register(new LatencyHistogram(counters));
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        kafka = new KafkaStreamsMetrics(streams, Tags.empty(), kafkaRefresh, KAFKA_METRICS_REFRESH);
        kafka.bindTo(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    /** One scrape; synchronized so that concurrent scrapes do not interleave their window updates. */
    synchronized String scrape() {
        service.refresh();
        return registry.scrape(CONTENT_TYPE);
    }

    @Override
    public void close() {
        kafka.close();
        kafkaRefresh.shutdownNow();
        gc.close();
        registry.close();
    }
}
