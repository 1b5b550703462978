package io.digitstream.classifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.idx.LabeledImages;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.TestModels;
import io.digitstream.testing.MnistFixture;
import io.digitstream.verify.OutputLedger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
            ServiceConfig config = BatchBufferRecoveryIT.config(kafka, state, ServiceConfig.BATCH_SIZE.defaultValue().toString(),
                    ServiceConfig.BATCH_MAX_DELAY_MS.defaultValue().toString());
            List<String> ids;
            try (ClassifierService service = new ClassifierService(config, TestModels.shipped())) {
                service.createTopics();
                service.start();
                OutputLedger ledger = new OutputLedger(BatchBufferRecoveryIT.clientProperties(kafka), config.topics());
                ids = BatchBufferRecoveryIT.publish(kafka, config, fixture, n);
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
        Properties props = BatchBufferRecoveryIT.clientProperties(kafka);
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
}
