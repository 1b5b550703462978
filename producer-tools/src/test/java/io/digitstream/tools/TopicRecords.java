package io.digitstream.tools;

import io.digitstream.tools.tail.StartAt;
import io.digitstream.tools.tail.TopicTail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads back what the tests published. */
public final class TopicRecords {

    /** How long a topic must stay quiet before all its records are taken to have been read. */
    public static final Duration QUIET = Duration.ofSeconds(2);

    private TopicRecords() {
    }

    /** Every record of a topic, read committed through the tail helper until the topic has been quiet a while. */
    public static <V> List<ConsumerRecord<String, V>> readAll(Properties client, String topic, Deserializer<V> values) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (TopicTail<V> tail = new TopicTail<>(client, topic, values, StartAt.BEGINNING)) {
            tail.follow(0, QUIET, records::add);
        }
        return records;
    }
}
