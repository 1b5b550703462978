package io.digitstream.tools.verify;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.schemas.serde.SingleObjectSerde;
import io.digitstream.verify.InputIds;
import io.digitstream.verify.InputRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The input side of the conservation check: every committed record of the images topic, from the beginning to its
 * current end, with its position and id. A record is named as the classifier's output will name it (see
 * {@link InputIds}), so a record that is not an image is matched with its dead letter too.
 */
public final class InputCensus {

    /** As long as the output ledger waits for its topics: an unreachable cluster is reported within it. */
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final SingleObjectSerde<DigitImage> images = ContractSerdes.digitImage();
    private final List<InputRecord> records = new ArrayList<>();

    private InputCensus() {
    }

    /** Reads the whole topic ({@code read_committed}, assigned, no consumer group). */
    public static InputCensus read(Properties kafkaProperties, String topic, Duration timeout) {
        Properties properties = new Properties();
        properties.putAll(kafkaProperties);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        InputCensus census = new InputCensus();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new UnknownTopicOrPartitionException("topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading topic " + topic + " took longer than " + timeout.toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(census::count);
            }
        }
        return census;
    }

    private void count(ConsumerRecord<byte[], byte[]> record) {
        records.add(new InputRecord(record.topic(), record.partition(), record.offset(), idOf(record)));
    }

    private String idOf(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() != null) {
            try {
                return images.deserialize(record.topic(), record.value()).getId();
            } catch (SerializationException e) {
                // not an image: the classifier dead-letters it under its key, as below
            }
        }
        return InputIds.ofUnreadable(record.key(), record.topic(), record.partition(), record.offset());
    }

    /** The records read, in the order read. */
    public List<InputRecord> records() {
        return records;
    }

    /** The distinct input ids; fewer than {@link #records()} when a producer published an id twice. */
    public Set<String> ids() {
        Set<String> ids = new HashSet<>();
        records.forEach(record -> ids.add(record.id()));
        return ids;
    }
}
