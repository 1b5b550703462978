package io.digitstream.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The properties of a consumer that reads assigned partitions outside any group, built from a service's Kafka
 * (Streams) properties: the group settings do not apply to it. Kafka Streams' {@code group.protocol=streams} in
 * particular is no consumer protocol, and a consumer given it refuses to start.
 */
public final class GrouplessConsumer {

    private GrouplessConsumer() {
    }

    /** A copy of {@code kafka} without the group settings. */
    public static Properties properties(Properties kafka) {
        Properties properties = new Properties();
        properties.putAll(kafka);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        properties.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        return properties;
    }
}
