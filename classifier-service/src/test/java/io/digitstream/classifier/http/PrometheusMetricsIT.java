package io.digitstream.classifier.http;

import static io.digitstream.classifier.http.ServiceHttp.await;
import static io.digitstream.classifier.http.ServiceHttp.getJson;
import static io.digitstream.classifier.http.ServiceHttp.getText;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.classifier.metrics.LiveCounters;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of a service running on a real broker: valid Prometheus text, the service's own {@code digits_*}
 * families under the names, types and labels dashboards and the README use, with the values the JSON API reports
 * from the same live state, and the JVM's and Kafka Streams' meters.
 */
class PrometheusMetricsIT {

    private static final int IMAGES = 20;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** Every digits_* family: its type and label names (a histogram's without le). */
    private static final Map<String, Family> FAMILIES = Map.ofEntries(
            entry("digits_streams_state", new Family("gauge", "state")),
            entry("digits_ready", new Family("gauge")),
            entry("digits_stream_thread_replacements_total", new Family("counter")),
            entry("digits_stream_thread_failures_recent", new Family("gauge")),
            entry("digits_task_errors_total", new Family("counter", "task")),
            entry("digits_predictions_total", new Family("counter", "source")),
            entry("digits_dead_letters_total", new Family("counter")),
            entry("digits_labeled_total", new Family("counter")),
            entry("digits_correct_total", new Family("counter")),
            entry("digits_unlabeled_total", new Family("counter")),
            entry("digits_unmatched_labels_total", new Family("counter")),
            entry("digits_challenger_failures_total", new Family("counter")),
            entry("digits_invalid_records_total", new Family("counter", "topic")),
            entry("digits_prediction_latency_seconds", new Family("histogram")),
            entry("digits_window_accuracy", new Family("gauge", "source", "window")),
            entry("digits_window_macro_precision", new Family("gauge", "source", "window")),
            entry("digits_window_macro_recall", new Family("gauge", "source", "window")),
            entry("digits_window_macro_f1", new Family("gauge", "source", "window")),
            entry("digits_window_kappa", new Family("gauge", "source", "window")),
            entry("digits_window_labeled", new Family("gauge", "source", "window")),
            entry("digits_window_unlabeled", new Family("gauge", "source", "window")),
            entry("digits_window_dead_letters", new Family("gauge", "source", "window")),
            entry("digits_window_class_f1", new Family("gauge", "source", "window", "digit")),
            entry("digits_model_swaps_total", new Family("counter")),
            entry("digits_model_refusals_total", new Family("counter")),
            entry("digits_model_serving", new Family("gauge", "role", "version")));

    private record Family(String type, Set<String> labels) {
        Family(String type, String... labels) {
            this(type, Set.of(labels));
        }
    }

    @Test
    void exportsTheServiceTheJvmAndKafkaStreamsInPrometheusTextFormat(@TempDir Path state) throws Exception {
        Topics topics = Topics.withPrefix("prom");
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            Map<String, String> flags = new HashMap<>(topics.asConfig());
            flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            flags.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
            flags.put(StreamsConfig.APPLICATION_ID_CONFIG, "prometheus-it");
            flags.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
            flags.put(ServiceConfig.PARTITIONS.name(), "1");
            flags.put(ServiceConfig.REPLICATION.name(), "1");
            flags.put(HttpConfig.PORT.name(), "0");
            ServiceConfig config = ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags),
                    Path.of("unused"));
            try (ClassifierService service = new ClassifierService(config, TestModels.shipped())) {
                service.createTopics();
                service.start();
                URI uri = service.httpAddress().orElseThrow();
                await(() -> getJson(uri, "health"), h -> h.get("ready").asBoolean(), "ready");
                publish(kafka, topics);
                JsonNode counters = await(() -> getJson(uri, "api/counters?scope=local"), c -> c.get("labeled").asLong() == IMAGES
                        && c.get("invalidRecords").asLong() == 1, "the images classified and the stray label counted");
                JsonNode countWindow = await(() -> getJson(uri, "api/windows/count?source=%2A&scope=local"),
                        w -> w.path("labeled").asLong() == IMAGES, "the count window");
                System.gc(); // at least one collection for jvm_gc_pause
                // Task metrics come after the assignment: bound by the next refresh of the Kafka Streams meters.
                await(() -> PrometheusSamples.parse(getText(uri, "metrics")),
                        s -> s.sum("jvm_gc_pause_seconds_count") >= 1 && !s.samples("kafka_stream_task_process_total").isEmpty(),
                        "a GC pause and the task metrics");

                HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri.resolve("metrics")).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
                PrometheusSamples scrape = PrometheusSamples.parse(response.body());

                assertServiceFamilies(scrape, topics);
                assertServiceValues(scrape, counters, countWindow, topics);
                assertThat(scrape.types()).containsEntry("jvm_memory_used_bytes", "gauge")
                        .containsEntry("jvm_gc_pause_seconds", "summary")
                        .containsEntry("jvm_gc_memory_allocated_bytes_total", "counter")
                        .containsKeys("jvm_threads_live_threads", "jvm_classes_loaded_classes", "process_cpu_usage",
                                "system_cpu_count");
                assertThat(scrape.samples("jvm_memory_used_bytes")).anySatisfy(s -> {
                    assertThat(s.labels()).containsEntry("area", "heap");
                    assertThat(s.value()).isPositive();
                });
                assertThat(scrape.value("jvm_threads_live_threads")).isPositive();
                assertThat(scrape.types()).containsEntry("kafka_stream_thread_process_total", "counter")
                        .containsEntry("kafka_stream_alive_stream_threads", "gauge")
                        .containsEntry("kafka_stream_failed_stream_threads_total", "counter");
                assertThat(scrape.sum("kafka_stream_thread_process_total")).as("records the stream thread processed")
                        .isGreaterThanOrEqualTo(IMAGES);
                assertThat(scrape.sum("kafka_stream_alive_stream_threads")).isEqualTo(1);
                assertThat(scrape.sum("kafka_stream_failed_stream_threads_total")).isZero();
                assertThat(scrape.types().keySet()).as("the consumers' and producers' metrics too")
                        .anyMatch(name -> name.startsWith("kafka_consumer_fetch_manager_"))
                        .anyMatch(name -> name.startsWith("kafka_producer_"));
            }
        }
    }

    private static void assertServiceFamilies(PrometheusSamples scrape, Topics topics) {
        Map<String, String> exported = scrape.types().entrySet().stream().filter(e -> e.getKey().startsWith("digits_"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        // every family but the task errors (no thread failed here)
        assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(FAMILIES.keySet().stream()
                .filter(name -> !name.equals("digits_task_errors_total")).toList());
        exported.forEach((name, type) -> {
            Family family = FAMILIES.get(name);
            assertThat(type).as(name).isEqualTo(family.type());
            List<PrometheusSamples.Sample> samples = new ArrayList<>(scrape.samples(name));
            samples.addAll(scrape.samples(name + "_sum"));
            samples.addAll(scrape.samples(name + "_count"));
            assertThat(samples).as(name).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.labels().keySet()).as(name).isEqualTo(family.labels()));
        });
        assertThat(scrape.samples("digits_prediction_latency_seconds_bucket"))
                .allSatisfy(s -> assertThat(s.labels().keySet()).isEqualTo(Set.of("le")));
        assertThat(scrape.samples("digits_window_accuracy")).extracting(s -> s.labels().get("window"))
                .containsOnly("time", "count");
    }

    private static void assertServiceValues(PrometheusSamples scrape, JsonNode counters, JsonNode countWindow, Topics topics) {
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            assertThat(scrape.value("digits_streams_state", "state", s.name())).as(s.name())
                    .isEqualTo(s == KafkaStreams.State.RUNNING ? 1 : 0);
        }
        assertThat(scrape.value("digits_ready")).isEqualTo(1);
        assertThat(scrape.value("digits_stream_thread_replacements_total")).isZero();
        assertThat(scrape.value("digits_predictions_total", "source", "scanner")).isEqualTo(IMAGES);
        assertThat(scrape.value("digits_labeled_total")).isEqualTo(IMAGES);
        assertThat(scrape.value("digits_correct_total")).isEqualTo(counters.get("correct").asDouble());
        assertThat(scrape.value("digits_dead_letters_total")).isEqualTo(counters.get("deadLetters").asDouble());
        assertThat(scrape.value("digits_unlabeled_total")).isEqualTo(counters.get("unlabeled").asDouble());
        assertThat(scrape.value("digits_unmatched_labels_total")).isEqualTo(counters.get("unmatchedLabels").asDouble());
        assertThat(scrape.value("digits_invalid_records_total", "topic", topics.labels())).isEqualTo(1);

        // the histogram: one bucket per bound of LiveCounters and +Inf, cumulative, all images counted
        List<PrometheusSamples.Sample> buckets = scrape.samples("digits_prediction_latency_seconds_bucket");
        List<String> bounds = new ArrayList<>();
        for (long millis : LiveCounters.LATENCY_BUCKETS_MILLIS) {
            bounds.add(Double.toString(millis / 1000.0));
        }
        bounds.add("+Inf");
        assertThat(buckets).extracting(s -> s.labels().get("le")).containsExactlyElementsOf(bounds);
        for (int i = 1; i < buckets.size(); i++) {
            assertThat(buckets.get(i).value()).isGreaterThanOrEqualTo(buckets.get(i - 1).value());
        }
        assertThat(buckets.get(buckets.size() - 1).value()).isEqualTo(IMAGES);
        assertThat(scrape.value("digits_prediction_latency_seconds_count")).isEqualTo(IMAGES);
        assertThat(scrape.value("digits_prediction_latency_seconds_sum")).isPositive();

        // the count window of all sources, as the JSON API reports it
        assertThat(scrape.value("digits_window_labeled", "source", "*", "window", "count")).isEqualTo(IMAGES);
        assertThat(scrape.value("digits_window_accuracy", "source", "*", "window", "count"))
                .isEqualTo(countWindow.get("accuracy").asDouble());
        assertThat(scrape.value("digits_window_kappa", "source", "*", "window", "count"))
                .isEqualTo(countWindow.get("kappa").asDouble());
        for (JsonNode perClass : countWindow.get("perClass")) {
            String digit = perClass.get("digit").asText();
            assertThat(scrape.value("digits_window_class_f1", "source", "*", "window", "count", "digit", digit)).as(digit)
                    .isEqualTo(perClass.get("f1").asDouble());
        }
    }

    /** {@link #IMAGES} labeled images from one scanner, and one label record that is not a label. */
    private static void publish(EmbeddedKafka kafka, Topics topics) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            Instant now = Instant.now();
            for (int i = 0; i < IMAGES; i++) {
                DigitImage image = DigitRecords.gray8(MnistFixture.test500(), i, "prom", "scanner", now, true);
                producer.send(new ProducerRecord<>(topics.images(), image.getId().getBytes(StandardCharsets.UTF_8),
                        ContractSerdes.digitImage().serialize(topics.images(), image)));
            }
            producer.send(new ProducerRecord<>(topics.labels(), "stray".getBytes(StandardCharsets.UTF_8),
                    "not a label".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
