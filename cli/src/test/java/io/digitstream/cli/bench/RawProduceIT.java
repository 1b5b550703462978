package io.digitstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.kafka.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** A record with a negative timestamp, which the Java producer refuses, reaches a real broker and reads back as sent. */
class RawProduceIT {

    @Test
    void writesARecordWithANegativeTimestamp() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode()) {
            kafka.createTopics(List.of("raw"), 2, (short) 1);
            long first = RawProduce.send(kafka.bootstrapServers().split(",")[0], "raw", 1, "k".getBytes(StandardCharsets.UTF_8),
                    "v".getBytes(StandardCharsets.UTF_8), -1L);
            long second = RawProduce.send(kafka.bootstrapServers().split(",")[0], "raw", 1, null, null, -1L);

            assertThat(first).isZero();
            assertThat(second).isEqualTo(1);
            Properties properties = new Properties();
            properties.put("bootstrap.servers", kafka.bootstrapServers());
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                TopicPartition partition = new TopicPartition("raw", 1);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (records.size() < 2 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
                assertThat(records).hasSize(2);
                assertThat(records.get(0).timestamp()).isEqualTo(-1L);
                assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("v");
                assertThat(records.get(1).value()).as("a tombstone").isNull();
            }
        }
    }
}
