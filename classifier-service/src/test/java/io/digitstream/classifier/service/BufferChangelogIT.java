package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.http.HttpConfig;
import io.digitstream.config.LayeredConfig;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.TestModels;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import io.digitstream.verify.OutputLedger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * What the micro-batch buffer costs the broker: a record that is classified before the next commit never reaches the
 * buffer's changelog (the store's cache absorbs its entry), so a steady stream writes each image once (its input) plus
 * a small tombstone, not a second full copy.
 */
class BufferChangelogIT {

    @Test
    void recordsClassifiedWithinACommitIntervalAreNotCopiedToTheChangelog(@TempDir Path state) throws Exception {
        int n = 2000;
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            LabeledImages fixture = MnistFixture.test500();
            ServiceConfig config = config(kafka, state);
            List<String> ids;
            try (ClassifierService service = new ClassifierService(config, TestModels.shipped())) {
                service.createTopics();
                service.start();
                OutputLedger ledger = new OutputLedger(clientProperties(kafka), config.topics());
                ids = publish(kafka, config, fixture, n);
                assertThat(ledger.awaitOutputs(n, Duration.ofSeconds(120), () -> { })).isTrue();
                ledger.poll(Duration.ofSeconds(1));
                assertThat(ledger.check(ids).holds()).as(ledger.check(ids).toString()).isTrue();
                ledger.close();
            }
            long[] entries = changelog(kafka, config);
            System.out.printf("BufferChangelogIT: %d images -> %d buffer entries (%d bytes), %d tombstones%n",
                    n, entries[0], entries[1], entries[2]);
            assertThat(entries[0]).as("full buffer entries in the changelog").isLessThan(n / 4);
            assertThat(entries[2]).as("tombstones: one per classified image at most").isLessThanOrEqualTo(n);
        }
    }

    /** {values, value bytes, tombstones} committed to the buffer's changelog. */
    private static long[] changelog(EmbeddedKafka kafka, ServiceConfig config) {
        String application = config.streams().getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        String topic = application + "-classify-buffer-changelog";
        Properties props = clientProperties(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long[] counts = new long[3];
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        counts[2]++;
                    } else {
                        counts[0]++;
                        counts[1] += record.value().length;
                    }
                }
            }
        }
        return counts;
    }

    private static ServiceConfig config(EmbeddedKafka kafka, Path stateDir) throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        flags.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        flags.put(ServiceConfig.PARTITIONS.name(), "2");
        flags.put(ServiceConfig.REPLICATION.name(), "1");
        flags.put(HttpConfig.PORT.name(), "0");
        return ServiceConfig.from(LayeredConfig.load(ServiceConfig.defaults(), null, Map.of(), flags), Path.of("unused"));
    }

    private static List<String> publish(EmbeddedKafka kafka, ServiceConfig config, LabeledImages fixture, int n) {
        Properties props = clientProperties(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                DigitImage image = DigitRecords.gray8(fixture, i % fixture.count(), "changelog-" + i, "s", Instant.now(), true);
                ids.add(image.getId());
                producer.send(new ProducerRecord<>(config.topics().images(), image.getId().getBytes(),
                        ContractSerdes.digitImage().serialize(config.topics().images(), image)));
            }
        }
        return ids;
    }

    private static Properties clientProperties(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return props;
    }
}
