package io.digitstream.cli.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
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
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
     * Reading one partition's rest stops after this long: what stays unreadable that long sits behind a transaction
     * still open (the service's own, in progress), which is no lag.
     */
    private static final Duration PER_PARTITION = Duration.ofSeconds(5);

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
        Map<String, Integer> behind = new TreeMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long from = offset != null ? offset.offset() : beginnings.get(partition);
            if (from < ends.get(partition)) {
                int records = recordsBetween(partition, from, ends.get(partition), PER_PARTITION);
                if (records > 0) {
                    behind.put(partition.toString(), records);
                }
            }
        }
        return behind;
    }

    private int recordsBetween(TopicPartition partition, long from, long end, Duration timeout) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        int records = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(partition) < end && records < COUNT_CAP && System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(200));
            for (var record : polled) {
                if (record.offset() < end) {
                    records++;
                }
            }
        }
        return records;
    }

    @Override
    public void close() {
        consumer.close();
        admin.close();
    }
}
