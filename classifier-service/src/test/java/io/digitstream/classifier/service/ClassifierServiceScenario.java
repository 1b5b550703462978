package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
 * The service on a real broker, exactly-once: every input ends as one prediction or one dead letter.
 * Subclasses provide the broker (in-JVM KRaft, or a container where Docker exists).
 */
abstract class ClassifierServiceScenario {

    /** Bootstrap servers of a running single-node cluster. */
    abstract String bootstrapServers();

    @Test
    void classifiesLabeledImagesAndDeadLettersBadRecordsWithoutLosingAny(@TempDir Path stateDir) throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        flags.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        flags.put(ServiceConfig.PARTITIONS.name(), "3");
        flags.put(ServiceConfig.REPLICATION.name(), "1");
        flags.put(HttpConfig.PORT.name(), "0");
        ServiceConfig config = ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags),
                Path.of("unused"));
        Topics topics = config.topics();
        LabeledImages fixture = MnistFixture.test500();
        int good = 300;
        int bad = 30;

        try (ClassifierService service = new ClassifierService(config, TestModels.shipped())) {
            service.createTopics();
            service.start();
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (int i = 0; i < good; i++) {
                    DigitImage image = DigitRecords.gray8(fixture, i, "it", "scanner-it", Instant.now(), true);
                    producer.send(new ProducerRecord<>(topics.images(), image.getId().getBytes(),
                            ContractSerdes.digitImage().serialize(topics.images(), image)));
                    if (i % 10 == 0) {
                        producer.send(new ProducerRecord<>(topics.images(), ("bad-" + i).getBytes(), ("garbage " + i).getBytes()));
                    }
                }
            }

            Map<String, Prediction> predictions = new HashMap<>();
            Map<String, DeadLetter> deadLetters = new HashMap<>();
            int duplicates = readUntil(topics, good + bad, predictions, deadLetters);

            // still alive; with two stream threads a follow-up rebalance may be under way
                assertThat(service.state().isRunningOrRebalancing()).as("state %s", service.state()).isTrue();
            assertThat(duplicates).isZero();
            assertThat(predictions).hasSize(good);
            assertThat(deadLetters).hasSize(bad);
            Set<String> ids = new HashSet<>(predictions.keySet());
            ids.addAll(deadLetters.keySet());
            assertThat(ids).as("inputs = predictions + dead letters, each id once").hasSize(good + bad);
            long correct = predictions.values().stream().filter(p -> p.getDigit() == p.getLabel()).count();
            assertThat((double) correct / good).isGreaterThan(0.9);
            assertThat(deadLetters.get("bad-0").getReason()).contains("not an Avro single-object encoded");
        }
    }

    /** Reads both output topics read_committed until {@code expected} records arrived; returns duplicate count. */
    private int readUntil(Topics topics, int expected, Map<String, Prediction> predictions,
            Map<String, DeadLetter> deadLetters) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        int duplicates = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new java.util.ArrayList<>();
            for (String topic : List.of(topics.predictions(), topics.deadLetters())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (predictions.size() + deadLetters.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(topics.predictions())) {
                        Prediction p = ContractSerdes.prediction().deserialize(record.topic(), record.value());
                        duplicates += predictions.put(p.getId(), p) == null ? 0 : 1;
                    } else {
                        DeadLetter d = ContractSerdes.deadLetter().deserialize(record.topic(), record.value());
                        duplicates += deadLetters.put(d.getImageId(), d) == null ? 0 : 1;
                    }
                }
            }
        }
        return duplicates;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
