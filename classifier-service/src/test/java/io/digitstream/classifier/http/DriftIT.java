package io.digitstream.classifier.http;

import static io.digitstream.classifier.http.ServiceHttp.await;
import static io.digitstream.classifier.http.ServiceHttp.getJson;
import static io.digitstream.classifier.http.ServiceHttp.getText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.classifier.metrics.DriftConfig;
import io.digitstream.classifier.metrics.MetricsConfig;
import io.digitstream.classifier.service.ClassifierService;
import io.digitstream.classifier.service.ServiceConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.dataset.StreamChange;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.DigitModel;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DriftScore;
import io.digitstream.schemas.DriftStatus;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.WindowKind;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift end to end on a real broker, with no label at all: one scanner sends 500 MNIST test images as they are, another
 * the same images turned upside down. The shipped model and its reference from its metadata, the default threshold
 * and minimum: the turned scanner is flagged on {@code /metrics} and on the metrics topic, the upright one is not.
 */
class DriftIT {

    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final String UPRIGHT = "scanner-upright";
    private static final String TURNED = "scanner-turned";

    @Test
    void aScannerSendingTurnedImagesIsFlaggedAndTheOtherIsNot(@TempDir Path state) throws Exception {
        Topics topics = Topics.withPrefix("drift");
        LabeledImages images = MnistFixture.test500();
        DigitModel model = TestModels.shipped();
        assertThat(model.metadata().driftReference()).as("the shipped model's metadata holds its reference").isNotNull();
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            Map<String, String> flags = new HashMap<>(topics.asConfig());
            flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            flags.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
            flags.put(StreamsConfig.APPLICATION_ID_CONFIG, "drift-it");
            flags.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
            flags.put(ServiceConfig.PARTITIONS.name(), "1");
            flags.put(ServiceConfig.REPLICATION.name(), "1");
            flags.put(HttpConfig.PORT.name(), "0");
            // One tumbling window holds the whole stream; predictions without labels come out after 2 s.
            flags.put(MetricsConfig.WINDOW_SIZE.name(), WINDOW.toMillis() + "ms");
            flags.put(MetricsConfig.WINDOW_ADVANCE.name(), WINDOW.toMillis() + "ms");
            flags.put(MetricsConfig.JOIN_WINDOW.name(), "2s");
            flags.put(MetricsConfig.WINDOW_GRACE.name(), "1m");
            flags.put(MetricsConfig.WINDOW_RETENTION.name(), "30m");
            ServiceConfig config = ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags),
                    Path.of("unused"));
            assertThat(config.metrics().drift()).isEqualTo(DriftConfig.DEFAULT);
            try (ClassifierService service = new ClassifierService(config, model)) {
                service.createTopics();
                service.start();
                URI uri = service.httpAddress().orElseThrow();
                await(() -> getJson(uri, "health"), h -> h.get("ready").asBoolean(), "ready");
                // In the middle of the previous window: far from its edges, within the grace of none yet closed.
                long windowStart = Instant.now().toEpochMilli() / WINDOW.toMillis() * WINDOW.toMillis() - WINDOW.toMillis();
                publish(kafka, topics, images, windowStart + WINDOW.toMillis() / 2);

                // Once every prediction has come out of the join (unlabeled, after 2 s), the windows no longer change.
                for (String source : List.of(UPRIGHT, TURNED)) {
                    await(() -> getJson(uri, "api/windows/current?source=" + source),
                            w -> w.get("unlabeled").asLong() == images.count(), source + "'s window complete");
                }
                PrometheusSamples scrape = PrometheusSamples.parse(getText(uri, "metrics"));
                assertThat(drifted(scrape, TURNED)).isEqualTo(1);
                assertThat(drifted(scrape, UPRIGHT)).isEqualTo(0);
                double turnedConfidence = psi(scrape, TURNED, "confidence");
                double uprightConfidence = psi(scrape, UPRIGHT, "confidence");
                System.out.printf("drift of %d MNIST test images, confidence / class PSI: upright %.3f / %.3f, turned 180° %.3f / %.3f%n",
                        images.count(), uprightConfidence, psi(scrape, UPRIGHT, "class"), turnedConfidence, psi(scrape, TURNED, "class"));
                assertThat(Math.max(turnedConfidence, psi(scrape, TURNED, "class"))).isGreaterThan(DriftConfig.DEFAULT.threshold());
                assertThat(Math.max(uprightConfidence, psi(scrape, UPRIGHT, "class"))).isLessThanOrEqualTo(DriftConfig.DEFAULT.threshold());

                JsonNode current = getJson(uri, "api/windows/current?source=" + TURNED);
                assertThat(current.get("labeled").asLong()).isZero();
                assertThat(current.get("unlabeled").asLong()).isEqualTo(images.count());
                assertThat(current.at("/drift/status").asText()).isEqualTo("drifted");
                assertThat(current.at("/drift/confidencePsi").asDouble()).isEqualTo(turnedConfidence);

                Map<String, DriftScore> onTopic = awaitSnapshots(kafka, topics, windowStart, images.count());
                assertThat(onTopic.get(TURNED).getStatus()).isEqualTo(DriftStatus.DRIFTED);
                assertThat(onTopic.get(TURNED).getConfidencePsi()).isEqualTo(turnedConfidence);
                assertThat(onTopic.get(TURNED).getModelVersion()).isEqualTo(model.version());
                assertThat(onTopic.get(UPRIGHT).getStatus()).isEqualTo(DriftStatus.STABLE);
                assertThat(onTopic.get(UPRIGHT).getConfidencePsi()).isEqualTo(uprightConfidence);
                assertThat(onTopic.get(UPRIGHT).getPredictions()).isEqualTo(images.count());
            }
        }
    }

    private static double drifted(PrometheusSamples scrape, String source) {
        return scrape.samples("digits_window_drifted").stream().filter(s -> s.labels().get("source").equals(source))
                .peek(s -> assertThat(s.labels()).containsEntry("window", "time").containsKey("model_version"))
                .findFirst().orElseThrow().value();
    }

    private static double psi(PrometheusSamples scrape, String source, String distribution) {
        return scrape.samples("digits_window_drift_psi").stream().filter(s -> s.labels().get("source").equals(source)
                && s.labels().get("distribution").equals(distribution)).findFirst().orElseThrow().value();
    }

    /** Each image twice, upright and turned, no label; record times {@code t}, {@code t + 1 ms}, ... */
    private static void publish(EmbeddedKafka kafka, Topics topics, LabeledImages images, long t) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < images.count(); i++) {
                for (String source : List.of(UPRIGHT, TURNED)) {
                    DigitImage image = DigitRecords.gray8(images, i, source, source, Instant.ofEpochMilli(t + i), false);
                    if (source.equals(TURNED)) {
                        image = StreamChange.ROT180.apply(image);
                    }
                    producer.send(new ProducerRecord<>(topics.images(), null, t + i,
                            image.getId().getBytes(StandardCharsets.UTF_8), ContractSerdes.digitImage().serialize(topics.images(), image)));
                }
            }
        }
    }

    /** The latest time-window snapshot of each scanner once it counts every image. */
    private static Map<String, DriftScore> awaitSnapshots(EmbeddedKafka kafka, Topics topics, long windowStart, long images) {
        Map<String, MetricsSnapshot> latest = new HashMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.metrics()).stream()
                    .map(p -> new TopicPartition(topics.metrics(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    MetricsSnapshot s = ContractSerdes.metricsSnapshot().deserialize(r.topic(), r.value());
                    if (s.getWindow() == WindowKind.TIME && s.getWindowStart().toEpochMilli() == windowStart) {
                        latest.put(s.getSource(), s);
                    }
                }
                if (List.of(UPRIGHT, TURNED).stream().allMatch(source -> latest.containsKey(source)
                        && latest.get(source).getUnlabeled() == images)) {
                    Map<String, DriftScore> drift = new HashMap<>();
                    latest.forEach((source, s) -> drift.put(source, s.getDrift()));
                    return drift;
                }
            }
        }
        throw new AssertionError("no complete snapshots of both scanners on the metrics topic; latest: " + latest);
    }
}
