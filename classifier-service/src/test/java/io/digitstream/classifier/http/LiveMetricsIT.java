package io.digitstream.classifier.http;

import static io.digitstream.classifier.http.ServiceHttp.JSON;
import static io.digitstream.classifier.http.ServiceHttp.await;
import static io.digitstream.classifier.http.ServiceHttp.getJson;
import static io.digitstream.classifier.http.ServiceHttp.getText;
import static io.digitstream.classifier.http.ServiceHttp.timeWindowAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.metrics.ClassificationMetrics;
import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.model.DigitModel;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.WindowKind;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live metrics on a real broker: labeled images (labels inline, as events before and after the image, duplicated,
 * or never) streamed through the service; the final time window, queried over HTTP from either of two instances and
 * read from the metrics topic, must equal the metrics computed offline from the same predictions.
 */
class LiveMetricsIT {

    private static final long WINDOW = Duration.ofMinutes(10).toMillis();
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.singleNode();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    private static ServiceConfig config(Topics topics, Path stateDir, int httpPort) throws Exception {
        Map<String, String> flags = new HashMap<>(topics.asConfig());
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        flags.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        flags.put(StreamsConfig.APPLICATION_ID_CONFIG, "live-metrics-" + topics.images());
        flags.put(ServiceConfig.PARTITIONS.name(), "3");
        flags.put(ServiceConfig.REPLICATION.name(), "1");
        flags.put(HttpConfig.PORT.name(), Integer.toString(httpPort));
        // One tumbling 10-minute window holds the whole run; labels join within 60 s of their prediction:
        // longer than the run, so labels sent after every prediction was read still join.
        flags.put(MetricsConfig.WINDOW_SIZE.name(), "10m");
        flags.put(MetricsConfig.WINDOW_ADVANCE.name(), "10m");
        flags.put(MetricsConfig.WINDOW_GRACE.name(), "10m");
        flags.put(MetricsConfig.JOIN_WINDOW.name(), "60s");
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), Path.of("unused"));
    }

    @Test
    void theFinalWindowEqualsTheMetricsComputedOfflineOnEveryInstanceAndTheMetricsTopic(@TempDir Path stateA,
            @TempDir Path stateB) throws Exception {
        Topics topics = Topics.withPrefix("live");
        LabeledImages fixture = MnistFixture.test500();
        int n = 240;
        long t0 = System.currentTimeMillis() / WINDOW * WINDOW - WINDOW; // the previous window: all of it in the past
        DigitModel model = TestModels.shipped();

        try (ClassifierService a = new ClassifierService(config(topics, stateA, 0), model)) {
            a.createTopics();
            a.start();
            awaitState(a, KafkaStreams.State.RUNNING);
            URI uriA = a.httpAddress().orElseThrow();

            Map<String, Integer> truth = new HashMap<>();
            int deadLetters = 0;
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                List<ProducerRecord<byte[], byte[]>> labelsAfter = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    long t = t0 + 1_000 + i * 100L;
                    DigitImage image = DigitRecords.gray8(fixture, i, "live", i % 2 == 0 ? "scanner-a" : "scanner-b",
                            Instant.ofEpochMilli(t), i % 4 == 0);
                    int label = fixture.label(i);
                    switch (i % 4) {
                        case 0 -> truth.put(image.getId(), label);                   // inline
                        case 1 -> {                                                  // before the image, twice
                            producer.send(labelRecord(topics, image.getId(), label, t - 50));
                            producer.send(labelRecord(topics, image.getId(), label, t - 40));
                            truth.put(image.getId(), label);
                        }
                        case 2 -> {                                                  // after the prediction
                            labelsAfter.add(labelRecord(topics, image.getId(), label, t + 2_000));
                            truth.put(image.getId(), label);
                        }
                        default -> { }                                               // never: unlabeled
                    }
                    producer.send(new ProducerRecord<>(topics.images(), null, t, image.getId().getBytes(),
                            ContractSerdes.digitImage().serialize(topics.images(), image)));
                    if (i % 24 == 5) {
                        producer.send(new ProducerRecord<>(topics.images(), null, t, ("bad-" + i).getBytes(), "garbage".getBytes()));
                        deadLetters++;
                    }
                }
                producer.flush();
                Map<String, Prediction> predictions = readPredictions(topics, n);
                labelsAfter.forEach(producer::send);
                // Records that do not belong on the topics the metrics read: skipped and counted, never fatal.
                byte[] aLabel = labelValue(topics, "stray", 3, t0 + 5_000);
                byte[] aPrediction = ContractSerdes.prediction().serialize(topics.predictions(), predictions.values().iterator().next());
                List<ProducerRecord<byte[], byte[]>> strays = List.of(
                        new ProducerRecord<>(topics.predictions(), null, t0 + 5_000, "garbage".getBytes(), "not avro".getBytes()),
                        new ProducerRecord<>(topics.predictions(), null, t0 + 5_000, "tombstone".getBytes(), (byte[]) null),
                        new ProducerRecord<>(topics.predictions(), null, t0 + 5_000, "a-label".getBytes(), aLabel),
                        new ProducerRecord<>(topics.labels(), null, t0 + 5_000, "a-prediction".getBytes(), aPrediction),
                        new ProducerRecord<>(topics.labels(), null, t0 + 5_000, "twelve".getBytes(),
                                labelValue(topics, "twelve", 12, t0 + 5_000)),
                        new ProducerRecord<>(topics.deadLetters(), null, t0 + 5_000, "garbage".getBytes(), "not avro".getBytes()),
                        // dated in the future (the broker takes up to an hour ahead): no effect on the windows
                        new ProducerRecord<>(topics.predictions(), null, System.currentTimeMillis() + Duration.ofMinutes(30).toMillis(),
                                "future".getBytes(), "not avro either".getBytes()));
                strays.forEach(producer::send);
                producer.flush();

                ConfusionMatrix all = new ConfusionMatrix();
                Map<String, ConfusionMatrix> bySource = new HashMap<>();
                for (Prediction p : predictions.values()) {
                    Integer label = truth.get(p.getId());
                    if (label != null) {
                        all.add(label, p.getDigit());
                        bySource.computeIfAbsent(p.getSource(), s -> new ConfusionMatrix()).add(label, p.getDigit());
                    }
                }
                int unlabeled = n - truth.size();
                await(() -> getJson(uriA, "api/counters"), c -> c.get("labeled").asLong() == truth.size(), "labels joined");

                // Unlabeled is decided when stream time passes the join window: move it on in every join task.
                for (int partition = 0; partition < 3; partition++) {
                    producer.send(new ProducerRecord<>(topics.labels(), partition, t0 + WINDOW / 2,
                            ("tick-" + partition).getBytes(), labelValue(topics, "tick-" + partition, 0, t0 + WINDOW / 2)));
                }
                producer.flush();
                int expectedDeadLetters = deadLetters;
                JsonNode window = await(() -> timeWindowAt(uriA, "*", t0), w -> w != null
                        && w.get("unlabeled").asLong() == unlabeled && w.get("labeled").asLong() == truth.size()
                        && w.get("deadLetters").asLong() == expectedDeadLetters, "the final window");

                assertWindowIs(window, all);
                JsonNode counters = await(() -> getJson(uriA, "api/counters"),
                        c -> c.get("invalidRecords").asLong() >= strays.size(), "the stray records counted");
                assertThat(counters.get("invalidRecords").asLong()).isEqualTo(strays.size());
                assertThat(counters.get("invalidRecordsByTopic").get(topics.predictions()).asLong()).isEqualTo(4);
                assertThat(PrometheusSamples.parse(getText(uriA, "metrics")).value("digits_invalid_records_total",
                        "topic", topics.labels())).isEqualTo(2);
                for (String source : List.of("scanner-a", "scanner-b")) {
                    JsonNode w = timeWindowAt(uriA, source, t0);
                    assertWindowIs(w, bySource.get(source));
                    assertThat(w.get("deadLetters").asLong()).as("dead letters have no source").isZero();
                }
                assertThat(JSON.convertValue(getJson(uriA, "api/windows/count?source=*").get("confusion"), long[][].class))
                        .isEqualTo(all.toArray());
                assertThat(getJson(uriA, "api/sources")).containsExactlyInAnyOrder(
                        JSON.valueToTree("*"), JSON.valueToTree("scanner-a"), JSON.valueToTree("scanner-b"));

                MetricsSnapshot published = awaitSnapshot(topics, t0, truth.size(), unlabeled);
                assertThat(published.getConfusion()).containsExactlyElementsOf(flatten(all));
                assertThat(published.getKappa()).isEqualTo(ClassificationMetrics.of(all).kappa());
                assertThat(published.getDeadLetters()).isEqualTo(deadLetters);

                PrometheusSamples prometheus = PrometheusSamples.parse(getText(uriA, "metrics"));
                assertThat(prometheus.samples("digits_window_accuracy")).isNotEmpty();
                assertThat(prometheus.samples("digits_predictions_total")).isNotEmpty()
                        .allSatisfy(sample -> assertThat(sample.labels()).containsOnlyKeys("source"));
                assertThat(prometheus.value("digits_dead_letters_total")).isEqualTo(deadLetters);
                assertThat(prometheus.samples("kafka_stream_thread_process_total")).isNotEmpty();
                assertThat(prometheus.value("digits_streams_state", "state", "RUNNING")).isEqualTo(1);
                assertThat(getJson(uriA, "health/ready").get("ready").asBoolean()).isTrue();

                // A second instance: each source's windows now live in one of the two; both answer for all.
                try (ClassifierService b = new ClassifierService(config(topics, stateB, 0), model)) {
                    b.start();
                    URI uriB = b.httpAddress().orElseThrow();
                    for (String source : List.of("*", "scanner-a", "scanner-b")) {
                        JsonNode fromA = await(() -> timeWindowAt(uriA, source, t0), w -> w != null, "window of " + source + " on A");
                        JsonNode fromB = await(() -> timeWindowAt(uriB, source, t0), w -> w != null, "window of " + source + " on B");
                        assertThat(fromB).as(source).isEqualTo(fromA);
                    }
                    assertThat(getJson(uriB, "api/sources")).hasSize(3);
                    assertThat(getJson(uriB, "api/counters").get("predictions").asLong()).isEqualTo(n);
                }
            }
        }
    }

    @Test
    void refusesToStartWhenPredictionsAndLabelsAreNotCoPartitioned(@TempDir Path state) throws Exception {
        Topics topics = Topics.withPrefix("skewed");
        kafka.createTopics(List.of(topics.predictions()), 3, (short) 1);
        kafka.createTopics(List.of(topics.labels()), 2, (short) 1);
        try (ClassifierService service = new ClassifierService(config(topics, state, -1), TestModels.shipped())) {
            service.createTopics();
            assertThatThrownBy(service::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("skewed-predictions (3 partitions) and skewed-labels (2 partitions) must have the"
                            + " same number of partitions");
            assertThat(service.state()).isEqualTo(KafkaStreams.State.CREATED);
        }
    }

    private static void assertWindowIs(JsonNode window, ConfusionMatrix expected) {
        ClassificationMetrics m = ClassificationMetrics.of(expected);
        assertThat(JSON.convertValue(window.get("confusion"), long[][].class)).isEqualTo(expected.toArray());
        assertThat(window.get("labeled").asLong()).isEqualTo(m.n());
        assertThat(window.get("accuracy").asDouble()).isEqualTo(m.accuracy());
        assertThat(window.get("macroPrecision").asDouble()).isEqualTo(m.macroPrecision());
        assertThat(window.get("macroRecall").asDouble()).isEqualTo(m.macroRecall());
        assertThat(window.get("macroF1").asDouble()).isEqualTo(m.macroF1());
        assertThat(window.get("kappa").asDouble()).isEqualTo(m.kappa());
        for (int digit = 0; digit < 10; digit++) {
            assertThat(window.get("perClass").get(digit).get("f1").asDouble()).isEqualTo(m.f1()[digit]);
        }
    }

    private static void awaitState(ClassifierService service, KafkaStreams.State state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (service.state() != state && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(service.state()).isEqualTo(state);
    }

    private static List<Long> flatten(ConfusionMatrix m) {
        List<Long> cells = new ArrayList<>();
        for (long[] row : m.toArray()) {
            for (long c : row) {
                cells.add(c);
            }
        }
        return cells;
    }

    private static ProducerRecord<byte[], byte[]> labelRecord(Topics topics, String id, int label, long t) {
        return new ProducerRecord<>(topics.labels(), null, t, id.getBytes(), labelValue(topics, id, label, t));
    }

    private static byte[] labelValue(Topics topics, String id, int label, long t) {
        return ContractSerdes.labelEvent().serialize(topics.labels(), LabelEvent.newBuilder().setId(id).setLabel(label)
                .setTime(Instant.ofEpochMilli(t)).setSource("it").build());
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static Map<String, Prediction> readPredictions(Topics topics, int expected) {
        Map<String, Prediction> predictions = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(topics.predictions())) {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (predictions.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Prediction p = ContractSerdes.prediction().deserialize(r.topic(), r.value());
                    predictions.put(p.getId(), p);
                }
            }
        }
        assertThat(predictions).hasSize(expected);
        return predictions;
    }

    /** The last time-window snapshot of all sources for the window at {@code start}, once it has every outcome. */
    private static MetricsSnapshot awaitSnapshot(Topics topics, long start, long labeled, long unlabeled) {
        MetricsSnapshot last = null;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(topics.metrics())) {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    MetricsSnapshot s = ContractSerdes.metricsSnapshot().deserialize(r.topic(), r.value());
                    if (s.getSource().equals("*") && s.getWindow() == WindowKind.TIME
                            && s.getWindowStart().toEpochMilli() == start) {
                        last = s;
                    }
                }
                if (last != null && last.getLabeled() == labeled && last.getUnlabeled() == unlabeled) {
                    return last;
                }
            }
        }
        throw new AssertionError("no complete snapshot on the metrics topic; last: " + last);
    }
}
