package io.digitstream.cli.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far a consumer group is behind, counted in committed records: a lag by offsets alone never reaches 0 on a topic
 * written with transactions (the last commit marker takes an offset no consumer commits past), so the records between
 * the group's committed offset and the end are read ({@code read_committed}) and counted, up to {@link #COUNT_CAP}.
 */
final class ConsumerLag implements AutoCloseable {

    /** Counting stops here: a partition this far behind is stalled, however much further it is. */
    static final int COUNT_CAP = 1_000;
    /**
     * Reading the partitions' rest stops after this long: what stays unreadable that long sits behind a transaction
     * still open (the service's own, in progress), which is no lag.
     */
    private static final Duration READING = Duration.ofSeconds(10);

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;

    ConsumerLag(Properties clientProperties) {
        this.admin = Admin.create(clientProperties);
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The partitions of {@code topics}, and of any other topic the group committed offsets for (internal repartition
     * topics), with committed records the group has not consumed; by partition, the number of such records (capped).
     */
    Map<String, Integer> behind(String groupId, Collection<String> topics, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
        for (TopicDescription topic : admin.describeTopics(topics).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).values()) {
            topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> from = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long start = offset != null ? offset.offset() : beginnings.get(partition);
            if (start < ends.get(partition)) {
                from.put(partition, start);
            }
        }
        Map<String, Integer> behind = new TreeMap<>();
        recordsBetween(from, ends).forEach((partition, records) -> {
            if (records > 0) {
                behind.put(partition.toString(), records);
            }
        });
        return behind;
    }

    /** The committed records of each partition from its offset in {@code from} to its end, read all at once. */
    private Map<TopicPartition, Integer> recordsBetween(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Integer> records = new HashMap<>();
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        Set<TopicPartition> reading = new HashSet<>(from.keySet());
        long deadline = System.nanoTime() + READING.toNanos();
        while (!reading.isEmpty() && System.nanoTime() < deadline) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < ends.get(partition)) {
                    records.merge(partition, 1, Integer::sum);
                }
            }
            reading.removeIf(partition -> consumer.position(partition) >= ends.get(partition)
                    || records.getOrDefault(partition, 0) >= COUNT_CAP);
            consumer.pause(from.keySet().stream().filter(partition -> !reading.contains(partition)).toList());
        }
        consumer.unsubscribe();
        return records;
    }

    @Override
    public void close() {
        consumer.close();
        admin.close();
    }
}
