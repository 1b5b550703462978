package io.digitstream.classifier.service;

import static io.digitstream.classifier.http.ServiceHttp.JSON;
import static io.digitstream.classifier.http.ServiceHttp.await;
import static io.digitstream.classifier.http.ServiceHttp.getJson;
import static io.digitstream.classifier.http.ServiceHttp.getText;
import static io.digitstream.classifier.http.ServiceHttp.timeWindowAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.metrics.ConfusionMatrix;
import io.digitstream.model.DigitModel;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
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
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling out: two service instances with the same application id on a 3-broker cluster split the images topic's
 * partitions between them, both classify, every image is classified exactly once, and either instance answers the
 * interactive metrics queries for all of them.
 */
class ScaleOutIT {

    private static final int PARTITIONS = 6;
    private static final long WINDOW = Duration.ofMinutes(10).toMillis();
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startCluster() throws Exception {
        kafka = EmbeddedKafka.start(3, Map.of());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        kafka.close();
    }

    private static ServiceConfig config(Topics topics, Path stateDir) {
        Map<String, String> keys = new HashMap<>(topics.asConfig());
        keys.put(StreamsConfig.APPLICATION_ID_CONFIG, "scale-out");
        keys.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3"); // internal topics, like the others
        keys.put(ServiceConfig.PARTITIONS.name(), Integer.toString(PARTITIONS));
        keys.put(ServiceConfig.REPLICATION.name(), "3");
        keys.put(MetricsConfig.ENABLED.name(), "true");
        // One tumbling 10-minute window holds the whole run.
        keys.put(MetricsConfig.WINDOW_SIZE.name(), "10m");
        keys.put(MetricsConfig.WINDOW_ADVANCE.name(), "10m");
        keys.put(MetricsConfig.WINDOW_GRACE.name(), "10m");
        return ServiceTestConfig.of(kafka.bootstrapServers(), stateDir, keys);
    }

    @Test
    void twoInstancesSplitThePartitionsAndBothAnswerForAll(@TempDir Path stateA, @TempDir Path stateB) throws Exception {
        Topics topics = Topics.withPrefix("scale");
        LabeledImages fixture = MnistFixture.test500();
        int n = 300;
        long t0 = System.currentTimeMillis() / WINDOW * WINDOW - WINDOW; // the previous window: all of it in the past
        DigitModel model = TestModels.shipped();

        try (ClassifierService a = new ClassifierService(config(topics, stateA), model);
                ClassifierService b = new ClassifierService(config(topics, stateB), model)) {
            a.createTopics();
            a.start();
            b.start();
            Set<Integer> partitionsOfA = await(() -> imagePartitions(a, topics), p -> !p.isEmpty() && isStable(a, b, topics),
                    "the images partitions split between both instances");
            Set<Integer> partitionsOfB = imagePartitions(b, topics);
            assertThat(partitionsOfA).doesNotContainAnyElementsOf(partitionsOfB);
            assertThat(partitionsOfB).isNotEmpty();

            Map<String, Integer> labels = publish(topics, fixture, n, t0);
            Map<String, Prediction> predictions = new HashMap<>();
            assertThat(readPredictions(topics, n, predictions)).as("duplicates").isZero();
            assertThat(predictions).hasSize(n);

            URI uriA = a.httpAddress().orElseThrow();
            URI uriB = b.httpAddress().orElseThrow();
            // Both did part of the work; together, all of it.
            await(() -> localPredictions(uriA) + localPredictions(uriB), total -> total == n, "every prediction counted");
            assertThat(localPredictions(uriA)).as("A's share").isPositive();
            assertThat(localPredictions(uriB)).as("B's share").isPositive();
            assertThat(prometheusPredictions(uriA) + prometheusPredictions(uriB)).isEqualTo(n);
            assertThat(getJson(uriA, "api/counters").get("predictions").asLong()).isEqualTo(n);
            assertThat(getJson(uriB, "api/counters").get("predictions").asLong()).isEqualTo(n);

            ConfusionMatrix all = new ConfusionMatrix();
            predictions.values().forEach(p -> all.add(labels.get(p.getId()), p.getDigit()));
            JsonNode fromA = await(() -> timeWindowAt(uriA, "*", t0), w -> w != null && w.get("labeled").asLong() == n,
                    "the window with every outcome, asked of A");
            JsonNode fromB = await(() -> timeWindowAt(uriB, "*", t0), w -> w != null && w.get("labeled").asLong() == n,
                    "the window with every outcome, asked of B");
            assertThat(fromB).isEqualTo(fromA);
            assertThat(JSON.convertValue(fromA.get("confusion"), long[][].class)).isEqualTo(all.toArray());
            for (String source : List.of("scanner-a", "scanner-b")) {
                assertThat(timeWindowAt(uriB, source, t0)).as(source).isEqualTo(timeWindowAt(uriA, source, t0));
            }
            assertThat(getJson(uriA, "api/sources")).isEqualTo(getJson(uriB, "api/sources")).hasSize(3);
        }
    }

    /** Both running, and between them owning every images partition. */
    private static boolean isStable(ClassifierService a, ClassifierService b, Topics topics) {
        if (a.state() != KafkaStreams.State.RUNNING || b.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        Set<Integer> union = new HashSet<>(imagePartitions(a, topics));
        union.addAll(imagePartitions(b, topics));
        return union.size() == PARTITIONS && !imagePartitions(b, topics).isEmpty();
    }

    /** The images partitions whose active tasks run in this instance. */
    private static Set<Integer> imagePartitions(ClassifierService service, Topics topics) {
        Set<Integer> partitions = new HashSet<>();
        for (ThreadMetadata thread : service.streams().metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                task.topicPartitions().stream().filter(tp -> tp.topic().equals(topics.images()))
                        .forEach(tp -> partitions.add(tp.partition()));
            }
        }
        return partitions;
    }

    /** Labeled images from two scanners, record times one window back; returns the labels by id. */
    private static Map<String, Integer> publish(Topics topics, LabeledImages fixture, int n, long t0) {
        Map<String, Integer> labels = new HashMap<>();
        Properties properties = client();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            IntStream.range(0, n).forEach(i -> {
                long t = t0 + 1_000 + i * 100L;
                DigitImage image = DigitRecords.gray8(fixture, i, "scale", i % 2 == 0 ? "scanner-a" : "scanner-b",
                        Instant.ofEpochMilli(t), true);
                labels.put(image.getId(), image.getLabel());
                producer.send(new ProducerRecord<>(topics.images(), null, t, image.getId().getBytes(),
                        ContractSerdes.digitImage().serialize(topics.images(), image)));
            });
        }
        return labels;
    }

    /** Reads the predictions read_committed until {@code expected} distinct ids arrived; returns the duplicates. */
    private static int readPredictions(Topics topics, int expected, Map<String, Prediction> predictions) {
        Properties properties = client();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        int duplicates = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.predictions()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (predictions.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Prediction p = ContractSerdes.prediction().deserialize(record.topic(), record.value());
                    duplicates += predictions.put(p.getId(), p) == null ? 0 : 1;
                }
            }
        }
        return duplicates;
    }

    private static long localPredictions(URI uri) throws Exception {
        return getJson(uri, "api/counters?scope=local").get("predictions").asLong();
    }

    /** The sum of this instance's {@code digits_predictions_total} series (one per source). */
    private static long prometheusPredictions(URI uri) throws Exception {
        return getText(uri, "metrics").lines().filter(line -> line.startsWith("digits_predictions_total{"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static Properties client() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return properties;
    }
}
