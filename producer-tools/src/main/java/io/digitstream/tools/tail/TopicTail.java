package io.digitstream.tools.tail;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of a topic, seeing only records of committed transactions, as the classifier's
 * exactly-once output is meant to be seen. Partitions are assigned, not subscribed: tailing joins no consumer
 * group and commits nothing. Not thread-safe, like the consumer it wraps.
 */
public final class TopicTail<V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicTail.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final KafkaConsumer<String, V> consumer;
    /** Polled but not yet handed over: a read that stops early leaves the rest of a batch for the next one. */
    private final Deque<ConsumerRecord<String, V>> pending = new ArrayDeque<>();

    /**
     * @param kafkaProperties client properties, at least {@code bootstrap.servers}
     * @throws UnknownTopicOrPartitionException if the topic does not exist
     */
    public TopicTail(Properties kafkaProperties, String topic, Deserializer<V> values, StartAt start) {
        Properties properties = new Properties();
        properties.putAll(kafkaProperties);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), values);
        try {
            assignAll(topic, start);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    public static TopicTail<Prediction> predictions(Properties kafkaProperties, String topic, StartAt start) {
        return new TopicTail<>(kafkaProperties, topic, ContractSerdes.prediction(), start);
    }

    public static TopicTail<DeadLetter> deadLetters(Properties kafkaProperties, String topic, StartAt start) {
        return new TopicTail<>(kafkaProperties, topic, ContractSerdes.deadLetter(), start);
    }

    private void assignAll(String topic, StartAt start) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        if (partitions.isEmpty()) {
            throw new UnknownTopicOrPartitionException("topic " + topic + " does not exist");
        }
        consumer.assign(partitions);
        if (start == StartAt.BEGINNING) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // Seeks are lazy: resolve them now, or "the end" would be wherever the topic ends at the first poll.
        partitions.forEach(consumer::position);
    }

    /**
     * Hands records to {@code onRecord} as they arrive.
     *
     * @param max stop after this many records; 0 for no limit
     * @param idleTimeout stop when no record has arrived for this long; null to go on until interrupted
     * @return the number of records handed over
     */
    public int follow(int max, Duration idleTimeout, Consumer<ConsumerRecord<String, V>> onRecord) {
        return poll(max, idleTimeout, true, onRecord);
    }

    /** Collects values until {@code expected} have arrived or {@code timeout} has passed, whichever is first. */
    public List<V> read(int expected, Duration timeout) {
        if (expected <= 0) {
            throw new IllegalArgumentException("expected must be positive, not " + expected);
        }
        List<V> values = new ArrayList<>();
        poll(expected, timeout, false, record -> values.add(record.value()));
        return values;
    }

    /** @param restartOnRecord whether each record restarts the timeout (idle) or it counts from the start (total) */
    private int poll(int max, Duration timeout, boolean restartOnRecord,
            Consumer<ConsumerRecord<String, V>> onRecord) {
        long timeoutNanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        long since = System.nanoTime();
        int count = 0;
        while ((max <= 0 || count < max) && System.nanoTime() - since < timeoutNanos) {
            if (pending.isEmpty()) {
                pollIntoPending();
            }
            ConsumerRecord<String, V> record = pending.poll();
            if (record != null) {
                onRecord.accept(record);
                count++;
                if (restartOnRecord) {
                    since = System.nanoTime();
                }
            }
        }
        return count;
    }

    /** A record that cannot be decoded would otherwise fail every poll from then on. */
    private void pollIntoPending() {
        try {
            consumer.poll(POLL_INTERVAL).forEach(pending::add);
        } catch (RecordDeserializationException e) {
            log.warn("Skipping undecodable record at {} offset {}: {}", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
